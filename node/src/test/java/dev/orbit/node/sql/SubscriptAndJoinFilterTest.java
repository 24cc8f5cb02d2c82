package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code column[i]} is the element (it was the whole array, also to index paths, hash joins and
 * ORDER BY), and WHERE conditions of a join are checked as soon as their sources are bound (the
 * nine-way catalog join pgjdbc's getImportedKeys sends ran for minutes). Expectations from
 * PostgreSQL 15.18 on the same statements.
 */
class SubscriptAndJoinFilterTest extends SqlTestCase {
  private List<String> rows(String sql) {
    return db.rows(sql).stream().map(r -> String.join("|", r)).toList();
  }

  @Test
  void aSubscriptedColumnIsItsElement() {
    db.run("create table t (id int, a text[])");
    db.run("insert into t values (1, '{x,y}'), (2, '{b,a}')");
    assertEquals(List.of("1|y", "2|a"), rows("select id, a[2] from t order by id"));
    assertEquals("a", db.run("select a[2] from t").fields.get(0).name());
    assertEquals(List.of("1|null", "2|null"), rows("select id, a[3] from t order by id"));
    assertEquals(List.of("2", "1"), rows("select id from t order by a[2]"));
    assertEquals(List.of("b", "x"), rows("select a[1] from t group by a[1] order by 1"));
    assertEquals(List.of("1"), rows("select id from t where a[1] = 'x'"));
    assertThrows(SqlException.class, () -> db.run("select a[1:2] from t"));
  }

  @Test
  void aSubscriptedExpressionOrNameIsItsElement() {
    db.run("create table t (id int, a text[], n name)");
    db.run("insert into t values (1, '{x,y}', 'abc'), (2, '{b,a}', 'de')");
    assertEquals(
        List.of("1|y|null|a|c", "2|a|null|d|null"),
        rows("select id, (a)[2], (a)[3], n[0], n[2] from t order by id"));
    assertEquals(List.of("p"), rows("select (array['p', 'q'])[1]"));
    for (String sql :
        List.of(
            "select (a)[4294967297] from t",
            "select a[4294967297] from t",
            "select n[-4294967296] from t")) {
      SqlException e = assertThrows(SqlException.class, () -> db.run(sql), sql);
      assertEquals("22003 integer out of range", e.sqlState() + " " + e.getMessage(), sql);
    }
  }

  @Test
  void joinConditionsOnSubscriptsAndSeveralLevels() {
    db.run("create table p (id int primary key, x int, y int, unique (x, y))");
    db.run(
        "create table c (id int primary key, pid int references p, a int, b int,"
            + " constraint cxy foreign key (a, b) references p (x, y))");
    assertEquals(
        List.of("cxy|1|a|x", "cxy|2|b|y"),
        rows(
            "select con.conname, pos.n, fka.attname, pka.attname"
                + " from pg_attribute pka, pg_attribute fka, pg_constraint con,"
                + " generate_series(1, 32) pos(n), pg_class pkc, pg_class fkc"
                + " where pka.attnum = con.confkey[pos.n] and fka.attnum = con.conkey[pos.n]"
                + " and con.confrelid = pkc.oid and con.conrelid = fkc.oid"
                + " and pka.attrelid = pkc.oid and fka.attrelid = fkc.oid"
                + " and con.contype = 'f' and con.conname = 'cxy' order by 1, 2"));
    db.run("create table u (k int primary key, v int)");
    db.run("insert into u values (1, 10), (2, 20), (3, 30)");
    assertEquals(
        List.of("1|10|1", "3|30|3"),
        rows(
            "select u.k, u.v, g.n from u, generate_series(1, 3) g(n), u w"
                + " where u.k = g.n and w.k = g.n and u.v <> 20 order by 1"));
    assertEquals(
        List.of("1|null", "2|2", "3|null"),
        rows(
            "select u.k, w.k from u left join u w on w.k = u.k and w.v = 20"
                + " where u.k > 0 order by 1"));
  }
}
