package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WITH and WITH RECURSIVE give PostgreSQL 15's answers (checked against a real server). */
class CteTest extends SqlTestCase {
  @BeforeEach
  void tables() {
    db.run("create table e (id int primary key, boss int, name text)");
    db.run(
        "insert into e values (1, null, 'ann'), (2, 1, 'bob'), (3, 1, 'cid'), (4, 2, 'dan'),"
            + " (5, 4, 'eve')");
  }

  private static List<List<String>> rows(String... r) {
    return Arrays.stream(r).map(x -> Arrays.asList(x.split("\\|", -1))).toList();
  }

  private String state(String sql) {
    return assertThrows(SqlException.class, () -> db.run(sql)).sqlState();
  }

  @Test
  void severalCtesReferenceEarlierOnesWithColumnAliases() {
    assertEquals(
        rows("30|cid", "40|dan", "50|eve"),
        db.rows(
            "with a as (select id, name from e where id > 2),"
                + " b(x, y) as (select id * 10, name from a) select * from b order by x"));
    assertEquals(
        List.of("x", "y"),
        db.run("with b(x, y) as (select 1, 2) select * from b").fields.stream()
            .map(Field::name)
            .toList());
  }

  @Test
  void cteJoinedWithATableAndInSubqueries() {
    assertEquals(
        rows("eve|5"),
        db.rows(
            "with c as (select count(*) as k from e) select e.name, c.k from e, c where e.id = c.k"));
    assertEquals("5", db.one("select (with w as (select max(id) m from e) select m from w)"));
    assertEquals(
        rows("ann", "bob", "dan"),
        db.rows(
            "select name from e where id in (with w as (select boss from e) select boss from w)"
                + " order by 1"));
  }

  @Test
  void recursiveUnionAllCounts() {
    assertEquals(
        rows("15|5"),
        db.rows(
            "with recursive r(n) as (select 1 union all select n + 1 from r where n < 5)"
                + " select sum(n), count(*) from r"));
  }

  @Test
  void recursiveWalkOfAHierarchy() {
    assertEquals(
        rows("1|ann|0", "2|bob|1", "3|cid|1", "4|dan|2", "5|eve|3"),
        db.rows(
            "with recursive r as (select id, name, 0 as depth from e where boss is null"
                + " union all select e.id, e.name, r.depth + 1 from e join r on e.boss = r.id)"
                + " select * from r order by id"));
  }

  @Test
  void recursiveUnionStopsWhenNoRowIsNew() {
    assertEquals(
        rows("0", "1", "2", "3"),
        db.rows(
            "with recursive r(n) as (values (1) union select (n + 1) % 4 from r)"
                + " select * from r order by n"));
  }

  @Test
  void endlessRecursionIsBoundedByQueryMemory() {
    db.run("set orbit.query_memory = '1MB'");
    assertEquals(
        "53200",
        state(
            "with recursive r(n) as (select 1 union all select n from r) select count(*) from r"));
  }

  @Test
  void recursiveTermOfAnotherTypeIsRefused() {
    assertEquals(
        "42804",
        state(
            "with recursive r(n) as (select 1 union all select n + 1.0 from r where n < 3)"
                + " select * from r"));
  }

  @Test
  void dataModifyingWithIsRefusedNotIgnored() {
    assertEquals("0A000", state("with x as (select 1) insert into e select 9, null, 'z'"));
    assertEquals("0A000", state("with x as (delete from e returning id) select * from x"));
    assertEquals("5", db.one("select count(*) from e"));
  }

  @Test
  void correlatedWithQueryIsComputedForEachOuterRow() {
    assertEquals(
        rows("1|2", "2|1", "3|0", "4|1", "5|0"),
        db.rows(
            "select id, (with w as (select e2.id from e e2 where e2.boss = e.id)"
                + " select count(*) from w) from e order by id"));
    assertEquals(
        rows("1|2", "2|1", "3|0", "4|1", "5|0"),
        db.rows(
            "select id, (with w as (select e2.id from e e2 where e2.boss = e.id)"
                + " select count(*) from (select * from w) q) from e order by id"));
    assertEquals(
        rows("1|2", "2|1", "3|0", "4|1", "5|0"),
        db.rows(
            "select id, (select count(*) from (select * from e e2 where e2.boss = e.id) z)"
                + " from e order by id"));
  }

  @Test
  void withQueryOverAUnionIsComputedOnce() {
    assertEquals(
        "36",
        db.one("with x as (select id from e union all select 10) select count(*) from x a, x b"));
  }

  @Test
  void recursiveTermMixingVarcharAndTextKeepsTheFirstType() {
    assertEquals(
        rows("1|a", "2|aa", "3|aaa"),
        db.rows(
            "with recursive r(n, s) as (select 1, 'a'::varchar union all"
                + " select n + 1, s || 'a' from r where n < 3) select * from r"));
  }

  @Test
  void recursiveFormsPostgresRefusesAreRefused() {
    assertEquals(
        "42P19",
        state(
            "with recursive r(n) as (select 1 union all select a.n + 1 from r a, r b"
                + " where a.n < 3) select * from r"));
    assertEquals(
        "42P19",
        state(
            "with recursive r(n) as (select 1 union all select e.id from e left join r"
                + " on e.id = r.n) select * from r"));
    assertEquals(
        "42P19",
        state(
            "with recursive r(n) as (select 1 union all select count(*) from r) select * from r"));
    assertEquals(
        "0A000",
        state(
            "with recursive r(n) as (select 1 union all select n + 1 from r where n < 3 limit 1)"
                + " select * from r"));
    assertEquals(
        "42P19",
        state(
            "with recursive r(n) as (select 1 union all select (select max(n) from r))"
                + " select * from r"));
    assertEquals("42P10", state("with w(a, b, c) as (select 1, 2) select * from w"));
  }
}
