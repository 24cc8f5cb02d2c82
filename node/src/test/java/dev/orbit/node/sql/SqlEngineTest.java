package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlEngineTest {
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

  @Test
  void parameterTypesAreInferredFromTheirTargetColumns() {
    db.run("create table kv (k bigint primary key, d date, ts timestamp, n numeric(5,2), t text)");
    Session.Prepared p =
        db.session.prepare(
            "insert into kv (k, d, ts, n, t) values ($1, $2, $3, $4, $5)", new int[0]);
    assertArrayEquals(
        new PgType[] {PgType.INT8, PgType.DATE, PgType.TIMESTAMP, PgType.NUMERIC, PgType.TEXT},
        p.parameterTypes());
    Session.Prepared q = db.session.prepare("select t from kv where k = $1 and n > $2", new int[0]);
    assertArrayEquals(new PgType[] {PgType.INT8, PgType.NUMERIC}, q.parameterTypes());
  }

  @Test
  void primaryKeyLookupsAndRangesNeverScanTheTable() {
    db.run("create table t (a int, b int, c text, primary key (a, b))");
    db.run("insert into t select g, g % 3, 'x' from generate_series(1, 50) g");
    assertEquals("Point Get on t using t_pkey", db.plan("select * from t where a = 5 and b = 2"));
    assertEquals("Range Scan on t using t_pkey", db.plan("select * from t where a = 5"));
    assertEquals(
        "Range Scan on t using t_pkey", db.plan("select * from t where a between 3 and 7"));
    assertEquals("Multi Get on t using t_pkey", db.plan("select * from t where a in (1, 2)"));
    assertEquals("Seq Scan on t", db.plan("select * from t where c = 'x'"));
    assertEquals(
        List.of(List.of("3"), List.of("4"), List.of("5")),
        db.rows("select a from t where a > 2 and a <= 5 order by a"));
    assertEquals("1", db.one("select count(*) from t where a = 5 and b = 2"));
    assertEquals(
        "Update on t\n  -> Point Get on t using t_pkey",
        db.plan("update t set c = 'y' where a = 1 and b = 1"));
  }
}
