package dev.orbit.node.storage;

import static dev.orbit.node.storage.StorageFixture.b;
import static dev.orbit.node.storage.StorageFixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk loads: nothing visible before commit, everything (with the commit's other writes) after it
 * and after a restart, nothing left behind by an abandoned load, and loaded records age into colder
 * tiers like any others.
 */
class BulkLoadTest {
  @TempDir Path dir;

  private static byte[] key(int i) {
    return b(String.format("k%06d", i));
  }

  private static long future() {
    return System.currentTimeMillis() + 60_000;
  }

  private List<Path> ingestFiles() throws Exception {
    Path ingest = dir.resolve("hot/redis/ingest");
    if (!Files.isDirectory(ingest)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(ingest)) {
      return files.toList();
    }
  }

  private List<Path> stagedFiles() throws Exception {
    Path staged = dir.resolve("hot/redis/staged");
    if (!Files.isDirectory(staged)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(staged)) {
      return files.toList();
    }
  }

  /** Chunk files' key ranges kept for the commit of a load not yet ended. */
  private static int keptRanges(ProtocolStore st) {
    TierDb hot = st.db(Tier.HOT);
    int n = 0;
    try (org.rocksdb.RocksIterator it = hot.rocks().newIterator(hot.age())) {
      byte[] to = ProtocolStore.metaKey("range.");
      for (it.seek(ProtocolStore.metaKey("range-")); it.isValid(); it.next()) {
        if (Arrays.compareUnsigned(it.key(), to) >= 0) {
          break;
        }
        n++;
      }
    }
    return n;
  }

  private static long memtableEntries(ProtocolStore st) throws Exception {
    TierDb hot = st.db(Tier.HOT);
    return Long.parseLong(
        hot.rocks().getProperty(hot.records(), "rocksdb.num-entries-active-mem-table"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aLoadIsInvisibleUntilItCommitsWithItsOtherWritesAndSurvivesARestart() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("a-old"), b("gone soon")).join();
      st.put(b("w-cold"), b("in warm")).join();
      while (st.moveOlderThan(Tier.HOT, future(), 1000)[0] == 1000) {
        // move both to warm
      }
      st.put(b("a-old"), b("hot copy")).join();
      try (BulkLoad load = st.bulkLoad()) {
        for (int i = 0; i < 20_000; i++) {
          load.add(key(i), b("v" + i));
        }
        assertEquals(20_000, load.added());
        assertNull(st.get(key(5)), "nothing of a load is visible before its commit");
        byte[] gone = new byte[0];
        TreeMap<byte[], byte[]> rest = new TreeMap<>(Arrays::compareUnsigned);
        rest.put(b("a-new"), b("fresh"));
        rest.put(b("a-old"), gone);
        rest.put(b("w-cold"), gone);
        load.commit(rest.entrySet(), v -> v == gone);
      }
      assertEquals("v0", s(st.get(key(0))));
      assertEquals("v19999", s(st.get(key(19_999))));
      assertEquals("fresh", s(st.get(b("a-new"))));
      assertNull(st.get(b("a-old")), "a delete of the commit removes the hot copy");
      assertNull(st.get(b("w-cold")), "and shadows a warm copy with a tombstone");
      assertNotNull(st.db(Tier.WARM).getRaw(b("w-cold")));
      try (MergedScan scan = st.scan(key(0), key(20_000))) {
        int n = 0;
        while (scan.hasNext()) {
          assertEquals("v" + n, s(scan.next().value()));
          n++;
        }
        assertEquals(20_000, n);
      }
      assertEquals(List.of(), ingestFiles(), "ingested files were moved into the database");
      assertTrue(memtableEntries(st) < 1000, "the load went into files, not the memtable");
    }
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      assertEquals("v12345", s(st.get(key(12_345))));
      assertEquals("fresh", s(st.get(b("a-new"))));
      assertNull(st.get(b("w-cold")));
    }
  }

  @Test
  void anAbandonedLoadStoresNothingAndLeftoverFilesAreRemovedOnOpen() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      try (BulkLoad load = st.bulkLoad()) {
        for (int i = 0; i < 30_000; i++) {
          load.add(key(i), b("v" + i));
        }
      }
      assertNull(st.get(key(1)));
      assertEquals(List.of(), ingestFiles());
      assertEquals(List.of(), stagedFiles(), "an abandoned load's staged files are removed");
      assertEquals(0, keptRanges(st), "and the key ranges kept for its files");
      Files.createDirectories(dir.resolve("hot/redis/staged"));
      Files.write(dir.resolve("hot/redis/staged/00000000000000ff-crashed.sst"), b("half a file"));
    }
    try (StorageEngine e = StorageFixture.open(dir)) {
      long deadline = System.currentTimeMillis() + 60_000;
      while (!stagedFiles().isEmpty() && System.currentTimeMillis() < deadline) {
        sleep(20);
      }
      assertEquals(List.of(), stagedFiles(), "a leader removes what unfinished loads left");
      assertNull(e.store("redis").get(key(1)));
    }
  }

  @Test
  void aLoadTakenBackReturnsItsPutsInOrderAndStoresNothing() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      List<java.util.Map.Entry<byte[], byte[]>> back;
      try (BulkLoad load = st.bulkLoad()) {
        for (int i = 0; i < 20_000; i++) {
          load.add(key(i), b("v" + i));
        }
        back = load.takeBack();
      }
      assertEquals(20_000, back.size());
      for (int i = 0; i < back.size(); i++) {
        assertEquals(s(key(i)), s(back.get(i).getKey()));
        assertEquals("v" + i, s(back.get(i).getValue()));
      }
      assertNull(st.get(key(0)));
      assertEquals(List.of(), ingestFiles());
    }
  }

  @Test
  void closingTheStoreStopsALoadInFlightWhoseOwnerThenFails() throws Exception {
    BulkLoad load;
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("before"), b("kept")).join();
      load = st.bulkLoad();
      for (int i = 0; i < 50_000; i++) {
        load.add(key(i), b("v" + i));
      }
    }
    BulkLoad stopped = load;
    assertThrows(StorageException.class, () -> stopped.commit(List.of(), v -> false));
    stopped.close();
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      assertEquals("kept", s(st.get(b("before"))));
      assertNull(st.get(key(0)));
      assertEquals(List.of(), ingestFiles());
      assertThrows(StorageException.class, () -> addAfterClose(e));
    }
  }

  private static void addAfterClose(StorageEngine e) {
    ProtocolStore st = e.store("redis");
    BulkLoad load = st.bulkLoad();
    st.close();
    for (int i = 0; i < 10_000; i++) {
      load.add(key(i), b("x")); // the first hand-off to the writer fails
    }
  }

  @Test
  void keysMustAscend() {
    try (StorageEngine e = StorageFixture.open(dir);
        BulkLoad load = e.store("redis").bulkLoad()) {
      load.add(b("b"), b("1"));
      assertFalse(load.accepts(b("b")));
      assertFalse(load.accepts(b("a")));
      assertTrue(load.accepts(b("c")));
      assertThrows(IllegalArgumentException.class, () -> load.add(b("b"), b("2")));
      assertThrows(IllegalArgumentException.class, () -> load.add(b("a"), b("2")));
    }
  }

  @Test
  void loadedRecordsAgeIntoColderTiersInBatchesExceptThoseWrittenSince() {
    long cutoff;
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      try (BulkLoad load = st.bulkLoad()) {
        for (int i = 0; i < 5000; i++) {
          load.add(key(i), b("v" + i));
        }
        load.commit(List.of(), v -> false);
      }
      sleep(5);
      cutoff = System.currentTimeMillis();
      sleep(5);
      st.put(key(10), b("rewritten")).join();
      st.delete(key(20)).durable().join();
      // the member dies between a batch's copy and its delete: the move entry fails to apply
      st.setMoveHook(
          (from, n) -> {
            throw new IllegalStateException("injected crash after copying " + n);
          });
      StorageException failed =
          assertThrows(StorageException.class, () -> st.moveOlderThan(Tier.HOT, cutoff, 1000));
      assertTrue(failed.getMessage().contains("injected crash"), failed.getMessage());
      st.setMoveHook(null);
      // it applies nothing more, says so, and refuses writes rather than diverge silently
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (e.replication().livenessProblems().isEmpty() && System.nanoTime() < deadline) {
        sleep(20);
      }
      assertTrue(
          e.replication().livenessProblems().toString().contains("injected crash"),
          e.replication().livenessProblems().toString());
      assertThrows(StorageException.class, () -> st.put(key(30), b("lost")).join());
      assertNotNull(st.db(Tier.HOT).getRaw(key(5)), "the crash left the record in the hot tier");
      assertNotNull(st.db(Tier.WARM).getRaw(key(5)), "and its copy in the warm tier");
    }
    // the restart replays the failed entry: its move completes and the duplicates are gone
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(key(5000), b("after restart")).join();
      assertNull(st.db(Tier.HOT).getRaw(key(5)), "the duplicate of the crashed batch is gone");
      assertEquals("v5", s(st.get(key(5))));
      assertEquals("v30", s(st.get(key(30))), "the refused write never happened");
      int batches = 0;
      int[] r;
      do {
        r = st.moveOlderThan(Tier.HOT, cutoff, 1000);
        batches++;
      } while (r[0] == 1000);
      assertTrue(batches >= 4, "the range is consumed 1000 records at a time");
      assertEquals(0, st.moveOlderThan(Tier.HOT, cutoff, 1000)[0], "nothing old is left");
      for (int i = 0; i < 5000; i++) {
        if (i != 10 && i != 20) {
          assertEquals(Tier.WARM, st.tierOf(key(i)), "record " + i);
          assertEquals("v" + i, s(st.get(key(i))));
        }
      }
      assertEquals(Tier.HOT, st.tierOf(key(10)));
      assertEquals("rewritten", s(st.get(key(10))));
      assertNull(st.get(key(20)), "a deleted record does not come back");
      while (st.moveOlderThan(Tier.WARM, future(), 1000)[0] == 1000) {
        // on to cold
      }
      assertEquals(Tier.COLD, st.tierOf(key(3)));
      assertEquals("v3", s(st.get(key(3))));
    }
  }

  @Test
  void aWriteOfLargeValuesTravelsAsOneLoadAndAgesLikeAnyOther() throws Exception {
    byte[][] values = new byte[9][];
    TreeMap<byte[], byte[]> big = new TreeMap<>(Arrays::compareUnsigned);
    for (int i = 0; i < values.length; i++) {
      values[i] = new byte[(1 << 20) + i];
      Arrays.fill(values[i], (byte) i);
      big.put(key(i), values[i]);
    }
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      assertTrue(ProtocolStore.isLarge(big.entrySet()), "larger together than one log entry");
      st.write(big.entrySet(), v -> false).join();
      assertTrue(memtableEntries(st) < 5, "the values went into files, not the memtable");
      for (int i = 0; i < values.length; i++) {
        assertTrue(Arrays.equals(values[i], st.get(key(i))), "value " + i);
      }
      assertEquals(List.of(), stagedFiles(), "nothing staged is left");
      assertEquals(0, keptRanges(st), "nor the key ranges kept for the load's files");
      // the age index the commit built from the kept ranges covers every record
      while (st.moveOlderThan(Tier.HOT, future(), 1000)[0] == 1000) {
        // move all to warm
      }
      for (int i = 0; i < values.length; i++) {
        assertEquals(Tier.WARM, st.tierOf(key(i)), "record " + i + " moved");
      }
    }
    try (StorageEngine e = StorageFixture.open(dir)) {
      assertTrue(Arrays.equals(values[8], e.store("redis").get(key(8))), "after a restart");
    }
  }

  private static byte[] mib(int i) {
    byte[] v = new byte[(1 << 20) + i];
    Arrays.fill(v, (byte) i);
    return v;
  }

  private static void await(java.util.function.BooleanSupplier done, String what) {
    long deadline = System.currentTimeMillis() + 120_000;
    while (!done.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
      sleep(20);
    }
  }

  @Test
  void aLargeWriteOfPrivateKeysIsStoredWithItsOtherWritesAndAgesLikeAnyOther() throws Exception {
    TreeMap<byte[], byte[]> big = new TreeMap<>(Arrays::compareUnsigned);
    for (int i = 0; i < 9; i++) {
      big.put(b("p" + i), mib(i));
    }
    byte[] gone = new byte[0];
    big.put(b("meta"), b("points at p0..p8"));
    big.put(b("old"), gone);
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("old"), b("to delete")).join();
      st.write(big.entrySet(), v -> v == gone, k -> k[0] == 'p').join();
      for (int i = 0; i < 9; i++) {
        assertTrue(Arrays.equals(mib(i), st.get(b("p" + i))), "value " + i);
      }
      assertEquals("points at p0..p8", s(st.get(b("meta"))));
      assertNull(st.get(b("old")), "the write's delete is stored with it");
      assertEquals(List.of(), stagedFiles());
      assertEquals(0, keptRanges(st));
      while (st.moveOlderThan(Tier.HOT, future(), 1000)[0] == 1000) {
        // move all to warm
      }
      assertEquals(Tier.WARM, st.tierOf(b("p8")), "the chunks' age entries were written");
      assertEquals(Tier.WARM, st.tierOf(b("meta")));
    }
    try (StorageEngine e = StorageFixture.open(dir)) {
      assertTrue(Arrays.equals(mib(4), e.store("redis").get(b("p4"))), "after a restart");
      assertNull(e.store("redis").get(b("old")));
    }
  }

  @Test
  void anAbortedLoadOfPrivateKeysRemovesWhatItAddedAndNothingElse() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("p3-other"), b("not the load's")).join();
      try (BulkLoad load = st.bulkLoad(true)) {
        for (int i = 0; i < 9; i++) {
          load.add(b("p" + i), mib(i));
        }
        // a private load's chunks are in the database before its commit (nothing refers to them)
        await(() -> st.get(b("p0")) != null, "the first chunk to be added");
      }
      assertNull(st.get(b("p0")), "the abort removed the records the load had added");
      assertEquals("not the load's", s(st.get(b("p3-other"))), "a key between them is kept");
      assertEquals(0, keptRanges(st));
      assertEquals(List.of(), stagedFiles());
    }
  }

  @Test
  void aLoadOfPrivateKeysCutShortByARestartIsRemovedByTheNextLeader() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(b("p3-other"), b("not the load's")).join();
      BulkLoad load = st.bulkLoad(true);
      for (int i = 0; i < 9; i++) {
        load.add(b("p" + i), mib(i));
      }
      await(() -> st.get(b("p4")) != null, "chunks to be added");
    } // closed with the load neither committed nor aborted
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      await(() -> st.get(b("p0")) == null, "the new leader to remove what the load added");
      assertNull(st.get(b("p4")));
      assertEquals("not the load's", s(st.get(b("p3-other"))));
      await(() -> keptRanges(st) == 0, "the kept ranges to go");
    }
  }

  @Test
  void aLargeWriteGoesThroughFilesAndLeavesNoStaleCachedValue() throws Exception {
    try (StorageEngine e = StorageFixture.open(dir)) {
      ProtocolStore st = e.store("redis");
      st.put(key(42), b("old")).join();
      st.put(key(43), b("doomed")).join();
      for (int i = 0; i < 3; i++) {
        assertEquals("old", s(st.get(key(42)))); // cached
        assertEquals("doomed", s(st.get(key(43))));
      }
      byte[] gone = new byte[0];
      TreeMap<byte[], byte[]> big = new TreeMap<>(Arrays::compareUnsigned);
      for (int i = 0; i < 70_000; i++) {
        big.put(key(i), i == 43 ? gone : b("new" + i));
      }
      st.write(big.entrySet(), v -> v == gone).join();
      assertTrue(memtableEntries(st) < 1000, "the write went into files, not the memtable");
      assertEquals("new42", s(st.get(key(42))));
      assertNull(st.get(key(43)));
      assertEquals("new69999", s(st.get(key(69_999))));
    }
  }
}
