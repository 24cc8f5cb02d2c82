package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CqlDriverIT {
  @TempDir Path dir;

  @Test
  void driverConnectsWithAuthAndReadsWhatItWrote() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute(
          "CREATE TABLE ks.t (k int, c text, v bigint, l list<int>, m map<text,int>, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC)");
      s.execute("INSERT INTO ks.t (k, c, v, l, m) VALUES (1, 'a', 10, [1,2], {'x': 1})");
      s.execute("INSERT INTO ks.t (k, c, v) VALUES (1, 'b', 20)");
      s.execute("UPDATE ks.t SET l = l + [3], m['y'] = 2 WHERE k = 1 AND c = 'a'");
      List<Row> rows = s.execute("SELECT c, v, l, m FROM ks.t WHERE k = 1").all();
      assertEquals(2, rows.size());
      assertEquals("b", rows.get(0).getString("c"));
      assertEquals("a", rows.get(1).getString("c"));
      assertEquals(List.of(1, 2, 3), rows.get(1).getList("l", Integer.class));
      assertEquals(Map.of("x", 1, "y", 2), rows.get(1).getMap("m", String.class, Integer.class));
      assertEquals(10L, s.execute("SELECT v FROM ks.t WHERE k = 1 AND c = 'a'").one().getLong("v"));
      TableMetadata tm = s.getMetadata().getKeyspace("ks").get().getTable("t").get();
      assertEquals(5, tm.getColumns().size());
    }
  }

  @Test
  void wrongPasswordIsRefused() {
    try (TestNode n = CqlFixture.start(dir)) {
      assertThrows(
          AllNodesFailedException.class, () -> CqlFixture.connect(n, "orbit", "nope").close());
    }
  }

  @Test
  void preparedPagingBatchesLwtCountersAndTtl() throws Exception {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.p (k int, c int, v text, PRIMARY KEY (k, c))");
      PreparedStatement ins = s.prepare("INSERT INTO ks.p (k, c, v) VALUES (?, ?, ?)");
      for (int i = 0; i < 10_000; i++) {
        s.execute(ins.bind(i % 7, i, "v" + i));
      }
      int seen = 0;
      for (Row r : s.execute(SimpleStatement.newInstance("SELECT * FROM ks.p").setPageSize(500))) {
        seen++;
      }
      assertEquals(10_000, seen);
      assertEquals(10_000L, s.execute("SELECT count(*) FROM ks.p").one().getLong(0));
      BatchStatement b =
          BatchStatement.newInstance(DefaultBatchType.LOGGED)
              .add(ins.bind(100, 1, "x"))
              .add(ins.bind(100, 2, "y"));
      s.execute(b);
      assertEquals(2, s.execute("SELECT * FROM ks.p WHERE k = 100").all().size());
      assertTrue(
          s.execute("INSERT INTO ks.p (k, c, v) VALUES (200, 1, 'a') IF NOT EXISTS").wasApplied());
      ResultSet again = s.execute("INSERT INTO ks.p (k, c, v) VALUES (200, 1, 'b') IF NOT EXISTS");
      assertFalse(again.wasApplied());
      assertEquals("a", again.one().getString("v"));
      assertTrue(
          s.execute("UPDATE ks.p SET v = 'c' WHERE k = 200 AND c = 1 IF v = 'a'").wasApplied());
      s.execute("CREATE TABLE ks.cnt (k text PRIMARY KEY, n counter)");
      s.execute("UPDATE ks.cnt SET n = n + 5 WHERE k = 'a'");
      s.execute("UPDATE ks.cnt SET n = n - 2 WHERE k = 'a'");
      assertEquals(3L, s.execute("SELECT n FROM ks.cnt WHERE k = 'a'").one().getLong("n"));
      s.execute("INSERT INTO ks.p (k, c, v) VALUES (300, 1, 'gone') USING TTL 1");
      long deadline = System.currentTimeMillis() + 60_000;
      while (s.execute("SELECT * FROM ks.p WHERE k = 300").one() != null) {
        assertTrue(System.currentTimeMillis() < deadline, "row did not expire");
        Thread.sleep(200);
      }
      assertThrows(
          InvalidQueryException.class, () -> s.execute("SELECT * FROM ks.p WHERE v = 'x'"));
    }
  }

  @Test
  void restartKeepsSchemaAndRows() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.r (k text PRIMARY KEY, s set<text>)");
      s.execute("INSERT INTO ks.r (k, s) VALUES ('a', {'x', 'y'})");
    }
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      assertEquals(
          Set.of("x", "y"),
          s.execute("SELECT s FROM ks.r WHERE k = 'a'").one().getSet("s", String.class));
      assertNull(s.execute("SELECT s FROM ks.r WHERE k = 'b'").one());
    }
  }

  @Test
  void preparedStatementFollowsTheTableAfterItIsDroppedAndCreatedAgain() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.d (k int PRIMARY KEY, v text)");
      PreparedStatement ins = s.prepare("INSERT INTO ks.d (k, v) VALUES (?, ?)");
      PreparedStatement get = s.prepare("SELECT v FROM ks.d WHERE k = ?");
      s.execute(ins.bind(1, "old"));
      assertEquals("old", s.execute(get.bind(1)).one().getString("v"));
      s.execute("DROP TABLE ks.d");
      s.execute("CREATE TABLE ks.d (k int PRIMARY KEY, v text)");
      assertNull(s.execute(get.bind(1)).one());
      s.execute(ins.bind(2, "new"));
      assertEquals("new", s.execute(get.bind(2)).one().getString("v"));
      assertEquals(
          List.of(2),
          s.execute("SELECT k FROM ks.d").all().stream().map(r -> r.getInt("k")).toList());
    }
  }

  @Test
  void driverMetadataReadsTableOptions() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute(
          "CREATE TABLE ks.o (k int PRIMARY KEY, v text) WITH default_time_to_live = 60 AND comment = 'hi'");
      Map<CqlIdentifier, Object> o =
          s.getMetadata().getKeyspace("ks").get().getTable("o").get().getOptions();
      assertEquals(60, o.get(CqlIdentifier.fromCql("default_time_to_live")));
      assertEquals("hi", o.get(CqlIdentifier.fromCql("comment")));
      assertEquals(864000, o.get(CqlIdentifier.fromCql("gc_grace_seconds")));
      assertEquals(0.01, o.get(CqlIdentifier.fromCql("bloom_filter_fp_chance")));
      assertEquals(
          Map.of("keys", "ALL", "rows_per_partition", "NONE"),
          o.get(CqlIdentifier.fromCql("caching")));
      assertEquals(
          "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy",
          ((Map<?, ?>) o.get(CqlIdentifier.fromCql("compaction"))).get("class"));
      assertTrue(
          s.getMetadata()
              .getKeyspace("ks")
              .get()
              .getTable("o")
              .get()
              .describe(false)
              .contains("default_time_to_live = 60"));
    }
  }
}
