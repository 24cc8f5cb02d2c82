package dev.orbit.node.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.sql.SqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {
  private static Node one(String sql) {
    return Parser.parseOne(sql);
  }

  private static SqlException fails(String sql) {
    return assertThrows(SqlException.class, () -> Parser.parse(sql));
  }

  @Test
  void keywordsMayBeColumnLabels() {
    St.Select s = (St.Select) one("SELECT true AS true, 1 AS select, 2 value, x AS from");
    assertEquals(
        List.of("true", "select", "value", "from"),
        s.targets.stream().map(St.Target::name).toList());
  }

  @Test
  void precedenceFollowsPostgres() {
    // unary minus binds tighter than ^ ; * tighter than +
    Ex.Op pow = (Ex.Op) ((St.Select) one("select -2 ^ 2")).targets.get(0).value();
    assertEquals("^", pow.name());
    assertEquals("-2", ((Ex.Const) pow.left()).value());
    Ex.Op plus = (Ex.Op) ((St.Select) one("select 1 + 2 * 3")).targets.get(0).value();
    assertEquals("+", plus.name());
    assertInstanceOf(Ex.Op.class, plus.right());
    // NOT binds looser than comparison
    Ex.Bool not = (Ex.Bool) ((St.Select) one("select not a = b")).targets.get(0).value();
    assertInstanceOf(Ex.Op.class, not.args().get(0));
  }

  @Test
  void comparisonsDoNotAssociate() {
    SqlException e = fails("select 1 < 2 < 3");
    assertEquals("syntax error at or near \"<\"", e.getMessage());
    assertEquals(14, e.position());
  }

  @Test
  void syntaxErrorsNameTheTokenAndPosition() {
    SqlException e = fails("select foo bar baz;");
    assertEquals("42601", e.sqlState());
    assertEquals("syntax error at or near \"baz\"", e.getMessage());
    assertEquals(16, e.position());
    assertEquals("syntax error at end of input", fails("select 1 +").getMessage());
    assertEquals("syntax error at or near \";\"", fails("select (;").getMessage());
    assertEquals(
        "trailing junk after numeric literal at or near \"123abc\"",
        fails("select 123abc").getMessage());
  }

  @Test
  void deepNestingFailsWithStackDepthError() {
    String sql = "select " + "(".repeat(5000) + "1" + ")".repeat(5000);
    SqlException e = fails(sql);
    assertEquals("54001", e.sqlState());
    assertEquals("stack depth limit exceeded", e.getMessage());
  }

  @Test
  void splitsStatementsAtTopLevelSemicolons() {
    List<Parser.Statement> s = Parser.parse("select 'a;b'; select $$x;y$$;; select (1);");
    assertEquals(3, s.size());
    assertEquals("select 'a;b'", s.get(0).text());
    assertEquals(14, s.get(1).start());
  }

  @Test
  void parsesJoinsSubqueriesAndSetOperations() {
    St.Select s =
        (St.Select)
            one(
                "with recursive t(n) as (values (1) union all select n + 1 from t where n < 5) "
                    + "select * from t natural join (select 1 as n) x left join lateral "
                    + "generate_series(1, t.n) g(i) on true order by 1 fetch first 2 rows with ties");
    assertTrue(s.with.recursive());
    assertTrue(s.withTies);
    St.Join j = (St.Join) s.from.get(0);
    assertEquals("LEFT", j.type());
    assertInstanceOf(St.RangeFunction.class, j.right());
    St.Select u = (St.Select) one("select 1 union select 2 intersect select 3 except all select 4");
    assertEquals("EXCEPT", u.op);
    assertEquals("UNION", u.left.op);
    assertEquals("INTERSECT", u.left.right.op);
  }

  @Test
  void parsesTypedLiteralsAndCasts() {
    Ex.Cast c =
        (Ex.Cast) ((St.Select) one("select interval '1' day to second(3)")).targets.get(0).value();
    assertEquals("day to second", c.type().intervalFields());
    Ex.Cast b = (Ex.Cast) ((St.Select) one("select bool 't'")).targets.get(0).value();
    assertEquals("bool", b.type().simpleName());
    Ex.Cast d = (Ex.Cast) ((St.Select) one("select x::double precision[]")).targets.get(0).value();
    assertEquals("float8", d.type().simpleName());
    assertEquals(1, d.type().arrayDims());
  }

  @Test
  void parsesDdlWithConstraints() {
    Ddl.CreateTable t =
        (Ddl.CreateTable)
            one(
                "create temp table t (id int generated always as identity primary key, "
                    + "a text not null default 'x' check (a <> ''), b int references u(id) on delete cascade, "
                    + "constraint ck check (b > 0) not valid, unique (a, b))");
    assertEquals("TEMP", t.persistence());
    assertEquals(5, t.elements().size());
    Ddl.ColumnDef id = (Ddl.ColumnDef) t.elements().get(0);
    assertEquals("IDENTITY", id.constraints().get(0).kind());
    Ddl.Constraint ck = (Ddl.Constraint) t.elements().get(3);
    assertTrue(ck.notValid());
  }

  @Test
  void refusedStatementsAreNamed() {
    Util.Unsupported u =
        (Util.Unsupported) one("create function f() returns int as 'select 1' language sql");
    assertEquals("CREATE FUNCTION", u.feature());
  }
}
