package dev.orbit.node.protocol.pg;

import static dev.orbit.node.protocol.pg.PgFixture.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pgjdbc's DatabaseMetaData answers from the live schema. */
class PgMetadataIT {
  @TempDir Path dir;

  /** Rows of a metadata result as "col|col|…" lines. */
  private static List<String> lines(ResultSet rs) throws Exception {
    List<String> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        b.append(i > 1 ? "|" : "").append(rs.getString(i));
      }
      out.add(b.toString());
    }
    return out;
  }

  @Test
  void foreignKeysAreListedAsPostgresListsThem() throws Exception {
    try (TestNode node = PgFixture.start(dir);
        Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute(
          "create table p (id int primary key, code text unique, x int, y int, unique (x, y))");
      st.execute(
          "create table c (id int primary key, pid int references p, pcode text references"
              + " p(code) on delete restrict, a int, b int, constraint cxy foreign key (a, b)"
              + " references p (x, y) on update restrict)");
      st.execute("create table c2 (id int references c)");
      // PostgreSQL 15.18's rows for the same tables (database name aside)
      List<String> toP =
          List.of(
              "orbit|public|p|code|orbit|public|c|pcode|1|3|1|c_pcode_fkey|p_code_key|7",
              "orbit|public|p|id|orbit|public|c|pid|1|3|3|c_pid_fkey|p_pkey|7",
              "orbit|public|p|x|orbit|public|c|a|1|1|3|cxy|p_x_y_key|7",
              "orbit|public|p|y|orbit|public|c|b|2|1|3|cxy|p_x_y_key|7");
      DatabaseMetaData md = c.getMetaData();
      assertEquals(toP, lines(md.getImportedKeys(null, "public", "c")));
      assertEquals(toP, lines(md.getExportedKeys(null, "public", "p")));
      assertEquals(toP, lines(md.getCrossReference(null, "public", "p", null, "public", "c")));
      assertEquals(
          List.of("orbit|public|c|id|orbit|public|c2|id|1|3|3|c2_id_fkey|c_pkey|7"),
          lines(md.getExportedKeys(null, null, "c")));
      assertEquals(List.of(), lines(md.getImportedKeys(null, "public", "p")));
    }
  }

  @Test
  void getTablesColumnsAndPrimaryKeys() throws Exception {
    try (TestNode node = PgFixture.start(dir);
        Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute(
          "create table orders (id bigint, line int, sku varchar(12) not null, qty numeric(8,2), primary key (id, line))");
      st.execute("create table customers (id serial primary key, name text)");
      DatabaseMetaData md = c.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "public", "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
        }
      }
      assertEquals(List.of("customers:TABLE", "orders:TABLE"), tables);
      List<String> cols = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "public", "orders", "%")) {
        while (rs.next()) {
          cols.add(
              rs.getString("COLUMN_NAME")
                  + " "
                  + rs.getString("TYPE_NAME")
                  + " "
                  + rs.getInt("COLUMN_SIZE")
                  + " "
                  + rs.getString("IS_NULLABLE"));
        }
      }
      assertEquals(
          List.of("id int8 19 NO", "line int4 10 NO", "sku varchar 12 NO", "qty numeric 8 YES"),
          cols);
      List<String> pk = new ArrayList<>();
      try (ResultSet rs = md.getPrimaryKeys(null, "public", "orders")) {
        while (rs.next()) {
          pk.add(
              rs.getString("COLUMN_NAME")
                  + "@"
                  + rs.getInt("KEY_SEQ")
                  + " "
                  + rs.getString("PK_NAME"));
        }
      }
      assertEquals(List.of("id@1 orders_pkey", "line@2 orders_pkey"), pk);
    }
  }
}
