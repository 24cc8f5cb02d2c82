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

  @Test
  void castsCompareTypedAndConcatenationJoinsArrays() {
    assertEquals(
        List.of(List.of("t", "t", "t")),
        db.rows(
            "select '{1,2}'::int[] = '{1,2}'::int[], '{1,2}'::int[] < '{1,10}'::int[],"
                + " '{a}'::text[] < '{b}'::text[]"));
    db.run("create table c (id int primary key, a int[], h text[])");
    db.run("insert into c values (1, '{3,1,2}', '{b,a}'), (2, '{}', '{}')");
    assertEquals(
        List.of(List.of("{b,a,x}", "{b,a,y}", "{3,1,2,7}", "{3,1,2,4}", "{0,3,1,2}", "{3,1,2}")),
        db.rows(
            "select h || 'x'::text, h || '{y}', a || '{7}', a || 4, 0 || a, a || null"
                + " from c where id = 1"));
    assertEquals("{1,2.5}", db.one("select '{1}'::int[] || '{2.5}'::numeric[]"));
    SqlException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SqlException.class, () -> db.run("select 'p' || h from c"));
    assertEquals("22P02", e.sqlState());
    assertEquals("{3,1,2,3,1,2}", db.one("select a || a from c where id = 1"));
    assertEquals("ab", db.one("select 'a' || 'b'"));
    // an empty array has no dimension 1, but its cardinality is 0
    assertEquals(
        java.util.Arrays.asList("3", "3", null, "0"),
        db.rows(
                "select (select array_length(a, 1) from c where id = 1),"
                    + " (select cardinality(a) from c where id = 1),"
                    + " (select array_length(a, 1) from c where id = 2),"
                    + " (select cardinality(a) from c where id = 2)")
            .get(0));
  }

  @Test
  void unnestOfATypedArrayGivesItsElementType() {
    assertEquals(PgType.INT4, db.run("select unnest('{3,1}'::int[])").fields.get(0).type());
    assertEquals(
        PgType.INT4, db.run("select x from unnest('{3,1}'::int[]) x").fields.get(0).type());
    assertEquals(
        List.of(List.of("1"), List.of("3"), List.of("10")),
        db.rows("select x from unnest('{3,10,1}'::int[]) x order by x"));
  }
}
