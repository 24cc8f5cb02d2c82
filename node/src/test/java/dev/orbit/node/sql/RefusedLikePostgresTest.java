package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Statements PostgreSQL 15 refuses are refused here too, with its SQLSTATE and message (every
 * expectation taken from PostgreSQL 15.18 on the same statements), and their valid neighbours run.
 */
class RefusedLikePostgresTest extends SqlTestCase {
  @BeforeEach
  void tables() {
    db.run("create table t (a int, b numeric(3,0), c varchar(5))");
    db.run("insert into t values (1, 2, 'x'), (2, 3, 'y')");
  }

  private static List<List<String>> rows(String... r) {
    return Arrays.stream(r).map(x -> Arrays.asList(x.split("\\|", -1))).toList();
  }

  private SqlException refused(String sql) {
    return assertThrows(SqlException.class, () -> db.run(sql));
  }

  private void refused(String sql, String state, String message) {
    SqlException e = refused(sql);
    assertEquals(state + " " + message, e.sqlState() + " " + e.getMessage());
  }

  @Test
  void rowLockingOnASetOperationIsRefused() {
    refused(
        "select a from t union select a from t for update",
        "0A000",
        "FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT");
    refused(
        "select a from t except all select a from t for no key update",
        "0A000",
        "FOR NO KEY UPDATE is not allowed with UNION/INTERSECT/EXCEPT");
    refused(
        "select a from t intersect select a from t for key share",
        "0A000",
        "FOR KEY SHARE is not allowed with UNION/INTERSECT/EXCEPT");
    refused(
        "(select a from t for share) union select a from t",
        "0A000",
        "FOR SHARE is not allowed with UNION/INTERSECT/EXCEPT");
    assertEquals(rows("1", "2"), db.rows("select a from t union select a from t order by 1"));
  }

  @Test
  void recursiveTermWithAnotherTypmodIsRefused() {
    SqlException e =
        refused(
            "with recursive r(n) as (select 1::numeric(3,0) union all"
                + " select (n+1)::numeric(4,0) from r where n < 3) select * from r");
    assertEquals("42804", e.sqlState());
    assertEquals(
        "recursive query \"r\" column 1 has type numeric(3,0) in non-recursive term but type"
            + " numeric overall",
        e.getMessage());
    assertEquals("Cast the output of the non-recursive term to the correct type.", e.hint());
    refused(
        "with recursive r(n) as (select 1::numeric(3,0) union all select n + 1 from r"
            + " where n < 3) select * from r",
        "42804",
        "recursive query \"r\" column 1 has type numeric(3,0) in non-recursive term but type"
            + " numeric overall");
    refused(
        "with recursive r(n) as (select b from t union all select n + 1 from r where n < 3)"
            + " select * from r",
        "42804",
        "recursive query \"r\" column 1 has type numeric(3,0) in non-recursive term but type"
            + " numeric overall");
    refused(
        "with recursive r(n) as (select 'a'::varchar(3) union all select n || 'a' from r"
            + " where length(n) < 3) select * from r",
        "42804",
        "recursive query \"r\" column 1 has type character varying(3) in non-recursive term but"
            + " type character varying overall");
  }

  @Test
  void recursiveTermWithTheSameTypmodRuns() {
    assertEquals(
        rows("a", "aa", "aaa"),
        db.rows(
            "with recursive r(n) as (select 'a'::varchar(3) union all"
                + " select (n || 'a')::varchar(3) from r where length(n) < 3) select * from r"));
    assertEquals(
        rows("2", "3"),
        db.rows(
            "with recursive r(n) as (select b from t union all select n from r where false)"
                + " select * from r order by 1"));
    assertEquals(
        rows("1"),
        db.rows(
            "with recursive r(n) as (select 1::numeric(3,0) union all select n from r"
                + " where false) select * from r"));
  }

  @Test
  void outerLevelAggregateOverANestedCteIsRefused() {
    SqlException e =
        refused(
            "select a, (with cte1(x, y) as (select 1, 2) select count((select t.a from cte1)))"
                + " as ss from t");
    assertEquals(
        "0A000 outer-level aggregate cannot use a nested CTE", e.sqlState() + " " + e.getMessage());
    assertEquals("CTE \"cte1\" is below the aggregate's semantic level.", e.detail());
  }

  @Test
  void outerLevelAggregatesAreRefusedNotComputedPerInnerRow() {
    // PostgreSQL aggregates the outer rows here (one row, count 2); never per inner row
    assertEquals(
        "0A000",
        refused("select (with q as (select count(t.a) from (values (1)) v) select * from q) from t")
            .sqlState());
    assertEquals(
        "0A000", refused("select a, (select sum(t.a) from (values (1)) v) from t").sqlState());
  }

  @Test
  void aggregatesOfTheInnerQueryStillRun() {
    assertEquals(
        rows("1|1", "2|1"),
        db.rows("select a, (with c(x) as (select 1) select count(x) from c) from t order by a"));
    assertEquals(
        rows("1|3", "2|3"),
        db.rows(
            "select a, (select count(*) + t.a from (values (1), (2)) v(k) where k >= t.a) from t"
                + " order by a"));
    assertEquals(
        rows("1|1", "2|2"),
        db.rows("select a, (select max(v.k + t.a - 1) from (values (1)) v(k)) from t order by a"));
  }
}
