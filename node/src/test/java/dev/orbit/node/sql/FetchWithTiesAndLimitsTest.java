package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FETCH FIRST … WITH TIES / ONLY, LIMIT and OFFSET as PostgreSQL 15.18 gives them. */
class FetchWithTiesAndLimitsTest extends SqlTestCase {
  @BeforeEach
  void table() {
    db.run("create table f (a int, b text)");
    db.run("insert into f values (1,'a'),(2,'b'),(2,'c'),(3,'d'),(3,'e'),(null,'n')");
  }

  /** Rows as text (NULL as "null"), sorted: the order among ties is not defined. */
  private List<String> set(String sql) {
    return db.rows(sql).stream()
        .map(r -> String.join("|", r.stream().map(v -> v == null ? "null" : v).toList()))
        .sorted()
        .toList();
  }

  private List<String> list(String sql) {
    return db.rows(sql).stream()
        .map(r -> String.join("|", r.stream().map(v -> v == null ? "null" : v).toList()))
        .toList();
  }

  private void fails(String sql, String state, String message) {
    SqlException e = assertThrows(SqlException.class, () -> db.run(sql));
    assertEquals(state + " " + message, e.sqlState() + " " + e.getMessage());
  }

  @Test
  void withTiesKeepsTheRowsEqualToTheLast() {
    assertEquals(
        List.of("1|a", "2|b", "2|c"),
        set("select * from f order by a fetch first 2 rows with ties"));
    assertEquals(
        List.of("1|a", "2|b", "2|c"),
        set("select * from f order by a fetch first 3 rows with ties"));
    assertEquals(
        List.of("null|n"), set("select * from f order by a desc fetch first 1 rows with ties"));
    assertEquals(
        List.of("null|n"), set("select * from f order by a nulls first fetch first row with ties"));
    assertEquals(
        List.of("2|b", "2|c"),
        set("select * from f order by a offset 1 fetch next 1 rows with ties"));
    assertEquals(List.of(), set("select * from f order by a fetch first 0 rows with ties"));
    assertEquals(
        List.of("2|2", "3|2"),
        set(
            "select a, count(*) from f group by a order by count(*) desc fetch first 1 rows with ties"));
    assertEquals(List.of("1|a", "2|b"), list("select * from f order by a fetch first 2 rows only"));
  }

  @Test
  void withTiesOnASetOperation() {
    assertEquals(
        List.of("1", "1", "2", "2", "2", "2"),
        list("select a from f union all select a from f order by 1 fetch first 3 rows with ties"));
    assertEquals(
        List.of("1", "1", "2"),
        list("select a from f union all select a from f order by 1 fetch first 3 rows only"));
  }

  @Test
  void setOperationsHonourNullsFirstAndLast() {
    assertEquals(
        List.of("null", "null", "1"),
        list(
            "select a from f union all select a from f order by 1 nulls first"
                + " fetch first 3 rows only"));
    assertEquals(
        List.of("3", "2", "1", "null"),
        list("select a from f union select a from f order by 1 desc nulls last"));
  }

  @Test
  void refusedAsPostgresRefusesThem() {
    fails(
        "select * from f fetch first 2 rows with ties",
        "42601",
        "WITH TIES cannot be specified without ORDER BY clause");
    fails(
        "select * from f order by a fetch first null rows with ties",
        "2201W",
        "row count cannot be null in FETCH FIRST ... WITH TIES clause");
    fails(
        "select * from f order by a fetch first -1 rows with ties",
        "2201W",
        "LIMIT must not be negative");
    fails("select * from f limit -1", "2201W", "LIMIT must not be negative");
    fails(
        "select a from f order by a fetch first 1 rows with ties for update skip locked",
        "0A000",
        "SKIP LOCKED and WITH TIES options cannot be used together");
    fails("select * from f offset -1", "2201X", "OFFSET must not be negative");
    fails("select a from f union select 7 limit -1", "2201W", "LIMIT must not be negative");
  }

  @Test
  void nullLimitAndOffsetMeanNone() {
    assertEquals(6, list("select * from f order by a limit null").size());
    assertEquals(List.of("1|a", "2|b"), list("select * from f order by a limit 2 offset null"));
  }
}
