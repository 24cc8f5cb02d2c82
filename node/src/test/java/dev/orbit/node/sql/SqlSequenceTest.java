package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequence options and functions, each expectation as PostgreSQL 15 answers it. */
class SqlSequenceTest extends SqlTestCase {
  private SqlException error(String sql) {
    return assertThrows(SqlException.class, () -> db.run(sql));
  }

  private void fails(String sql, String state, String message) {
    SqlException e = error(sql);
    assertEquals(state + " " + message, e.sqlState() + " " + e.getMessage());
  }

  @Test
  void incrementCycleAndNegativeSteps() {
    db.run("create sequence s_by2 increment by 2");
    assertEquals(List.of(List.of("1", "3")), db.rows("select nextval('s_by2'), nextval('s_by2')"));
    db.run("create sequence s_cyc maxvalue 3 cycle");
    assertEquals(
        List.of(List.of("1", "2", "3", "1")),
        db.rows("select nextval('s_cyc'), nextval('s_cyc'), nextval('s_cyc'), nextval('s_cyc')"));
    db.run("create sequence s_neg increment by -1");
    assertEquals(
        List.of(List.of("-1", "-2")), db.rows("select nextval('s_neg'), nextval('s_neg')"));
  }

  @Test
  void nextvalFailsAtTheLimitWithoutCycle() {
    db.run("create sequence s_lim maxvalue 2");
    assertEquals("1", db.one("select nextval('s_lim')"));
    assertEquals("2", db.one("select nextval('s_lim')"));
    fails(
        "select nextval('s_lim')",
        "2200H",
        "nextval: reached maximum value of sequence \"s_lim\" (2)");
    db.run("create sequence s_neglim increment -5 minvalue -12 start -3");
    assertEquals("-3", db.one("select nextval('s_neglim')"));
    assertEquals("-8", db.one("select nextval('s_neglim')"));
    fails(
        "select nextval('s_neglim')",
        "2200H",
        "nextval: reached minimum value of sequence \"s_neglim\" (-12)");
    db.run("create sequence s_small as smallint start 32766");
    assertEquals("32766", db.one("select nextval('s_small')"));
    assertEquals("32767", db.one("select nextval('s_small')"));
    fails(
        "select nextval('s_small')",
        "2200H",
        "nextval: reached maximum value of sequence \"s_small\" (32767)");
  }

  @Test
  void invalidOptionsAreRefusedAsPostgresqlDoes() {
    fails(
        "create sequence b1 as smallint maxvalue 40000",
        "22023",
        "MAXVALUE (40000) is out of range for sequence data type smallint");
    fails("create sequence b2 increment 0", "22023", "INCREMENT must not be zero");
    fails(
        "create sequence b3 minvalue 5 maxvalue 5",
        "22023",
        "MINVALUE (5) must be less than MAXVALUE (5)");
    fails(
        "create sequence b4 start 0", "22023", "START value (0) cannot be less than MINVALUE (1)");
    fails(
        "create sequence b5 as text",
        "22023",
        "sequence type must be smallint, integer, or bigint");
    fails("create sequence b6 cache 0", "22023", "CACHE (0) must be greater than zero");
    assertEquals("0", db.one("select count(*) from pg_sequence"));
  }

  @Test
  void qualifiedNamesSetvalCurrvalLastvalAndAlter() {
    db.run("create sequence public.s_pub start 100 cache 20");
    assertEquals(
        List.of(List.of("100", "101", "101", "101")),
        db.rows("select nextval('s_pub'), nextval('public.s_pub'), currval('s_pub'), lastval()"));
    db.run("select setval('s_pub', 5, false)");
    assertEquals("5", db.one("select nextval('s_pub')"));
    fails(
        "select setval('s_pub', 0)",
        "22003",
        "setval: value 0 is out of bounds for sequence \"s_pub\" (1..9223372036854775807)");
    db.run("alter sequence s_pub restart with 7");
    assertEquals("7", db.one("select nextval('s_pub')"));
    db.run("alter sequence s_pub restart");
    assertEquals("100", db.one("select nextval('s_pub')"));
    db.run("alter sequence public.s_pub increment by 10 maxvalue 130");
    fails(
        "alter sequence s_pub restart with 200",
        "22023",
        "RESTART value (200) cannot be greater than MAXVALUE (130)");
    assertEquals(
        List.of(List.of("20", "100", "10", "130", "1", "20", "f")),
        db.rows(
            "select seqtypid, seqstart, seqincrement, seqmax, seqmin, seqcache, seqcycle"
                + " from pg_sequence"));
    db.run("create sequence s_i as integer increment -1");
    db.run("alter sequence s_pub as integer");
    assertEquals(
        List.of(List.of("23", "-1", "-1", "-2147483648"), List.of("23", "100", "130", "1")),
        db.rows("select seqtypid, seqstart, seqmax, seqmin from pg_sequence order by seqstart"));
  }

  @Test
  void ownedSequencesGoWithTheirTableOthersStay() {
    db.run("create table t (id serial, v int)");
    db.run("create sequence s_own owned by t.v");
    fails(
        "alter sequence s_own owned by t.nope",
        "42703",
        "column \"nope\" of relation \"t\" does not exist");
    fails("alter sequence s_own owned by nope.v", "42P01", "relation \"nope\" does not exist");
    db.run("create sequence s_keep");
    db.run("create table u (a int default nextval('s_keep'))");
    db.run("drop table t");
    db.run("drop table u");
    assertEquals("42P01", error("select nextval('s_own')").sqlState());
    assertEquals("42P01", error("select nextval('t_id_seq')").sqlState());
    assertEquals("1", db.one("select nextval('s_keep')"));
    db.run("drop sequence public.s_keep");
    fails("select lastval()", "55000", "lastval is not yet defined in this session");
  }

  @Test
  void quotedNamesKeepTheirCase() {
    db.run("create sequence \"MixedSeq\"");
    assertEquals("1", db.one("select nextval('\"MixedSeq\"')"));
    assertEquals("42P01", error("select nextval('MixedSeq')").sqlState());
  }

  @Test
  void serialSequencesTakeTheColumnsTypeAndRenamesKeepOwnership() {
    db.run("create table r (id serial, b bigserial)");
    assertEquals(
        List.of(List.of("20", "9223372036854775807"), List.of("23", "2147483647")),
        db.rows("select seqtypid, seqmax from pg_sequence order by seqtypid"));
    db.run("alter table r rename to r2");
    db.run("drop table r2");
    assertEquals("0", db.one("select count(*) from pg_sequence"));
  }

  @Test
  void valuesAreNeverReusedAfterARestartAndDroppedDatabasesForgetTheirSequences() {
    db.run("create sequence s increment by -3 minvalue -1000");
    assertEquals("-1", db.one("select nextval('s')"));
    assertEquals("-4", db.one("select nextval('s')"));
    db.run("create sequence f start 5");
    db.run("create database other");
    db.close();
    db = new SqlFixture(dir);
    long v = Long.parseLong(db.one("select nextval('s')"));
    assertEquals(true, v < -4 && (v + 1) % 3 == 0, "got " + v);
    assertEquals("5", db.one("select nextval('f')"), "a sequence never called starts at START");
  }
}
