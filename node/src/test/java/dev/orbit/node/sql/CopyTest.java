package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** COPY FROM STDIN rows are seen by later statements of their transaction and undone with it. */
class CopyTest extends SqlTestCase {
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

  private static String rows(int from, int to) {
    StringBuilder data = new StringBuilder();
    for (int i = from; i <= to; i++) {
      data.append(i).append('\t').append("row").append(i).append('\n');
    }
    return data.toString();
  }

  @Test
  void aLargeCopyIsStoredWhenItsTransactionCommitsAndNotBefore() {
    // past the size from which the copied rows are written to files while they arrive
    db.run("create table big (a int, b text)");
    db.run("create table small (a int, b text)");
    db.run("begin");
    db.run("insert into small values (1, 'one')");
    assertEquals("COPY 100000", copy("copy big from stdin", rows(1, 100_000)));
    SqlFixture other = new SqlFixture(db);
    assertEquals("0", other.one("select count(*) from big"), "not visible to others yet");
    db.run("commit");
    assertEquals("100000", other.one("select count(*) from big"));
    assertEquals("row77777", other.one("select b from big where a = 77777"));
    assertEquals("one", other.one("select b from small"));
    other.close();
    db.run("begin");
    assertEquals("COPY 80000", copy("copy big from stdin", rows(100_001, 180_000)));
    db.run("rollback");
    assertEquals("100000", db.one("select count(*) from big"), "a rolled back COPY stores nothing");
    db.close();
    db = new SqlFixture(dir);
    assertEquals("100000", db.one("select count(*) from big"), "after a restart");
    assertEquals("row100000", db.one("select b from big where a = 100000"));
  }

  @Test
  void aLargeCopyReadBeforeItsCommitIsStoredAllTheSame() {
    db.run("create table big (a int, b text)");
    db.run("begin");
    assertEquals("COPY 90000", copy("copy big from stdin", rows(1, 90_000)));
    assertEquals("90000", db.one("select count(*) from big"), "the transaction sees its rows");
    assertEquals("COPY 10000", copy("copy big from stdin", rows(90_001, 100_000)));
    db.run("delete from big where a <= 10");
    db.run("commit");
    assertEquals("99990", db.one("select count(*) from big"));
    assertEquals("row90001", db.one("select b from big where a = 90001"));
  }

  @Test
  void fieldsParseFromBytesLikeFromText() {
    db.run("create table f (i int, s smallint, l bigint, t text, c char(3))");
    String data =
        "1\t-2\t+3\tcaf\u00e9 \u65e5\u672c\tab\r\n"
            + "\\N\t\\N\t9223372036854775807\ttab\\there\t\\N\n"
            + "-2147483648\t32767\t-9223372036854775808\t\t \n";
    assertEquals("COPY 3", copy("copy f from stdin", data));
    assertEquals(
        List.of(
            // char(3) is blank-padded, as in PostgreSQL
            List.of("-2147483648", "32767", "-9223372036854775808", "", "   "),
            List.of("1", "-2", "3", "caf\u00e9 \u65e5\u672c", "ab "),
            List.of("N", "N", "9223372036854775807", "tab\there", "N")),
        db.rows(
            "select coalesce(i::text, 'N'), coalesce(s::text, 'N'), l, t, coalesce(c, 'N')"
                + " from f order by i nulls last"));
  }

  @Test
  void badFieldsFailTheCopyWithTheirSqlState() {
    db.run("create table g (i int, s smallint)");
    assertEquals("22P02", copyError("1\tx\n").sqlState());
    assertEquals("22P02", copyError("1\t-\n").sqlState());
    assertEquals("22P02", copyError("1\t\n").sqlState());
    assertEquals("22003", copyError("1\t32768\n").sqlState());
    assertEquals("22003", copyError("2147483648\t1\n").sqlState());
    assertEquals("22P04", copyError("1\n").sqlState());
    assertEquals("22P04", copyError("1\t2\t3\n").sqlState());
    assertEquals("0", db.one("select count(*) from g"));
  }

  @Test
  void aDelimiterMustBeOneSingleByteCharacter() {
    db.run("create table d (a int, b text)");
    assertEquals("COPY 1", copy("copy d from stdin with (delimiter ';')", "1;x\n"));
    assertEquals("x", db.one("select b from d where a = 1"));
    for (String bad : List.of("';;'", "''", "'\u00e9'")) {
      SqlException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              SqlException.class, () -> db.run("copy d from stdin with (delimiter " + bad + ")"));
      assertEquals("0A000", e.sqlState(), bad);
    }
    SqlException nl =
        org.junit.jupiter.api.Assertions.assertThrows(
            SqlException.class, () -> db.run("copy d from stdin with (delimiter '\n')"));
    assertEquals("22023", nl.sqlState());
  }

  private SqlException copyError(String data) {
    return org.junit.jupiter.api.Assertions.assertThrows(
        SqlException.class, () -> copy("copy g from stdin", data));
  }

  @Test
  void aWriteOutOfKeyOrderAfterALargeCopyTakesTheRowsBackAndCommitsEverything() {
    db.run("create table first (a int, b text)");
    db.run("create table big (a int, b text)");
    db.run("begin");
    assertEquals("COPY 70000", copy("copy big from stdin", rows(1, 70_000)));
    // rows of an older table sort before the copied ones: the run cannot take them
    db.run("insert into first values (1, 'one')");
    assertEquals("COPY 5000", copy("copy big from stdin", rows(70_001, 75_000)));
    db.run("commit");
    assertEquals("75000", db.one("select count(*) from big"));
    assertEquals("row70000", db.one("select b from big where a = 70000"));
    assertEquals("row75000", db.one("select b from big where a = 75000"));
    assertEquals("one", db.one("select b from first"));
  }
}
