package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.orbit.node.TestNode;
import dev.orbit.node.cql.CqlEngine;
import dev.orbit.node.cql.KeyLayout;
import dev.orbit.node.cql.TableDef;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.ProtocolStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expiry sweep removes what can never show again from storage, and only that. */
class CqlSweepIT {
  private static final long DEADLINE_MILLIS = 180_000;

  @TempDir Path dir;

  private static CqlEngine engine(TestNode n) {
    return ((CqlServer) n.node.servers().get("cql")).engine();
  }

  private static long keys(TestNode n, byte[] prefix) {
    ProtocolStore store = n.node.storage().store("cql");
    long count = 0;
    try (MergedScan s = store.scan(prefix, KeyLayout.after(prefix))) {
      while (s.hasNext()) {
        s.next();
        count++;
      }
    }
    return count;
  }

  private static List<Integer> cs(Iterable<Row> rs) {
    List<Integer> out = new ArrayList<>();
    for (Row r : rs) {
      out.add(r.getInt("c"));
    }
    return out;
  }

  private static void waitFor(String what, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    long end = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (!done.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < end, "timed out waiting for " + what);
      Thread.sleep(200);
    }
  }

  @Test
  void expiredCellsDeletionsAndTheirIndexEntriesLeaveStorageOnTheSweepsCadence() throws Exception {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute(
          "CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c)) WITH gc_grace_seconds = 0");
      s.execute("CREATE INDEX t_v ON ks.t (v)");
      for (int c = 0; c < 5; c++) {
        s.execute("INSERT INTO ks.t (k, c, v) VALUES (1, " + c + ", 'x') USING TTL 1");
        s.execute("INSERT INTO ks.t (k, c, v) VALUES (2, " + c + ", 'y')");
        s.execute("INSERT INTO ks.t (k, c, v) VALUES (3, " + c + ", 'z')");
      }
      s.execute("INSERT INTO ks.t (k, c, v) VALUES (4, 0, 'kept')");
      s.execute("DELETE FROM ks.t WHERE k = 2");
      s.execute("DELETE FROM ks.t WHERE k = 3 AND c >= 1");
      s.execute("UPDATE ks.t SET v = null WHERE k = 3 AND c = 0");
      TableDef t = engine(n).schema().table("ks", "t");
      byte[] rows = KeyLayout.tablePrefix(t.number);
      byte[] index = KeyLayout.indexPrefix(t.indexes.get(0).number());
      waitFor("the TTL to pass", () -> s.execute("SELECT * FROM ks.t WHERE k = 1").one() == null);

      // the sweep runs by itself: left are the live row, partition 3's row marker
      // (INSERT's, c = 0) and the index entry of the live row
      waitFor("the sweep", () -> keys(n, rows) == 2 && keys(n, index) == 1);
      assertEquals(List.of(0), cs(s.execute("SELECT * FROM ks.t WHERE k = 3")));
      assertNull(s.execute("SELECT v FROM ks.t WHERE k = 3").one().getString("v"));
      assertEquals("kept", s.execute("SELECT v FROM ks.t WHERE v = 'kept'").one().getString("v"));
      assertNull(s.execute("SELECT * FROM ks.t WHERE v = 'x'").one());
      assertEquals(2, s.execute("SELECT * FROM ks.t").all().size());
    }
  }

  @Test
  void deletionsYoungerThanGcGraceStayAndKeepHidingOlderWrites() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))");
      for (int c = 0; c < 4; c++) {
        s.execute("INSERT INTO ks.t (k, c, v) VALUES (1, " + c + ", 'a') USING TIMESTAMP 1000");
      }
      s.execute("DELETE FROM ks.t USING TIMESTAMP 2000 WHERE k = 1 AND c >= 2");
      TableDef t = engine(n).schema().table("ks", "t");
      byte[] rows = KeyLayout.tablePrefix(t.number);

      engine(n).sweeper().sweepOnce();

      // the shadowed rows are gone, the range tombstone (default gc_grace 10 days) stays
      assertEquals(3, keys(n, rows));
      s.execute("INSERT INTO ks.t (k, c, v) VALUES (1, 3, 'old') USING TIMESTAMP 1500");
      assertEquals(List.of(0, 1), cs(s.execute("SELECT * FROM ks.t WHERE k = 1")));
      engine(n).sweeper().sweepOnce();
      assertEquals(3, keys(n, rows));
      assertEquals(List.of(0, 1), cs(s.execute("SELECT * FROM ks.t WHERE k = 1")));
    }
  }
}
