package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY FROM STDIN rows are seen by later statements of their transaction and undone with it. */
class CopyTest {
  @TempDir Path dir;
  SqlFixture db;

  @BeforeEach
  void open() {
    db = new SqlFixture(dir);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private String copy(String sql, String data) {
    Copy c = db.run(sql).copy;
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    c.data(java.util.Arrays.copyOfRange(bytes, 0, bytes.length / 2));
    c.data(java.util.Arrays.copyOfRange(bytes, bytes.length / 2, bytes.length));
    return c.finish();
  }

  @Test
  void copiedRowsAreReadInTheirTransactionAndRolledBackWithIt() {
    db.run("create table h (a int, b text)");
    StringBuilder data = new StringBuilder();
    for (int i = 1; i <= 3000; i++) {
      data.append(i).append('\t').append(i % 7 == 0 ? "\\N" : "t\\\\" + i).append('\n');
    }
    db.run("begin");
    assertEquals("COPY 3000", copy("copy h from stdin", data.toString()));
    assertEquals("3000", db.one("select count(*) from h"));
    assertEquals("t\\12", db.one("select b from h where a = 12"));
    assertEquals(
        List.of(List.of("14", "NULL")),
        db.rows("select a, coalesce(b, 'NULL') from h where a = 14"));
    db.run("insert into h values (0, 'zero')");
    assertEquals("3001", db.one("select count(*) from h"));
    db.run("rollback");
    assertEquals("0", db.one("select count(*) from h"));
    assertEquals("COPY 2", copy("copy h from stdin", "1\tone\n2\ttwo\n"));
    assertEquals("two", db.one("select b from h where a = 2"));
  }

  @Test
  void aCopyAfterOtherWritesInItsTransactionCommitsEverything() {
    // pgbench -i: small tables written first, then the big one copied, then one commit
    db.run("create table small (id int primary key, v int)");
    db.run("create table big (a int, b text)");
    db.run("begin");
    db.run("insert into small values (2, 20), (1, 10)");
    StringBuilder data = new StringBuilder();
    for (int i = 1; i <= 10_000; i++) {
      data.append(i).append('\t').append("row").append(i).append('\n');
    }
    assertEquals("COPY 10000", copy("copy big from stdin", data.toString()));
    db.run("insert into small values (3, 30)");
    db.run("commit");
    assertEquals("10000", db.one("select count(*) from big"));
    assertEquals("row9999", db.one("select b from big where a = 9999"));
    assertEquals("60", db.one("select sum(v) from small"));
    db.close();
    db = new SqlFixture(dir);
    assertEquals("10000", db.one("select count(*) from big"), "after a restart");
    assertEquals("60", db.one("select sum(v) from small"));
  }
}
