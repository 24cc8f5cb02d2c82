package dev.orbit.node.storage;

import static dev.orbit.node.storage.StorageFixture.b;
import static dev.orbit.node.storage.StorageFixture.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolStoreTest {
  @TempDir Path dir;

  private static long future() {
    return System.currentTimeMillis() + 60_000;
  }

  private static void moveAll(ProtocolStore st, Tier from) {
    while (st.moveOlderThan(from, future(), 1000)[0] == 1000) {
      // keep going until a partial batch says nothing older is left
    }
  }

  @Test
  void restartKeepsEveryKeyAndItsWalLivesUnderTheWalRoot() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      for (int i = 0; i < 500; i++) {
        st.put(b("k" + i), b("v" + i)).join();
      }
      st.delete(b("k7")).durable().join();
    }
    try (Stream<Path> wal = Files.walk(dir.resolve("wal/redis"))) {
      assertTrue(wal.anyMatch(p -> p.toString().endsWith(".log")), "WAL files under wal/redis");
    }
    try (Stream<Path> hot = Files.list(dir.resolve("hot/redis"))) {
      assertFalse(hot.anyMatch(p -> p.toString().endsWith(".log")), "no WAL in the hot folder");
    }
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      assertEquals("v0", s(st.get(b("k0"))));
      assertEquals("v499", s(st.get(b("k499"))));
      assertNull(st.get(b("k7")));
    }
  }

  @Test
  void recordsMoveHotToWarmToColdAndStayReadable() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      for (int i = 0; i < 2500; i++) {
        st.put(b(String.format("key%05d", i)), b("value" + i)).join();
      }
      moveAll(st, Tier.HOT);
      assertEquals(Tier.WARM, st.tierOf(b("key00042")));
      assertEquals("value42", s(st.get(b("key00042"))));
      moveAll(st, Tier.WARM);
      assertEquals(Tier.COLD, st.tierOf(b("key02499")));
      assertEquals("value2499", s(st.get(b("key02499"))));
      int n = 0;
      try (MergedScan scan = st.scan(null, null)) {
        while (scan.hasNext()) {
          scan.next();
          n++;
        }
      }
      assertEquals(2500, n);
    }
  }

  @Test
  void updatesAndDeletesAfterAMoveWin() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("a"), b("old")).join();
      st.put(b("b"), b("doomed")).join();
      st.put(b("c"), b("doomed-in-warm")).join();
      moveAll(st, Tier.HOT);
      moveAll(st, Tier.WARM);
      assertEquals(Tier.COLD, st.tierOf(b("a")));
      st.put(b("a"), b("new")).join();
      assertTrue(st.delete(b("b")).value());
      assertEquals("new", s(st.get(b("a"))));
      assertNull(st.get(b("b")));
      // the tombstone of b moves down and finally removes b from cold
      moveAll(st, Tier.HOT);
      assertNull(st.get(b("b")));
      assertEquals("new", s(st.get(b("a"))));
      moveAll(st, Tier.WARM);
      assertNull(st.get(b("b")));
      assertNull(e.store("redis").db(Tier.COLD).getRaw(b("b")), "tombstone applied in cold");
      assertEquals("new", s(st.get(b("a"))));
    }
  }

  @Test
  void aMoverCrashBetweenCopyAndDeleteLosesNothing() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      for (int i = 0; i < 300; i++) {
        st.put(b("k" + i), b("v" + i)).join();
      }
      st.setMoveHook(
          (from, n) -> {
            throw new IllegalStateException("injected crash after copying " + n);
          });
      assertThrows(IllegalStateException.class, () -> st.moveOlderThan(Tier.HOT, future(), 1000));
      // both tiers now hold the records; reads resolve the duplicate to one value
      assertArrayEquals(b("v5"), st.get(b("k5")));
      assertTrue(e.store("redis").db(Tier.WARM).getRaw(b("k5")) != null);
      assertTrue(e.store("redis").db(Tier.HOT).getRaw(b("k5")) != null);
      st.setMoveHook(null);
      st.moveOlderThan(Tier.HOT, future(), 1000);
      assertNull(e.store("redis").db(Tier.HOT).getRaw(b("k5")), "duplicate removed by next run");
      for (int i = 0; i < 300; i++) {
        assertEquals("v" + i, s(st.get(b("k" + i))));
      }
    }
  }

  @Test
  void moverCostFollowsWhatIsOldEnough() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      for (int i = 0; i < 100; i++) {
        st.put(b("old" + i), b("x")).join();
      }
      long cutoff = System.currentTimeMillis() + 1;
      sleep(5);
      for (int i = 0; i < 1000; i++) {
        st.put(b("new" + i), b("y")).join();
      }
      int[] r = st.moveOlderThan(Tier.HOT, cutoff, 10_000);
      assertEquals(100, r[0], "only the old records' index entries were read");
      assertEquals(100, r[1]);
      assertEquals(Tier.HOT, st.tierOf(b("new5")));
    }
  }

  @Test
  void atomicWritesCommitAllOrNothing() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("x"), b("1")).join();
      assertThrows(
          IllegalStateException.class,
          () ->
              st.atomically(
                  List.of(b("x"), b("y")),
                  t -> {
                    t.put(b("x"), b("2"));
                    t.put(b("y"), b("2"));
                    throw new IllegalStateException("abort");
                  }));
      assertEquals("1", s(st.get(b("x"))));
      assertNull(st.get(b("y")));
    }
  }

  @Test
  void aSavepointUndoesOnlyTheLaterWrites() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("k"), b("stored")).join();
      st.atomically(
          List.of(b("k"), b("x")),
          t -> {
            t.put(b("x"), b("1"));
            Txn.Savepoint sp = t.savepoint();
            t.put(b("x"), b("2"));
            t.delete(b("k"));
            assertNull(t.get(b("k")));
            t.rollbackTo(sp);
            assertEquals("stored", s(t.get(b("k"))));
            assertEquals("1", s(t.get(b("x"))));
            return null;
          });
      assertEquals("1", s(st.get(b("x"))));
      assertEquals("stored", s(st.get(b("k"))));
    }
  }

  @Test
  void concurrentWritersAndTheMoverAgree() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int id = w;
        writers.add(
            new Thread(
                () -> {
                  for (int i = 0; i < 2000; i++) {
                    st.put(b("w" + id + ":" + (i % 200)), b(Integer.toString(i))).join();
                  }
                }));
      }
      writers.forEach(Thread::start);
      while (writers.stream().anyMatch(Thread::isAlive)) {
        st.moveOlderThan(Tier.HOT, future(), 100);
        st.moveOlderThan(Tier.WARM, future(), 100);
      }
      for (Thread t : writers) {
        t.join();
      }
      for (int w = 0; w < 4; w++) {
        for (int k = 0; k < 200; k++) {
          assertEquals(
              Integer.toString(1800 + k), s(st.get(b("w" + w + ":" + k))), "w" + w + ":" + k);
        }
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
