package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DELETE of a range of rows within a partition: range tombstones with a write timestamp. */
class CqlRangeDeleteIT {
  @TempDir Path dir;

  private static List<Integer> cs(Iterable<Row> rs) {
    List<Integer> out = new ArrayList<>();
    for (Row r : rs) {
      out.add(r.getInt("c"));
    }
    return out;
  }

  private static void fill(CqlSession s, String table, int k, int n) {
    PreparedStatement ins = s.prepare("INSERT INTO " + table + " (k, c, v) VALUES (?, ?, 'v')");
    for (int c = 0; c < n; c++) {
      s.execute(ins.bind(k, c));
    }
  }

  @Test
  void sliceDeletesHideTheRowsTheyCoverAndOnlyThose() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.t (k int, c int, s text STATIC, v text, PRIMARY KEY (k, c))");
      s.execute(
          "CREATE TABLE ks.d (k int, c int, v text, PRIMARY KEY (k, c))"
              + " WITH CLUSTERING ORDER BY (c DESC)");
      fill(s, "ks.t", 1, 10);
      fill(s, "ks.t", 2, 3);
      s.execute("UPDATE ks.t SET s = 'st' WHERE k = 1");
      s.execute("DELETE FROM ks.t WHERE k = 1 AND c > 7");
      assertEquals(
          List.of(0, 1, 2, 3, 4, 5, 6, 7), cs(s.execute("SELECT * FROM ks.t WHERE k = 1")));
      s.execute(s.prepare("DELETE FROM ks.t WHERE k = ? AND c >= ? AND c < ?").bind(1, 2, 4));
      assertEquals(List.of(0, 1, 4, 5, 6, 7), cs(s.execute("SELECT * FROM ks.t WHERE k = 1")));
      s.execute("DELETE FROM ks.t WHERE k = 1 AND c <= 0");
      // paging, reversed order and another partition are not disturbed; the static stays
      List<Integer> paged =
          cs(
              s.execute(
                  SimpleStatement.newInstance("SELECT * FROM ks.t WHERE k = 1").setPageSize(2)));
      assertEquals(List.of(1, 4, 5, 6, 7), paged);
      assertEquals(
          List.of(7, 6, 5, 4, 1), cs(s.execute("SELECT * FROM ks.t WHERE k = 1 ORDER BY c DESC")));
      assertEquals(List.of(0, 1, 2), cs(s.execute("SELECT * FROM ks.t WHERE k = 2")));
      assertEquals("st", s.execute("SELECT s FROM ks.t WHERE k = 1 AND c = 5").one().getString(0));
      assertEquals(8L, s.execute("SELECT count(*) FROM ks.t").one().getLong(0));

      // a row written after the deletion with a newer timestamp shows; an older one stays hidden
      s.execute("INSERT INTO ks.t (k, c, v) VALUES (1, 9, 'new')");
      s.execute("INSERT INTO ks.t (k, c, v) VALUES (1, 3, 'old') USING TIMESTAMP 1000");
      assertEquals(List.of(1, 4, 5, 6, 7, 9), cs(s.execute("SELECT * FROM ks.t WHERE k = 1")));

      // a DESC clustering column: bounds mean values, not stored order
      fill(s, "ks.d", 1, 6);
      s.execute("DELETE FROM ks.d WHERE k = 1 AND c > 1 AND c <= 3");
      assertEquals(List.of(5, 4, 1, 0), cs(s.execute("SELECT * FROM ks.d WHERE k = 1")));
    }
  }

  @Test
  void clusteringPrefixDeleteRemovesEveryRowUnderThePrefix() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.p (k int, a text, c int, v text, PRIMARY KEY (k, a, c))");
      s.execute("CREATE INDEX ON ks.p (v)");
      for (String a : List.of("x", "y", "z")) {
        for (int c = 0; c < 3; c++) {
          s.execute("INSERT INTO ks.p (k, a, c, v) VALUES (1, ?, ?, ?)", a, c, "v" + c);
        }
      }
      s.execute("DELETE FROM ks.p WHERE k = 1 AND a = 'y'");
      s.execute("DELETE FROM ks.p WHERE k = 1 AND a = 'z' AND c > 0");
      List<String> left = new ArrayList<>();
      for (Row r : s.execute("SELECT a, c FROM ks.p WHERE k = 1")) {
        left.add(r.getString("a") + r.getInt("c"));
      }
      assertEquals(List.of("x0", "x1", "x2", "z0"), left);
      // the secondary index shows only rows still there
      List<String> byIndex = new ArrayList<>();
      for (Row r : s.execute("SELECT a, c FROM ks.p WHERE v = 'v1'")) {
        byIndex.add(r.getString("a") + r.getInt("c"));
      }
      assertEquals(List.of("x1"), byIndex);
      assertTrue(s.execute("SELECT * FROM ks.p WHERE k = 1 AND a = 'y'").all().isEmpty());

      // bad slices are refused in Cassandra's terms; nothing is deleted
      InvalidQueryException e =
          assertThrows(
              InvalidQueryException.class,
              () -> s.execute("DELETE FROM ks.p WHERE k = 1 AND c > 0"));
      assertEquals(
          "PRIMARY KEY column \"c\" cannot be restricted as preceding column \"a\" is not"
              + " restricted",
          e.getMessage());
      e =
          assertThrows(
              InvalidQueryException.class,
              () -> s.execute("DELETE FROM ks.p WHERE k = 1 AND a > 'a' AND a > 'b'"));
      assertEquals("More than one restriction was found for the start bound on a", e.getMessage());
      assertThrows(
          InvalidQueryException.class,
          () -> s.execute("DELETE v FROM ks.p WHERE k = 1 AND a > 'a'"));
      assertEquals(4, s.execute("SELECT * FROM ks.p WHERE k = 1").all().size());
    }
  }
}
