package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Text compares in code point order (collation "C"): naming that collation works, any other is
 * refused — ignoring it would order rows differently from PostgreSQL without an error.
 */
class CollationTest extends SqlTestCase {
  private List<String> rows(String sql) {
    return db.rows(sql).stream().map(r -> String.join("|", r)).toList();
  }

  private void refused(String sql) {
    SqlException e = assertThrows(SqlException.class, () -> db.run(sql));
    assertEquals("0A000", e.sqlState(), e.getMessage());
  }

  @Test
  void codePointCollationsAreAcceptedOthersRefused() {
    db.run("create table t (a text collate \"C\", b varchar(5) collate \"POSIX\" unique)");
    db.run("insert into t values ('b', 'x'), ('B', 'y'), ('a', 'z')");
    assertEquals(List.of("B", "a", "b"), rows("select a from t order by a collate \"C\""));
    assertEquals(List.of("B", "a", "b"), rows("select a from t order by a collate ucs_basic"));
    assertEquals(List.of("t"), rows("select ('a' collate pg_catalog.\"default\") < 'b'"));
    refused("create table u (a text collate \"de_DE\")");
    refused("create table u (a text collate \"en_US.utf8\" not null)");
    refused("select a from t order by a collate \"und-x-icu\"");
    refused("select a from t where a < 'c' collate \"sv_SE\"");
  }
}
