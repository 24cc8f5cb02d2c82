package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.orbit.node.TestNode;
import dev.orbit.node.cql.KeyLayout;
import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.ProtocolStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write planned before CREATE INDEX that commits after the index build passed its row still gets
 * its index entry. The write is held between planning and commit by a lock on another row it
 * writes, taken by the test through the store's own atomic API.
 */
class CqlIndexRaceIT {
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

  @TempDir Path dir;

  @Test
  void writePlannedBeforeCreateIndexAndCommittedAfterTheBuildIsIndexed() throws Exception {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, color text)");
      s.execute("CREATE TABLE ks.u (k int PRIMARY KEY, v int)");
      for (int k = 0; k < 20; k++) {
        s.execute("INSERT INTO ks.t (k, color) VALUES (" + k + ", 'old')");
      }
      for (int k = 0; k < 200; k++) {
        s.execute("INSERT INTO ks.u (k, v) VALUES (" + k + ", 0)");
      }
      ProtocolStore store = n.node.storage().store("cql");
      TreeMap<Integer, Map<Integer, byte[]>> rowsByTable = rowKeys(store);
      Map<Integer, byte[]> t = rowsByTable.firstEntry().getValue();
      Map<Integer, byte[]> u = rowsByTable.lastEntry().getValue();
      Set<Integer> tStripes = new HashSet<>();
      int k1 = -1;
      for (Map.Entry<Integer, byte[]> e : t.entrySet()) {
        tStripes.add(stripe(e.getValue()));
        if (k1 < 0 || stripe(e.getValue()) > stripe(t.get(k1))) {
          k1 = e.getKey();
        }
      }
      // a row of u the batch locks before the row of t, on a lock the index build never needs
      int k2 = -1;
      for (Map.Entry<Integer, byte[]> e : u.entrySet()) {
        int st = stripe(e.getValue());
        if (st < stripe(t.get(k1)) && !tStripes.contains(st)) {
          k2 = e.getKey();
          break;
        }
      }
      assertTrue(k2 >= 0, "no row of u locks before the row of t");

      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      byte[] blocker = u.get(k2);
      CompletableFuture<Void> holder =
          CompletableFuture.runAsync(
              () ->
                  store.atomically(
                      List.of(blocker),
                      txn -> {
                        held.countDown();
                        await(release);
                        return null;
                      }));
      try {
        assertTrue(held.await(60, TimeUnit.SECONDS));
        CompletableFuture<AsyncResultSet> write =
            s.executeAsync(
                    "BEGIN BATCH UPDATE ks.t SET color = 'new' WHERE k = "
                        + k1
                        + "; UPDATE ks.u SET v = 1 WHERE k = "
                        + k2
                        + "; APPLY BATCH")
                .toCompletableFuture();
        waitFor(() -> workerParkedIn("dev.orbit.node.storage.StripedLocks"), "write planned");
        CompletableFuture<AsyncResultSet> create =
            s.executeAsync("CREATE INDEX ON ks.t (color)").toCompletableFuture();
        // the build has finished, or CREATE INDEX waits for the write planned before it
        waitFor(
            () ->
                create.isDone() || workerParkedIn("java.util.concurrent.locks.ReentrantReadWrite"),
            "CREATE INDEX built or waiting");
        release.countDown();
        write.get(60, TimeUnit.SECONDS);
        create.get(60, TimeUnit.SECONDS);
      } finally {
        release.countDown();
        holder.get(60, TimeUnit.SECONDS);
      }

      assertEquals(Set.of(k1), keys(s.execute("SELECT k FROM ks.t WHERE color = 'new'")));
      Set<Integer> old = new TreeSet<>(t.keySet());
      old.remove(k1);
      assertEquals(old, keys(s.execute("SELECT k FROM ks.t WHERE color = 'old'")));
    }
  }

  /** Row keys of the cql store per table number, by their int partition key. */
  private static TreeMap<Integer, Map<Integer, byte[]>> rowKeys(ProtocolStore store) {
    TreeMap<Integer, Map<Integer, byte[]>> out = new TreeMap<>();
    try (MergedScan scan = store.scan(new byte[] {'R'}, new byte[] {'S'})) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        byte[] key = kv.key();
        if (key[KeyLayout.partitionLength(key)] != 1) {
          continue;
        }
        int table = ByteBuffer.wrap(key, 1, 4).getInt();
        int k = ByteBuffer.wrap(KeyLayout.pkOf(key)).getInt();
        out.computeIfAbsent(table, x -> new TreeMap<>()).put(k, key);
      }
    }
    return out;
  }

  /** The lock stripe of a key, as {@code storage.StripedLocks} (4096 stripes) computes it. */
  private static int stripe(byte[] key) {
    return Math.floorMod(Arrays.hashCode(key) * 0x9E3779B9, 4096);
  }

  private static boolean workerParkedIn(String classPrefix) {
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (!e.getKey().getName().startsWith("cql-worker-")
          || e.getKey().getState() != Thread.State.WAITING) {
        continue;
      }
      for (StackTraceElement f : e.getValue()) {
        if (f.getClassName().startsWith(classPrefix)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void waitFor(BooleanSupplier state, String what) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE_NANOS;
    while (!state.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting for: " + what);
      Thread.sleep(10);
    }
  }

  private static void await(CountDownLatch l) {
    try {
      l.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Set<Integer> keys(Iterable<Row> rows) {
    Set<Integer> out = new TreeSet<>();
    rows.forEach(r -> out.add(r.getInt("k")));
    return out;
  }
}
