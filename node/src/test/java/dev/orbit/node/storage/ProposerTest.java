package dev.orbit.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's proposer: write sets queued while an append is in flight share the next entry, in
 * queue order; a failed append fences the store until nothing is in flight, and the failed write
 * sets leave nothing pending for later writers to build on.
 */
class ProposerTest {
  @TempDir Path dir;

  /**
   * A log that holds appends until the test completes them; while {@link #gate} is closed an append
   * also takes its time, as a real one (writing the entry) does.
   */
  static final class HeldLog implements ReplicatedLog {
    final List<byte[]> entries = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Long>> futures = new CopyOnWriteArrayList<>();
    final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    java.time.Duration writeTimeout = java.time.Duration.ZERO;

    @Override
    public java.time.Duration writeTimeout() {
      return writeTimeout;
    }

    @Override
    public CompletableFuture<Long> append(byte[] entry) {
      entries.add(entry);
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      CompletableFuture<Long> f = new CompletableFuture<>();
      futures.add(f);
      return f;
    }

    @Override
    public void checkLeader() {}

    @Override
    public void checkRead() {}

    @Override
    public boolean isLeader() {
      return true;
    }
  }

  private static LogOps.Writer put(String key, long version) {
    return new LogOps.Writer(32).put(key.getBytes(), version, 1, new byte[] {1});
  }

  private static List<String> keysOf(byte[] entry) {
    LogOps.Reader r = new LogOps.Reader(ByteBuffer.wrap(entry));
    List<String> out = new ArrayList<>();
    assertEquals(LogOps.TIME, r.op(), "every entry starts with its append time");
    long time = r.l();
    assertTrue(Math.abs(System.currentTimeMillis() - time) < 600_000, "a wall-clock time");
    assertEquals(time, LogEntries.appendTime(ByteBuffer.wrap(entry)));
    while (r.hasNext()) {
      assertEquals(LogOps.PUT, r.op());
      out.add(new String(r.bytes()));
      r.bytes();
      r.l();
      r.l();
    }
    return out;
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out");
      Thread.sleep(5);
    }
  }

  @Test
  void writeSetsQueuedMeanwhileShareTheNextEntryInOrder() throws Exception {
    HeldLog log = new HeldLog();
    List<LogOps.Writer> forgotten = new CopyOnWriteArrayList<>();
    try (Proposer p = new Proposer("t", log, forgotten::add, new DiskSpace("t", dir))) {
      CompletableFuture<Long> first = p.propose(put("a", 1), false);
      await(() -> log.entries.size() == 1); // the proposer is busy appending it
      List<CompletableFuture<Long>> rest = new ArrayList<>();
      for (String k : List.of("b", "c", "d")) {
        rest.add(p.propose(put(k, 2), false));
      }
      log.gate.countDown();
      await(() -> !log.futures.isEmpty());
      log.futures.get(0).complete(7L);
      assertEquals(7L, first.join());
      await(() -> log.entries.size() == 2);
      assertEquals(List.of("b", "c", "d"), keysOf(log.entries.get(1)), "one shared entry");
      log.futures.get(1).complete(0L);
      rest.forEach(CompletableFuture::join);
      assertEquals(List.of(), forgotten);
    }
  }

  @Test
  void aFailedAppendFencesUntilNothingIsInFlightAndForgetsItsWrites() throws Exception {
    HeldLog log = new HeldLog();
    log.gate.countDown();
    List<LogOps.Writer> forgotten = new CopyOnWriteArrayList<>();
    try (Proposer p = new Proposer("t", log, forgotten::add, new DiskSpace("t", dir))) {
      CompletableFuture<Long> a = p.propose(put("a", 1), false);
      await(() -> log.entries.size() == 1);
      CompletableFuture<Long> b = p.propose(put("b", 2), false);
      await(() -> log.entries.size() == 2);
      log.futures.get(0).completeExceptionally(new NotLeaderException("t", "n2"));
      CompletionException e = assertThrows(CompletionException.class, a::join);
      assertInstanceOf(NotLeaderException.class, e.getCause());
      assertThrows(NotLeaderException.class, p::checkNotFenced, "fenced while b is in flight");
      assertTrue(p.propose(put("c", 3), false).isCompletedExceptionally(), "refused meanwhile");
      log.futures.get(1).complete(0L);
      b.join();
      p.checkNotFenced(); // nothing in flight: writes are let through again
      assertEquals(2, forgotten.size(), "the failed write set and the refused one are forgotten");
    }
  }

  @Test
  void aFailureOtherThanLostLeadershipFencesWithItsOwnErrorNotReadonly() throws Exception {
    HeldLog log = new HeldLog();
    log.gate.countDown();
    List<LogOps.Writer> forgotten = new CopyOnWriteArrayList<>();
    try (Proposer p = new Proposer("t", log, forgotten::add, new DiskSpace("t", dir))) {
      CompletableFuture<Long> a = p.propose(put("a", 1), false);
      await(() -> log.entries.size() == 1);
      CompletableFuture<Long> b = p.propose(put("b", 2), false);
      await(() -> log.entries.size() == 2);
      log.futures.get(0).completeExceptionally(new StorageException("cannot commit: too slow"));
      CompletionException e = assertThrows(CompletionException.class, a::join);
      assertEquals("cannot commit: too slow", e.getCause().getMessage());
      // this member still leads: what is refused meanwhile says why, and is no READONLY
      StorageException fenced = assertThrows(StorageException.class, p::checkNotFenced);
      assertTrue(!(fenced instanceof NotLeaderException), fenced.toString());
      assertTrue(fenced.getMessage().contains("cannot commit: too slow"), fenced.getMessage());
      CompletableFuture<Long> c = p.propose(put("c", 3), false);
      CompletionException refused = assertThrows(CompletionException.class, c::join);
      assertTrue(!(refused.getCause() instanceof NotLeaderException), refused.toString());
      log.futures.get(1).complete(0L);
      b.join();
      p.checkNotFenced(); // nothing in flight: writes are let through again
    }
  }

  @Test
  void aWriteNotCommittedWithinTheTimeoutIsToldItsOutcomeIsUnknownAndStaysPending()
      throws Exception {
    HeldLog log = new HeldLog();
    log.writeTimeout = java.time.Duration.ofMillis(1000);
    List<LogOps.Writer> forgotten = new CopyOnWriteArrayList<>();
    try (Proposer p = new Proposer("t", log, forgotten::add, new DiskSpace("t", dir))) {
      CompletableFuture<Long> appended = p.propose(put("a", 1), false);
      await(() -> log.entries.size() == 1); // held in the append: "b" waits in the queue
      CompletableFuture<Long> queued = p.propose(put("b", 2), false);
      for (CompletableFuture<Long> f : List.of(appended, queued)) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(UnconfirmedWriteException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("replication.writeTimeout (1000 ms)"));
      }
      // their entries may still commit: nothing is forgotten, the store is not fenced, and the
      // queued one is still appended
      p.checkNotFenced();
      log.gate.countDown();
      await(() -> log.futures.size() == 2);
      assertEquals(List.of("b"), keysOf(log.entries.get(1)));
      log.futures.get(0).complete(0L);
      log.futures.get(1).complete(0L);
      assertEquals(List.of(), forgotten);
      CompletableFuture<Long> later = p.propose(put("c", 3), false);
      await(() -> log.futures.size() == 3);
      log.futures.get(2).complete(5L);
      assertEquals(5L, later.join(), "a write answered in time is unaffected");
    }
  }
}
