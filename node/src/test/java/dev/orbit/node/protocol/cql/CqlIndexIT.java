package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.IndexKind;
import com.datastax.oss.driver.api.core.metadata.schema.IndexMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secondary indexes (CREATE INDEX / DROP INDEX) through the Java driver. */
class CqlIndexIT {
  @TempDir Path dir;

  private static TreeSet<Integer> ks(Iterable<Row> rows) {
    TreeSet<Integer> out = new TreeSet<>();
    rows.forEach(r -> out.add(r.getInt("k") * 100 + r.getInt("c")));
    return out;
  }

  private static TreeSet<Integer> set(Integer... v) {
    return new TreeSet<>(List.of(v));
  }

  @Test
  void indexedColumnIsQueryableWithoutAllowFilteringAndFollowsWrites() throws Exception {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.t (k int, c int, color text, n int, PRIMARY KEY (k, c))");
      PreparedStatement ins = s.prepare("INSERT INTO ks.t (k, c, color, n) VALUES (?, ?, ?, ?)");
      for (int k = 0; k < 20; k++) {
        for (int c = 0; c < 3; c++) {
          s.execute(ins.bind(k, c, (k + c) % 2 == 0 ? "red" : "blue", k));
        }
      }
      InvalidQueryException before =
          assertThrows(
              InvalidQueryException.class,
              () -> s.execute("SELECT k, c FROM ks.t WHERE color = 'red'"));
      assertTrue(before.getMessage().contains("ALLOW FILTERING"), before.getMessage());

      s.execute("CREATE INDEX ON ks.t (color)");
      TreeSet<Integer> red = new TreeSet<>();
      for (int k = 0; k < 20; k++) {
        for (int c = 0; c < 3; c++) {
          if ((k + c) % 2 == 0) {
            red.add(k * 100 + c);
          }
        }
      }
      PreparedStatement byColor = s.prepare("SELECT k, c FROM ks.t WHERE color = ?");
      // existing rows were indexed at creation; paging through the index returns each once
      List<Row> paged = new ArrayList<>();
      s.execute(byColor.bind("red").setPageSize(7)).forEach(paged::add);
      assertEquals(red.size(), paged.size());
      assertEquals(red, ks(paged));

      // updates move a row between values, deletes and TTLs remove it
      s.execute("UPDATE ks.t SET color = 'blue' WHERE k = 0 AND c = 0");
      s.execute("DELETE FROM ks.t WHERE k = 0 AND c = 2");
      s.execute("DELETE color FROM ks.t WHERE k = 1 AND c = 1");
      s.execute("DELETE FROM ks.t WHERE k = 2");
      s.execute("INSERT INTO ks.t (k, c, color) VALUES (50, 0, 'green')");
      s.execute("INSERT INTO ks.t (k, c, color) VALUES (51, 0, 'green') USING TTL 1");
      red.removeAll(set(0, 2, 101, 200, 202));
      assertEquals(red, ks(s.execute(byColor.bind("red"))));
      assertTrue(ks(s.execute(byColor.bind("blue"))).contains(0));
      // the TTL'd row disappears from index reads once expired
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (ks(s.execute(byColor.bind("green"))).size() > 1 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertEquals(set(5000), ks(s.execute(byColor.bind("green"))));

      // with the partition key too, and with other relations needing ALLOW FILTERING
      assertEquals(
          set(400, 402), ks(s.execute("SELECT k, c FROM ks.t WHERE k = 4 AND color = 'red'")));
      assertThrows(
          InvalidQueryException.class,
          () -> s.execute("SELECT k, c FROM ks.t WHERE color = 'red' AND n = 4"));
      assertEquals(
          set(400, 402),
          ks(s.execute("SELECT k, c FROM ks.t WHERE color = 'red' AND n = 4 ALLOW FILTERING")));
      assertEquals(
          red.size(), s.execute("SELECT count(*) FROM ks.t WHERE color = 'red'").one().getLong(0));

      // driver metadata lists the index
      TableMetadata tm =
          s.refreshSchema().getKeyspace("ks").orElseThrow().getTable("t").orElseThrow();
      IndexMetadata im =
          tm.getIndexes()
              .get(com.datastax.oss.driver.api.core.CqlIdentifier.fromCql("t_color_idx"));
      assertEquals(IndexKind.COMPOSITES, im.getKind());
      assertEquals("color", im.getTarget());
      assertEquals(Map.of("target", "color"), im.getOptions());

      // messages as Cassandra 5.0 gives them
      InvalidQueryException dup =
          assertThrows(
              InvalidQueryException.class, () -> s.execute("CREATE INDEX ON ks.t (color)"));
      assertEquals(
          "Index t_color_idx_1 is a duplicate of existing index t_color_idx", dup.getMessage());
      InvalidQueryException missing =
          assertThrows(InvalidQueryException.class, () -> s.execute("DROP INDEX ks.nope"));
      assertEquals("Index 'ks.nope' doesn't exist'", missing.getMessage());
      s.execute("CREATE INDEX IF NOT EXISTS ON ks.t (color)");
      assertThrows(InvalidQueryException.class, () -> s.execute("ALTER TABLE ks.t DROP color"));

      s.execute("DROP INDEX ks.t_color_idx");
      assertThrows(
          InvalidQueryException.class,
          () -> s.execute("SELECT k, c FROM ks.t WHERE color = 'red'"));
      assertTrue(
          s.refreshSchema()
              .getKeyspace("ks")
              .orElseThrow()
              .getTable("t")
              .orElseThrow()
              .getIndexes()
              .isEmpty());
    }
  }

  @Test
  void indexSurvivesRestartAndTruncate() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.u (k int, c int, v int, PRIMARY KEY (k, c))");
      s.execute("CREATE INDEX v_idx ON ks.u (v)");
      s.execute("INSERT INTO ks.u (k, c, v) VALUES (1, 1, 7)");
      s.execute("INSERT INTO ks.u (k, c, v) VALUES (2, 1, 7)");
    }
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      assertEquals(
          set(101, 201),
          ks(s.execute(SimpleStatement.newInstance("SELECT k, c FROM ks.u WHERE v = 7"))));
      s.execute("TRUNCATE ks.u");
      s.execute("INSERT INTO ks.u (k, c, v) VALUES (3, 1, 8)");
      assertEquals(set(), ks(s.execute("SELECT k, c FROM ks.u WHERE v = 7")));
      assertEquals(set(301), ks(s.execute("SELECT k, c FROM ks.u WHERE v = 8")));
    }
  }
}
