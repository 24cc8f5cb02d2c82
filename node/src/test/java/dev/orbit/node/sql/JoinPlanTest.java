package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Equi-joins on columns without an index and correlated subqueries over a 10,000-row table: each
 * gives PostgreSQL 15's answer (checked against a real server) within a generous statement_timeout
 * (a nested loop over such tables runs for hours), and stays bounded by orbit.query_memory.
 */
class JoinPlanTest extends SqlTestCase {
  @BeforeEach
  void tables() {
    db.run("create table t (id int primary key, a int, b text)");
    db.run("insert into t select g, g / 10, 'k' || (g % 500) from generate_series(1, 10000) g");
    db.run("create table n (x numeric, y bigint)");
    db.run("insert into n select g / 2.0, g from generate_series(1, 10000) g");
    db.run("set statement_timeout = '300s'");
  }

  private List<String> row(String sql) {
    return db.rows(sql).get(0);
  }

  @Test
  void threeWayJoinOnUnindexedColumns() {
    assertEquals(
        List.of("9901", "50000050"),
        row(
            "select count(*), sum(t3.id) from t t1 join t t2 on t2.a = t1.id"
                + " join t t3 on t3.a = t2.id"));
  }

  @Test
  void leftJoinOnUnindexedColumnKeepsUnmatchedRows() {
    assertEquals(
        List.of("18991", "9991", "50004955"),
        row("select count(*), count(t2.id), sum(t2.id) from t t1 left join t t2 on t2.a = t1.id"));
  }

  @Test
  void joinAcrossIntegerAndNumericMatchesEqualValues() {
    assertEquals(
        List.of("5000", "25005000"), row("select count(*), sum(n.y) from t join n on n.x = t.id"));
  }

  @Test
  void joinOnTwoColumnsOfTextAndInteger() {
    assertEquals(
        List.of("10000", "1", "10000"),
        row(
            "select count(*), min(t1.id), max(t2.id) from t t1 join t t2"
                + " on t1.b = t2.b and t2.a = t1.a"));
  }

  @Test
  void correlatedSubqueriesOnUnindexedColumns() {
    assertEquals(
        "9991", db.one("select sum((select count(*) from t t2 where t2.a = t1.id)) from t t1"));
    assertEquals(
        "1000",
        db.one("select count(*) from t t1 where exists (select 1 from t t2 where t2.a = t1.id)"));
    assertEquals(
        "9000",
        db.one(
            "select count(*) from t t1 where not exists (select 1 from t t2 where t2.a = t1.id)"));
    assertEquals(
        "20",
        db.one(
            "select count(*) from t t1 where t1.id in (select t2.a from t t2 where t2.b = t1.b)"));
  }

  @Test
  void joinOnAnExpressionOfEarlierColumns() {
    assertEquals(
        List.of("100000", "100000", "500050000"),
        row(
            "select count(*), count(t3.id), sum(t1.id) from t t1 left join t t2 on t2.id = t1.a"
                + " left join t t3 on t3.a = coalesce(t2.a, t1.a) + 1"));
  }

  @Test
  void explainShowsTheHashJoin() {
    assertTrue(db.plan("select * from t t1 join t t2 on t2.a = t1.a").contains("Hash Join"));
  }

  @Test
  void hashTableIsBoundedByQueryMemory() {
    db.run("set orbit.query_memory = '256kB'");
    SqlException e =
        assertThrows(
            SqlException.class, () -> db.run("select count(*) from t t1 join t t2 on t2.a = t1.a"));
    assertEquals("53200", e.sqlState());
  }
}
