package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static columns: one value per partition, shown with every row of it. */
class CqlStaticIT {
  @TempDir Path dir;

  private static List<String> rows(Iterable<Row> rs) {
    List<String> out = new ArrayList<>();
    for (Row r : rs) {
      out.add(
          r.getObject("k")
              + ","
              + r.getObject("c")
              + ","
              + r.getString("s")
              + ","
              + r.getString("v"));
    }
    return out;
  }

  @Test
  void staticValueShowsWithEveryRowOfItsPartitionAndAlone() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.t (k int, c int, s text STATIC, v text, PRIMARY KEY (k, c))");
      s.execute("INSERT INTO ks.t (k, c, s, v) VALUES (1, 1, 'a', 'x')");
      s.execute("INSERT INTO ks.t (k, c, v) VALUES (1, 2, 'y')");
      assertEquals(
          List.of("1,1,a,x", "1,2,a,y"), rows(s.execute("SELECT * FROM ks.t WHERE k = 1")));
      s.execute("UPDATE ks.t SET s = 'b' WHERE k = 1");
      assertEquals(
          List.of("1,1,b,x", "1,2,b,y"),
          rows(s.execute(SimpleStatement.newInstance("SELECT * FROM ks.t").setPageSize(1))));
      assertEquals(List.of("1,2,b,y"), rows(s.execute("SELECT * FROM ks.t WHERE k = 1 AND c = 2")));

      // a partition with only a static value shows as one row, its clustering columns null
      s.execute("INSERT INTO ks.t (k, s) VALUES (2, 'only')");
      s.execute("INSERT INTO ks.t (k, s) VALUES (3, 'three')");
      assertEquals(List.of("2,null,only,null"), rows(s.execute("SELECT * FROM ks.t WHERE k = 2")));
      assertTrue(rows(s.execute("SELECT * FROM ks.t WHERE k = 2 AND c = 1")).isEmpty());
      List<String> all =
          rows(s.execute(SimpleStatement.newInstance("SELECT * FROM ks.t").setPageSize(1)));
      assertEquals(4, all.size(), all.toString());
      assertTrue(
          all.containsAll(List.of("1,1,b,x", "1,2,b,y", "2,null,only,null", "3,null,three,null")));
      assertEquals(4L, s.execute("SELECT count(*) FROM ks.t").one().getLong(0));
      assertEquals(
          "only", s.execute("SELECT DISTINCT k, s FROM ks.t WHERE k = 2").one().getString("s"));

      // deleting the rows leaves the static; deleting the static leaves nothing
      s.execute("DELETE FROM ks.t WHERE k = 1 AND c = 1");
      s.execute("DELETE FROM ks.t WHERE k = 1 AND c = 2");
      assertEquals(List.of("1,null,b,null"), rows(s.execute("SELECT * FROM ks.t WHERE k = 1")));
      s.execute("DELETE s FROM ks.t WHERE k = 1");
      assertTrue(rows(s.execute("SELECT * FROM ks.t WHERE k = 1")).isEmpty());

      // a partition deletion removes the static; a later write shows again
      s.execute("DELETE FROM ks.t WHERE k = 2");
      assertTrue(rows(s.execute("SELECT * FROM ks.t WHERE k = 2")).isEmpty());
      s.execute("INSERT INTO ks.t (k, c, v) VALUES (2, 5, 'z')");
      Row r = s.execute("SELECT * FROM ks.t WHERE k = 2").one();
      assertNull(r.getString("s"));

      // timestamps: an older static write loses
      s.execute("UPDATE ks.t USING TIMESTAMP 10 SET s = 'old' WHERE k = 3");
      assertEquals("three", s.execute("SELECT s FROM ks.t WHERE k = 3").one().getString("s"));
    }
  }

  @Test
  void staticColumnsAreCheckedAsCassandraDoes() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      InvalidQueryException e =
          assertThrows(
              InvalidQueryException.class,
              () -> s.execute("CREATE TABLE ks.n (k int PRIMARY KEY, s int STATIC)"));
      assertEquals(
          "Static columns are only useful (and thus allowed) if the table has at least one"
              + " clustering column",
          e.getMessage());
      s.execute("CREATE TABLE ks.t (k int, c int, s int STATIC, v int, PRIMARY KEY (k, c))");
      assertEquals(
          "static",
          s.execute(
                  "SELECT kind FROM system_schema.columns WHERE keyspace_name = 'ks' AND"
                      + " table_name = 't' AND column_name = 's'")
              .one()
              .getString("kind"));
      assertTrue(
          s.getMetadata()
              .getKeyspace("ks")
              .get()
              .getTable("t")
              .get()
              .getColumn("s")
              .get()
              .isStatic());
      e =
          assertThrows(
              InvalidQueryException.class,
              () -> s.execute("INSERT INTO ks.t (k, v) VALUES (1, 1)"));
      assertEquals("Some clustering keys are missing: c", e.getMessage());
      assertThrows(
          InvalidQueryException.class,
          () -> s.execute("UPDATE ks.t SET s = 1 WHERE k = 1 IF s = 2"));
      assertThrows(InvalidQueryException.class, () -> s.execute("CREATE INDEX ON ks.t (s)"));
      s.execute("ALTER TABLE ks.t ADD s2 text STATIC");
      s.execute("UPDATE ks.t SET s2 = 'q' WHERE k = 9");
      assertEquals("q", s.execute("SELECT s2 FROM ks.t WHERE k = 9").one().getString("s2"));
    }
  }
}
