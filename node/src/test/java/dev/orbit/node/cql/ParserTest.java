package dev.orbit.node.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.protocol.internal.ProtocolConstants.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {
  @Test
  void selectKeepsItsTableRelationsOrderAndLimits() {
    Parser.Parsed p =
        Parser.parse(
            "SELECT a, b AS x FROM ks.\"T\" WHERE k = ? AND c >= 3 AND c IN (1, 2)"
                + " ORDER BY c DESC PER PARTITION LIMIT 2 LIMIT :lim ALLOW FILTERING;");
    Ast.Select s = assertInstanceOf(Ast.Select.class, p.statement());
    assertEquals(new Ast.QName("ks", "T"), s.table());
    assertEquals(2, s.selections().size());
    assertEquals("x", s.selections().get(1).alias());
    assertEquals(3, s.where().size());
    assertEquals(List.of("k"), s.where().get(0).columns());
    assertEquals(">=", s.where().get(1).op());
    assertEquals(2, s.where().get(2).in().size());
    assertEquals(List.of(new Ast.Ordering("c", true)), s.orderBy());
    assertTrue(s.allowFiltering());
    assertFalse(s.distinct());
    assertEquals(2, p.markers());
  }

  @Test
  void identifiersFoldToLowerCaseUnlessQuoted() {
    Ast.Select s = (Ast.Select) Parser.parse("select * from KS.Tab").statement();
    assertEquals(new Ast.QName("ks", "tab"), s.table());
  }

  @Test
  void insertWithTtlAndIfNotExists() {
    Ast.Insert i =
        (Ast.Insert)
            Parser.parse("INSERT INTO t (k, v) VALUES (1, 'it''s') IF NOT EXISTS USING TTL 10")
                .statement();
    assertEquals(List.of("k", "v"), i.columns());
    assertEquals(new Ast.Literal(Lexer.Kind.STRING, "it's"), i.values().get(1));
    assertTrue(i.ifNotExists());
    assertEquals(new Ast.Literal(Lexer.Kind.INTEGER, "10"), i.using().ttl());
  }

  @Test
  void batchHoldsItsStatements() {
    Ast.Batch b =
        (Ast.Batch)
            Parser.parse(
                    "BEGIN UNLOGGED BATCH INSERT INTO t (k) VALUES (?); DELETE FROM t WHERE k = ?;"
                        + " APPLY BATCH")
                .statement();
    assertEquals(2, b.statements().size());
    assertInstanceOf(Ast.Delete.class, b.statements().get(1));
  }

  @Test
  void badSyntaxIsASyntaxError() {
    for (String bad :
        new String[] {
          "SELEC * FROM t", "SELECT * FROM", "INSERT INTO t (k) VALUES (1", "SELECT * FROM t extra"
        }) {
      CqlException e = assertThrows(CqlException.class, () -> Parser.parse(bad), bad);
      assertEquals(ErrorCode.SYNTAX_ERROR, e.code, bad);
    }
  }

  @Test
  void describeIsRefusedNamingTheFeature() {
    for (String d : new String[] {"DESCRIBE KEYSPACES", "DESC TABLE ks.t", "describe schema"}) {
      CqlException e = assertThrows(CqlException.class, () -> Parser.parse(d), d);
      assertEquals(ErrorCode.INVALID, e.code, d);
      assertTrue(e.getMessage().contains("DESCRIBE"), e.getMessage());
    }
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    CqlException e =
        assertThrows(
            CqlException.class,
            () -> Parser.parse("INSERT INTO t (k, l) VALUES (1, " + deep + ")"));
    assertTrue(e.code == ErrorCode.SYNTAX_ERROR || e.code == ErrorCode.INVALID, e.getMessage());
  }
}
