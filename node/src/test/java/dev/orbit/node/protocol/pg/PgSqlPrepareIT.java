package dev.orbit.node.protocol.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL-level PREPARE / EXECUTE / DEALLOCATE through pgjdbc (simple and extended protocol), with
 * PostgreSQL 15.18's answers: rows, command tags, 26000/42P05/42601, and names kept per session.
 */
class PgSqlPrepareIT {
  @TempDir Path dir;

  @Test
  void preparedStatementsRunAndStayInTheirSession() throws Exception {
    try (TestNode node = PgFixture.start(dir.resolve("data"));
        Connection c = PgFixture.connect(node);
        Connection other = PgFixture.connect(node);
        Statement st = c.createStatement();
        Statement so = other.createStatement()) {
      st.execute("create table pt (a int primary key, b text)");
      st.execute("prepare ins (int, text) as insert into pt values ($1, $2)");
      assertEquals(1, st.executeUpdate("execute ins(1, 'one')"));
      assertEquals(1, st.executeUpdate("execute ins(2, 'tw' || 'o')"));
      st.execute("prepare sel as select b from pt where a = $1");
      assertEquals(List.of(List.of("two")), PgFixture.rows(st, "execute sel(2)"));
      try (var ps = c.prepareStatement("execute sel(1)")) {
        try (var rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("one", rs.getString(1));
        }
      }
      assertEquals("42601", PgFixture.sqlState(st, "execute sel"));
      assertEquals("42P05", PgFixture.sqlState(st, "prepare sel as select 1"));
      assertEquals("26000", PgFixture.sqlState(so, "execute sel(1)"));
      st.execute("deallocate sel");
      assertEquals("26000", PgFixture.sqlState(st, "execute sel(1)"));
      assertEquals("26000", PgFixture.sqlState(st, "deallocate sel"));
      assertEquals("2", PgFixture.one(st, "select count(*) from pt"));
    }
  }
}
