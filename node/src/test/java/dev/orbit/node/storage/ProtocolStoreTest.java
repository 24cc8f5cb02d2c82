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

  /** Deletes {@code key} and waits until the delete is committed (and so visible). */
  private static boolean deleted(ProtocolStore st, byte[] key) {
    ProtocolStore.Committed<Boolean> d = st.delete(key);
    d.durable().join();
    return d.value();
  }

  private static void moveAll(ProtocolStore st, Tier from) {
    while (st.moveOlderThan(from, future(), 1000)[0] == 1000) {
      // keep going until a partial batch says nothing older is left
    }
  }

  @Test
  void aLeadersSetupWriteThatFailsIsRetriedWhileItLeads() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      java.util.concurrent.atomic.AtomicInteger attempts =
          new java.util.concurrent.atomic.AtomicInteger();
      st.onLeading(
          "a test setup",
          () -> {
            if (attempts.incrementAndGet() < 3) {
              throw new StorageException("a transient failure");
            }
            st.put(b("setup"), b("done")).join();
          });
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (st.get(b("setup")) == null && System.nanoTime() < deadline) {
        Thread.sleep(20); // polls for the state, bounded by the deadline
      }
      assertEquals("done", s(st.get(b("setup"))));
      assertEquals(3, attempts.get());
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
      assertTrue(deleted(st, b("b")));
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
      // the member dies between the move's copy and its delete (inside the move entry's apply)
      st.setMoveHook(
          (from, n) -> {
            throw new IllegalStateException("injected crash after copying " + n);
          });
      StorageException crash =
          assertThrows(StorageException.class, () -> st.moveOlderThan(Tier.HOT, future(), 1000));
      assertTrue(crash.getMessage().contains("injected crash"), crash.getMessage());
      st.setMoveHook(null);
      // both tiers now hold the records; reads resolve the duplicate to one value (read locally:
      // the failed apply stopped this member's log, so a client read may already be refused)
      assertArrayEquals(b("v5"), st.getLocal(b("k5")));
      assertTrue(e.store("redis").db(Tier.WARM).getRaw(b("k5")) != null);
      assertTrue(e.store("redis").db(Tier.HOT).getRaw(b("k5")) != null);
    }
    // the restart replays the move entry: the duplicates are gone and nothing is lost
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("after"), b("restart")).join();
      assertNull(e.store("redis").db(Tier.HOT).getRaw(b("k5")), "duplicate removed by the replay");
      for (int i = 0; i < 300; i++) {
        assertEquals("v" + i, s(st.get(b("k" + i))));
        assertEquals(Tier.WARM, st.tierOf(b("k" + i)));
      }
    }
  }

  /** A write set larger than one log entry is sent in parts and applied whole, also on replay. */
  @Test
  void aWriteSetLargerThanALogEntryIsStoredWhole() throws Exception {
    byte[] big = new byte[3 * Proposer.MAX_ENTRY + 12345];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + (i >>> 13));
    }
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("small"), b("before")).join();
      st.put(b("big"), big).join();
      st.put(b("small"), b("after")).join();
      assertArrayEquals(big, st.get(b("big")));
      assertEquals("after", s(st.get(b("small"))));
      try (Stream<Path> staged = Files.walk(dir)) {
        assertFalse(
            staged.anyMatch(p -> p.getFileName().toString().endsWith("-part")),
            "no staged part is left once the write set is applied");
      }
    }
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      assertArrayEquals(big, st.get(b("big")));
      assertEquals("after", s(st.get(b("small"))));
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
              })
          .durable()
          .join();
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

  @Test
  void aBufferedWriteSetCommitsPutsAndDeletesTogether() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("cold"), b("x")).join();
      st.put(b("hot"), b("y")).join();
      moveAll(st, Tier.HOT);
      st.put(b("hot"), b("y2")).join();
      byte[] gone = new byte[0];
      java.util.TreeMap<byte[], byte[]> writes =
          new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
      writes.put(b("cold"), gone);
      writes.put(b("hot"), gone);
      writes.put(b("new"), b("z"));
      st.write(writes.entrySet(), v -> v == gone).join();
      assertNull(st.get(b("cold")), "a tombstone shadows the warm copy");
      assertNull(st.get(b("hot")));
      assertEquals("z", s(st.get(b("new"))));
      assertTrue(e.store("redis").db(Tier.WARM).getRaw(b("cold")) != null);
      moveAll(st, Tier.HOT);
      moveAll(st, Tier.WARM);
      assertNull(st.get(b("cold")));
      assertEquals("z", s(st.get(b("new"))));
    }
  }

  @Test
  void aBulkWriteTakesEveryLockAndLeavesNoStaleCachedValue() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("k00042"), b("old")).join();
      for (int i = 0; i < 3; i++) {
        assertEquals("old", s(st.get(b("k00042")))); // cached
      }
      Thread small =
          new Thread(
              () -> {
                for (int i = 0; i < 2000; i++) {
                  st.atomically(
                          List.of(b("other")),
                          t -> {
                            t.put(b("other"), b("v"));
                            return null;
                          })
                      .durable()
                      .join();
                }
              });
      small.start();
      java.util.TreeMap<byte[], byte[]> bulk =
          new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
      for (int i = 0; i < 10_000; i++) {
        bulk.put(b(String.format("k%05d", i)), b("new" + i));
      }
      st.write(bulk.entrySet(), v -> false).join();
      small.join();
      assertEquals("new42", s(st.get(b("k00042"))));
      assertEquals("new9999", s(st.get(b("k09999"))));
      assertEquals("v", s(st.get(b("other"))));
    }
  }

  @Test
  void aClearedRangeIsGoneInEveryTierAndItsStaleAgeEntriesAreDropped() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      for (int i = 0; i < 100; i++) {
        st.put(b("a" + i), b("x")).join();
        st.put(b("b" + i), b("y")).join();
      }
      moveAll(st, Tier.HOT); // everything in warm
      for (int i = 0; i < 50; i++) {
        st.put(b("b" + i), b("y2")).join(); // half of b also in hot
      }
      st.clearRange(b("b"), b("c")).join();
      for (int i = 0; i < 100; i++) {
        assertNull(st.get(b("b" + i)), "b" + i);
        assertEquals("x", s(st.get(b("a" + i))));
      }
      int[] r = st.moveOlderThan(Tier.HOT, future(), 1000);
      assertEquals(0, r[1], "the stale age entries of cleared records move nothing");
      moveAll(st, Tier.WARM);
      for (int i = 0; i < 100; i++) {
        assertNull(st.get(b("b" + i)), "b" + i + " after the moves");
        assertEquals("x", s(st.get(b("a" + i))));
      }
      st.put(b("b7"), b("again")).join();
      assertEquals("again", s(st.get(b("b7"))), "a write after the clear is seen");
      st.clearRange(null, null).join();
      assertNull(st.get(b("a1")));
      assertNull(st.get(b("b7")));
    }
  }

  @Test
  void cachedReadsFollowWritesDeletesMovesAndClears() {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("a"), b("1")).join();
      assertEquals("1", s(st.get(b("a"))));
      assertEquals("1", s(st.get(b("a"))), "admitted to the record cache on its second miss");
      assertTrue(st.recordCacheBytes() > 0);
      assertEquals("1", s(st.get(b("a"))), "served from the record cache");
      st.atomically(
              List.of(b("a")),
              t -> {
                t.put(b("a"), b("2"));
                return null;
              })
          .durable()
          .join();
      assertEquals("2", s(st.get(b("a"))));
      moveAll(st, Tier.HOT);
      assertEquals("2", s(st.get(b("a"))), "a move keeps the cached value right");
      assertTrue(deleted(st, b("a")));
      assertNull(st.get(b("a")), "a tombstone over warm");
      st.put(b("b"), b("x")).join();
      assertEquals("x", s(st.get(b("b"))));
      assertTrue(deleted(st, b("b")));
      assertNull(st.get(b("b")), "a plain delete from hot");
      st.put(b("c"), b("y")).join();
      assertEquals("y", s(st.get(b("c"))));
      st.clearRange(null, null).join();
      assertNull(st.get(b("c")), "a cleared range is not served from the cache");
    }
  }

  @Test
  void aTinyRecordCacheStaysCoherentUnderConcurrentReadersWritersAndTheMover() throws Exception {
    // 1Ki of cache: two slots, so every key collides with others all the time
    try (StorageEngine e = StorageFixture.open(dir, "storage.recordCacheSize=1Ki")) {
      ProtocolStore st = e.store("redis");
      int keys = 8;
      int perWriter = 1500;
      List<Thread> threads = new ArrayList<>();
      java.util.concurrent.atomic.AtomicBoolean done =
          new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.ConcurrentLinkedQueue<String> problems =
          new java.util.concurrent.ConcurrentLinkedQueue<>();
      for (int w = 0; w < 2; w++) {
        threads.add(
            new Thread(
                () -> {
                  List<java.util.concurrent.CompletableFuture<Void>> acks = new ArrayList<>();
                  for (int i = 0; i < perWriter; i++) {
                    byte[] k = b("n" + (i % keys));
                    acks.add(
                        st.atomically(
                                List.of(k),
                                t -> {
                                  byte[] cur = t.get(k);
                                  t.put(
                                      k,
                                      b(
                                          Integer.toString(
                                              cur == null ? 1 : Integer.parseInt(s(cur)) + 1)));
                                  return null;
                                })
                            .durable());
                  }
                  // writes are visible once committed: the check below reads after the last one
                  acks.forEach(java.util.concurrent.CompletableFuture::join);
                }));
      }
      for (int r = 0; r < 2; r++) {
        threads.add(
            new Thread(
                () -> {
                  int[] last = new int[keys];
                  while (!done.get()) {
                    for (int k = 0; k < keys; k++) {
                      byte[] v = st.get(b("n" + k));
                      int n = v == null ? 0 : Integer.parseInt(s(v));
                      if (n < last[k]) {
                        problems.add("n" + k + " went back from " + last[k] + " to " + n);
                      }
                      last[k] = n;
                    }
                  }
                }));
      }
      threads.forEach(Thread::start);
      while (threads.get(0).isAlive() || threads.get(1).isAlive()) {
        st.moveOlderThan(Tier.HOT, future(), 100);
        st.moveOlderThan(Tier.WARM, future(), 100);
      }
      done.set(true);
      for (Thread t : threads) {
        t.join();
      }
      assertEquals(List.of(), List.copyOf(problems));
      int total = 0;
      for (int k = 0; k < keys; k++) {
        total += Integer.parseInt(s(st.get(b("n" + k))));
      }
      assertEquals(2 * perWriter, total, "no increment lost, no stale value left in the cache");
    }
  }

  @Test
  void aWriterNeverReadsACachedRecordOlderThanTheWriteJustApplied() throws Exception {
    // readers keep the hot key's committed record cached; each apply must drop it before its write
    // stops being pending, else a writer reading in between builds on the value before it
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      byte[] k = b("counter");
      int writers = 4;
      int perWriter = 2000;
      java.util.concurrent.atomic.AtomicBoolean done =
          new java.util.concurrent.atomic.AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        threads.add(
            new Thread(
                () -> {
                  for (int i = 0; i < perWriter; i++) {
                    // a client waits for its write's reply before its next one
                    st.atomically(
                            List.of(k),
                            t -> {
                              byte[] cur = t.get(k);
                              int n = cur == null ? 1 : Integer.parseInt(s(cur)) + 1;
                              t.put(k, b(Integer.toString(n)));
                              return null;
                            })
                        .durable()
                        .join();
                  }
                }));
      }
      Thread reader =
          new Thread(
              () -> {
                while (!done.get()) {
                  st.get(k);
                }
              });
      reader.start();
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      done.set(true);
      reader.join();
      assertEquals(Integer.toString(writers * perWriter), s(st.get(k)), "no increment lost");
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
