package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RIGHT/FULL joins, INTERSECT/EXCEPT [ALL] and (VALUES …) AS t(a, b) give PostgreSQL 15's answers
 * (expected rows taken from a real server on the same statements).
 */
class OuterJoinAndSetOpTest extends SqlTestCase {
  @BeforeEach
  void tables() {
    db.run("create table a (x int, y text)");
    db.run("create table b (x int, z text)");
    db.run("create table c (x int primary key, w text)");
    db.run("insert into a values (1,'a1'),(2,'a2'),(2,'a2b'),(null,'an')");
    db.run("insert into b values (2,'b2'),(3,'b3'),(null,'bn')");
    db.run("insert into c values (1,'c1'),(3,'c3'),(4,'c4')");
  }

  private static List<List<String>> rows(String... r) {
    return Arrays.stream(r)
        .map(x -> Arrays.stream(x.split("\\|", -1)).map(v -> v.isEmpty() ? null : v).toList())
        .toList();
  }

  private String state(String sql) {
    return assertThrows(SqlException.class, () -> db.run(sql)).sqlState();
  }

  @Test
  void rightJoinKeepsUnmatchedRightRows() {
    assertEquals(
        rows("2|a2|2|b2", "2|a2b|2|b2", "||3|b3", "|||bn"),
        db.rows("select * from a right join b on a.x = b.x order by b.z, a.y"));
    assertEquals(
        rows("||2|b2", "3|c3|3|b3", "|||bn"),
        db.rows("select * from c right join b on c.x = b.x order by b.z"));
  }

  @Test
  void fullJoinKeepsBothSidesAndWhereRunsAfterTheJoin() {
    assertEquals(
        rows("1|a1||", "2|a2|2|b2", "2|a2b|2|b2", "|an||", "||3|b3", "|||bn"),
        db.rows("select * from a full join b on a.x = b.x order by a.y, b.z"));
    assertEquals(
        rows("||3|b3", "|||bn"),
        db.rows("select * from a full join b on a.x = b.x where a.y is null order by b.z"));
    assertEquals(
        List.of(List.of("6", "3", "3")),
        db.rows("select count(*), count(a.x), count(b.x) from a full join b on a.x = b.x"));
    assertEquals(
        rows("1|c1|", "3|c3|3", "4|c4|"),
        db.rows("select * from c full join (select 3 as k) s on c.x = s.k order by 1"));
  }

  @Test
  void chainsOfOuterJoins() {
    assertEquals(
        rows(
            "1|a1|||1|c1",
            "2|a2|2|b2||",
            "2|a2b|2|b2||",
            "|an||||",
            "||3|b3|3|c3",
            "|||bn||",
            "||||4|c4"),
        db.rows(
            "select * from a full join b on a.x = b.x full join c on c.x = coalesce(a.x, b.x)"
                + " order by 1, 2, 3, 4, 5, 6"));
    assertEquals(
        rows("2|a2|2|b2||", "2|a2b|2|b2||", "||3|b3|3|c3", "|||bn||"),
        db.rows(
            "select * from a right join b on a.x = b.x left join c on c.x = b.x"
                + " order by b.z, a.y"));
    assertEquals(
        rows("1|a1|||1|c1", "||||3|c3", "||||4|c4"),
        db.rows(
            "select * from a left join b on a.x = b.x right join c on c.x = a.x"
                + " order by c.w, a.y"));
  }

  @Test
  void fullJoinInACorrelatedSubquery() {
    assertEquals(
        rows("b2|2", "b3|1", "bn|0"),
        db.rows(
            "select b.z, (select count(*) from a full join c on a.x = c.x"
                + " where c.x = b.x or a.x = b.x) from b order by 1"));
  }

  @Test
  void fullJoinWithUsingIsRefusedNotMerged() {
    assertEquals("0A000", state("select * from a full join b using (x)"));
    assertEquals("0A000", state("select * from a natural right join b"));
  }

  @Test
  void intersectAndExceptWithAndWithoutAll() {
    assertEquals(rows("2", ""), sorted(db.rows("select x from a intersect select x from b")));
    assertEquals(rows("1"), db.rows("select x from a except select x from b order by 1"));
    assertEquals(
        rows("1", "2", "2", ""), sorted(db.rows("select x from a intersect all select x from a")));
    assertEquals(rows("1", "2", ""), db.rows("select x from a except all select 2 order by 1"));
    assertEquals(rows("1", "2"), db.rows("select 1 union select 2 intersect select 2 order by 1"));
    assertEquals(rows("1"), db.rows("select 1 union select 2 except select 2"));
    assertEquals("42601", state("select 1 intersect select 1, 2"));
    assertEquals("42804", state("select 1 except select 'a'::text"));
  }

  private static List<List<String>> sorted(List<List<String>> r) {
    return r.stream()
        .sorted(
            (p, q) ->
                p.get(0) == null
                    ? (q.get(0) == null ? 0 : 1)
                    : q.get(0) == null ? -1 : p.get(0).compareTo(q.get(0)))
        .toList();
  }

  @Test
  void valuesInFromWithAliasColumns() {
    assertEquals(
        rows("1|one", "2|two"),
        db.rows("select * from (values (1, 'one'), (2, 'two')) as t(n, w) order by n"));
    assertEquals(
        rows("two"), db.rows("select w from (values (1, 'one'), (2, 'two')) t(n, w) where n = 2"));
    assertEquals(rows("1|2"), db.rows("select * from (values (1, 2)) as t(a)"));
    assertEquals("42P10", state("select * from (values (1)) t(a, b)"));
    assertEquals("42P10", state("select * from (select 1) t(a, b)"));
  }
}
