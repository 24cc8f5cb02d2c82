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
