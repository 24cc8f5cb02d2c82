package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Simple-query statements that differ only in literal values share one compiled statement. */
class StatementCacheTest extends SqlTestCase {
  private Result simple(String sql) {
    Session.Bound b = db.session.prepareSimple(sql);
    return db.session.execute(b.prepared(), b.params());
  }

  private List<String> column(Result r) {
    List<String> out = new ArrayList<>();
    for (Object[] row : r.rows) {
      out.add(Values.toText(row[0], r.fields.get(0).type()));
    }
    return out;
  }

  @Test
  void valueLiteralsAreTakenOutWithTheirLiteralTypes() {
    LiteralShape s =
        LiteralShape.of(
            "UPDATE a SET v = v + -3000 WHERE id = 5000000000 AND n > 1.50 AND t = 'it''s'");
    assertEquals("UPDATE a SET v = v + -$1 WHERE id = $2 AND n > $3 AND t = $4", s.text());
    assertArrayEquals(
        new PgType[] {PgType.INT4, PgType.INT8, PgType.NUMERIC, PgType.UNKNOWN}, s.types());
    assertArrayEquals(
        new Object[] {3000L, 5000000000L, new BigDecimal("1.50"), "it's"}, s.values());
    LiteralShape v =
        LiteralShape.of("insert into h (a, b, c) values (1, 'x', now()), (2, 'y', f(3))");
    assertEquals("insert into h (a, b, c) values ($1, $2, now()), ($3, $4, f(3))", v.text());
  }

  @Test
  void literalsWhosePositionMeansSomethingStayInTheText() {
    String sql =
        "select a, 1 from t where d > date '2020-01-01' and x = '5'::int and y like 'a%'"
            + " group by 1 order by 2 limit 10 offset 5";
    assertEquals(sql, LiteralShape.of(sql).text());
    assertEquals(0, LiteralShape.of(sql).values().length);
    assertNull(LiteralShape.of("create table t (v varchar(10) default 'x')"));
    assertNull(LiteralShape.of("select * from t where a = $1"));
    assertNull(LiteralShape.of("select * from t where a = E'\\n'"));
  }

  @Test
  void statementsDifferingOnlyInLiteralsShareOneCompiledStatement() {
    simple("create table acc (id int primary key, bal bigint, note text, d date)");
    simple("insert into acc values (1, 10, 'a', '2024-01-01'), (2, 20, 'b', '2024-01-02')");
    Session.Prepared first =
        db.session.prepareSimple("update acc set bal = bal + 5 where id = 1").prepared();
    simple("update acc set bal = bal + 5 where id = 1");
    simple("update acc set bal = bal + -7 where id = 2");
    assertSame(
        first, db.session.prepareSimple("update acc set bal = bal + 9 where id = 2").prepared());
    assertEquals(List.of("15", "13"), column(simple("select bal from acc order by id")));
    assertEquals(List.of("2", "1"), column(simple("select id, bal from acc order by 2, 1")));
    assertEquals(List.of("b"), column(simple("select note from acc where d = '2024-01-02'")));
    assertEquals(List.of("a"), column(simple("select note from acc where d = '2024-01-01'")));
    Result typed = simple("select 1, 2.5, 'x' from acc where id = 1");
    assertEquals(PgType.INT4, typed.fields.get(0).type());
    assertEquals(PgType.NUMERIC, typed.fields.get(1).type());
    assertEquals(PgType.TEXT, typed.fields.get(2).type());
    SqlException bad =
        assertThrows(SqlException.class, () -> simple("select * from acc where id = 'x'"));
    assertEquals("22P02", bad.sqlState());
  }

  @Test
  void aSchemaChangeRecompilesTheSharedStatement() {
    simple("create table s (id int primary key, v int)");
    simple("insert into s values (1, 1)");
    assertEquals(List.of("1"), column(simple("select v from s where id = 1")));
    Session.Prepared before = db.session.prepareSimple("select v from s where id = 2").prepared();
    simple("drop table s");
    simple("create table s (id int primary key, w int, v int)");
    simple("insert into s values (2, 0, 22)");
    Session.Prepared after = db.session.prepareSimple("select v from s where id = 2").prepared();
    assertSame(before, after);
    assertEquals(List.of("22"), column(simple("select v from s where id = 2")));
  }
}
