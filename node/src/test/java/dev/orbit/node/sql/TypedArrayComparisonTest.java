package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Typed arrays compare element by element in their element type, as PostgreSQL 15 compares them
 * ({@code {9}} before {@code {10}} in an int[]), in ORDER BY, comparisons, min/max, DISTINCT, GROUP
 * BY and {@code = ANY(array)}; every expected value is PostgreSQL 15.18's answer.
 */
class TypedArrayComparisonTest extends SqlTestCase {
  private void table() {
    db.run("create table t2 (id int primary key, a int[], f float8[], n numeric[], d date[])");
    db.run(
        "insert into t2 values (1, '{10}', '{10}', '{10}', '{2024-01-10}'),"
            + " (2, '{9}', '{9.5}', '{9}', '{2024-01-09}'),"
            + " (3, '{9,1}', '{-1}', '{100.0}', '{2023-12-31}')");
  }

  private List<String> ids(String sql) {
    return db.rows(sql).stream().map(r -> r.get(0)).toList();
  }

  @Test
  void orderAndComparisonFollowTheElementType() {
    table();
    assertEquals(List.of("2", "3", "1"), ids("select id from t2 order by a"));
    assertEquals(List.of("3", "2", "1"), ids("select id from t2 order by f"));
    assertEquals(List.of("2", "1", "3"), ids("select id from t2 order by n"));
    assertEquals(List.of("3", "2", "1"), ids("select id from t2 order by d"));
    assertEquals(List.of("1", "3"), ids("select id from t2 where a > '{9}' order by id"));
    assertEquals(List.of("1"), ids("select id from t2 where a = '{10}'"));
    assertEquals(List.of("3"), ids("select id from t2 where n = '{100}'"));
    assertEquals(List.of(List.of("{10}", "{9}")), db.rows("select max(a), min(a) from t2"));
    assertEquals(
        List.of(List.of("{9}"), List.of("{10}"), List.of("{100.0}")),
        db.rows("select distinct n from t2 order by n"));
    assertEquals(
        List.of(List.of("{9}", "1"), List.of("{9,1}", "1"), List.of("{10}", "1")),
        db.rows("select a, count(*) from t2 group by a order by a"));
  }

  @Test
  void anyOfAnArrayColumnOrATypedLiteral() {
    table();
    assertEquals(List.of("3"), ids("select id from t2 where 1 = any(a) order by id"));
    assertEquals(List.of("1"), ids("select id from t2 where 10 = any(a) order by id"));
    assertEquals(List.of("1"), ids("select id from t2 where 10.0 = any(n) order by id"));
    assertEquals(List.of("1", "3"), ids("select id from t2 where id = any('{1,3}'::int[])"));
    assertEquals(List.of("2"), ids("select id from t2 where '2024-01-09' = any(d) order by id"));
  }

  @Test
  void arrayConstructorsAndSubscriptsStoreAndReadTyped() {
    db.run("create table s (id int primary key, a int[], k jsonb[])");
    db.run("insert into s values (1, ARRAY[3, 20], '{\"{\\\"a\\\": 1}\"}')");
    assertEquals(
        List.of(List.of("{3,20}", "{\"{\\\"a\\\": 1}\"}", "20", "21")),
        db.rows("select a, k, a[2], a[2] + 1 from s"));
    db.run("insert into s values (2, ARRAY[3, 4], null)");
    assertEquals(List.of("1", "2"), ids("select id from s order by a[2] desc"));
    assertEquals("{1,2.5}", db.one("select array[1, 2.5]"));
    assertEquals("{1,2}", db.one("select array[1, 2::float8]"));
  }
}
