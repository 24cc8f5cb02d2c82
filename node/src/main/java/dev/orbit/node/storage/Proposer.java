package dev.orbit.node.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Queues the leader's write sets for the log and appends them from one thread, so their log order
 * is the order in which writers queued them (under their keys' locks). Write sets queued together
 * share one entry, so concurrent writers share one append and one log fsync.
 *
 * <p>After a failed append the store is fenced: everything queued fails and no write is accepted
 * until every proposal in flight has ended, because queued write sets may build on a failed one
 * through {@link Pending}.
 */
final class Proposer implements AutoCloseable {
  /** Entries are cut at about this size; a larger single proposal goes alone. */
  static final int MAX_ENTRY = 4 << 20;

  /** Part entries of one large write set in the log but not yet applied here. */
  private static final int PARTS_IN_FLIGHT = 4;

  /**
   * {@code ended} completes once the proposal's entry is applied or known lost, also when the
   * writer was told earlier that its outcome is unknown ({@link #sweep}).
   */
  private record Proposal(
      LogOps.Writer ops,
      boolean alone,
      CompletableFuture<Long> done,
      long since,
      CompletableFuture<Void> ended) {}

  /** One thread for every store's write timeouts: it only completes futures. */
  private static final java.util.concurrent.ScheduledExecutorService TIMEOUTS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "orbit-write-timeouts");
            t.setDaemon(true);
            return t;
          });

  /** Proposals appended as one entry; ends once (by the log, or by {@link #failInFlight}). */
  private static final class Batch {
    final List<Proposal> items;
    final java.util.concurrent.atomic.AtomicBoolean ended =
        new java.util.concurrent.atomic.AtomicBoolean();
    long bytes;

    Batch(List<Proposal> items) {
      this.items = items;
    }
  }

  private final java.util.Set<Batch> appended = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final String protocol;
  private final ReplicatedLog log;
  private final Consumer<LogOps.Writer> forget;
  private final DiskSpace space;
  private final ArrayDeque<Proposal> queue = new ArrayDeque<>();
  private final Thread thread;
  private int inFlight;
  private boolean fenced;
  private Throwable fencedBy; // the failure that fenced the store (while fenced)
  private boolean closed;
  private RuntimeException stoppedWith;
  private final long timeoutNanos;
  private final java.util.concurrent.ScheduledFuture<?> sweeper;

  /** When the log last committed something of ours (an entry or a part of a large one). */
  private volatile long lastProgress = System.nanoTime();

  /**
   * @param forget called with the operations of a proposal that failed (to drop them from {@link
   *     Pending}; applied ones are dropped by the apply)
   */
  Proposer(String protocol, ReplicatedLog log, Consumer<LogOps.Writer> forget, DiskSpace space) {
    this.protocol = protocol;
    this.space = space;
    this.log = log;
    this.forget = forget;
    this.thread = new Thread(this::run, "orbit-" + protocol + "-proposer");
    thread.setDaemon(true);
    thread.start();
    this.timeoutNanos = log.writeTimeout().toNanos();
    if (timeoutNanos > 0) {
      // a sweep now and then costs less than a timer per write
      long every = Math.max(20, Math.min(250, log.writeTimeout().toMillis() / 8));
      this.sweeper =
          TIMEOUTS.scheduleWithFixedDelay(
              this::sweep, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    } else {
      this.sweeper = null;
    }
  }

  /**
   * Once the log has committed nothing of this store's for the write timeout (a group without a
   * majority, a stuck disk), tells the writers of proposals older than it that their outcome is
   * unknown; a log that keeps committing (a large write set's parts) answers in its own time. The
   * proposals themselves stay: queued ones are still appended, appended ones end with the log, and
   * what they wrote stays visible to writers ({@link Pending}) until then, as their entries may
   * still commit.
   */
  void sweep() {
    long now = System.nanoTime();
    if (now - lastProgress < timeoutNanos) {
      return; // the log commits (e.g. the parts of a large write set): a slow write is no stuck one
    }
    List<Proposal> late = new ArrayList<>();
    synchronized (this) {
      for (Proposal p : queue) {
        if (now - p.since() < timeoutNanos) {
          break; // queued in order
        }
        if (!p.done().isDone()) {
          late.add(p);
        }
      }
    }
    for (Batch b : appended) {
      for (Proposal p : b.items) {
        if (now - p.since() >= timeoutNanos && !p.done().isDone()) {
          late.add(p);
        }
      }
    }
    for (Proposal p : late) {
      p.done()
          .completeExceptionally(
              UnconfirmedWriteException.timedOut(protocol, timeoutNanos / 1_000_000, p.ended()));
    }
  }

  /**
   * Throws while a failed proposal keeps the store fenced: {@link NotLeaderException} only when
   * that failure was a loss of the leadership (READONLY must mean "this member is a follower"),
   * else a {@link StorageException} naming it.
   */
  synchronized void checkNotFenced() {
    if (fenced) {
      throw fenceError();
    }
  }

  /** True while a failed proposal keeps the store fenced. */
  synchronized boolean fenced() {
    return fenced;
  }

  /** Why a write is refused while fenced (called holding the monitor). */
  private RuntimeException fenceError() {
    Throwable cause = fencedBy;
    if (cause == null || cause instanceof NotLeaderException) {
      return new NotLeaderException(protocol, null);
    }
    return new StorageException(
        "the "
            + protocol
            + " store did not make this write because an earlier one failed ("
            + cause.getMessage()
            + "); nothing of it was written, it can be retried");
  }

  /** Fences the store after {@code cause} (called holding the monitor). */
  private void fence(Throwable cause) {
    if (!fenced) {
      fencedBy = cause;
    }
    fenced = true;
  }

  /**
   * Queues {@code ops}; {@code alone} keeps it out of shared entries (its result is its own). The
   * future completes with the apply result once committed and applied here.
   */
  CompletableFuture<Long> propose(LogOps.Writer ops, boolean alone) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    synchronized (this) {
      if (closed || fenced || stoppedWith != null) {
        forget.accept(ops);
        done.completeExceptionally(
            closed
                ? new StorageException(protocol + " store is closed")
                : stoppedWith != null ? stoppedWith : fenceError());
        return done;
      }
      queue.add(new Proposal(ops, alone, done, System.nanoTime(), new CompletableFuture<>()));
      inFlight++;
      notifyAll();
    }
    return done;
  }

  private void run() {
    while (true) {
      List<Proposal> batch;
      boolean failNow;
      RuntimeException failWith = null;
      synchronized (this) {
        while (queue.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (queue.isEmpty()) {
          return;
        }
        batch = take();
        failNow = fenced || closed;
        if (failNow) {
          failWith = closed ? new StorageException(protocol + " store is closed") : fenceError();
        }
      }
      Batch b = new Batch(batch);
      if (failNow) {
        finish(b, null, failWith);
        continue;
      }
      byte[] entry = entryOf(batch);
      this.appended.add(b); // before the append, which a broken log may never return from
      CompletableFuture<Long> appended;
      try {
        appended = entry.length > MAX_ENTRY ? appendInParts(entry, b) : appendOne(entry, b);
      } catch (RuntimeException e) {
        appended = CompletableFuture.failedFuture(e);
      }
      if (appended.isCompletedExceptionally()) {
        Throwable cause = appended.handle((r, e) -> e).join();
        synchronized (this) {
          // not in the log: what is queued behind it may build on it
          fence(
              cause instanceof CompletionException && cause.getCause() != null
                  ? cause.getCause()
                  : cause);
        }
      }
      appended.whenComplete((r, e) -> finish(b, r, e));
    }
  }

  private CompletableFuture<Long> appendOne(byte[] entry, Batch b) {
    b.bytes = entry.length;
    // the log must never fill its volume: refuse instead (entries in flight count too)
    space.check(entry.length, inFlightBytes());
    return log.append(entry);
  }

  /**
   * Appends a write set too large for one entry as part entries then its join entry ({@link
   * Parts}), with a few parts in flight at a time, so memory and the log's buffers stay bounded
   * whatever the size. Proposals queued behind it wait (their entries must follow its join).
   */
  private CompletableFuture<Long> appendInParts(byte[] entry, Batch b) {
    long id = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    ArrayDeque<CompletableFuture<Long>> parts = new ArrayDeque<>();
    try {
      for (int from = 1; from < entry.length; from += Parts.PART_BYTES) {
        byte[] part = Parts.part(id, entry, from, Math.min(Parts.PART_BYTES, entry.length - from));
        b.bytes = (long) part.length * parts.size(); // its parts in flight
        space.check(part.length, inFlightBytes());
        parts.add(log.append(part));
        while (parts.size() >= PARTS_IN_FLIGHT) {
          await(parts.poll(), b);
        }
      }
      while (!parts.isEmpty()) {
        await(parts.poll(), b);
      }
      return appendOne(Parts.join(id, entry), b);
    } catch (RuntimeException e) {
      // the parts staged so far are removed everywhere (small entries may use the reserve)
      try {
        space.check(32, 0);
        log.append(new LogOps.Writer(16).op(LogOps.ABORT).l(id).toBytes());
      } catch (RuntimeException ignored) {
        // no longer the leader, or the log stopped: the next leader removes them
      }
      throw e;
    }
  }

  /** Waits for a part's append; gives up once its proposal has ended (the log stopped). */
  private void await(CompletableFuture<Long> part, Batch b) {
    while (true) {
      if (b.ended.get()) {
        throw new StorageException("the log stopped while a large write set was sent");
      }
      try {
        part.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        lastProgress = System.nanoTime();
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        // look again
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException("interrupted while a large write set was sent");
      }
    }
  }

  private long inFlightBytes() {
    long sum = 0;
    for (Batch b : appended) {
      sum += b.bytes;
    }
    return sum;
  }

  /**
   * The log stopped (it could not be written): what it holds in flight will never end, and nothing
   * proposed from now on can be appended.
   */
  void failInFlight(RuntimeException cause) {
    List<Proposal> left;
    synchronized (this) {
      if (stoppedWith == null) {
        stoppedWith = cause;
      }
      left = new ArrayList<>(queue);
      queue.clear();
    }
    if (!left.isEmpty()) {
      finish(new Batch(left), null, cause);
    }
    for (Batch b : List.copyOf(appended)) {
      finish(b, null, cause);
    }
  }

  /** The next proposals to share an entry (called holding the monitor). */
  private List<Proposal> take() {
    List<Proposal> batch = new ArrayList<>();
    Proposal first = queue.poll();
    batch.add(first);
    if (first.alone()) {
      return batch;
    }
    int size = first.ops().size();
    while (!queue.isEmpty()) {
      Proposal next = queue.peek();
      if (next.alone() || size + next.ops().size() > MAX_ENTRY) {
        break;
      }
      size += next.ops().size();
      batch.add(queue.poll());
    }
    return batch;
  }

  /** The batch's operations as one entry, after a {@link LogOps#TIME} of the append. */
  private static byte[] entryOf(List<Proposal> batch) {
    int size = 9;
    for (Proposal p : batch) {
      size += p.ops().size();
    }
    LogOps.Writer all = new LogOps.Writer(size).op(LogOps.TIME).l(System.currentTimeMillis());
    for (Proposal p : batch) {
      all.append(p.ops());
    }
    return all.toBytes();
  }

  private void finish(Batch b, Long result, Throwable failure) {
    if (!b.ended.compareAndSet(false, true)) {
      return;
    }
    appended.remove(b);
    List<Proposal> batch = b.items;
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause == null) {
      lastProgress = System.nanoTime();
    }
    for (Proposal p : batch) {
      if (cause == null) {
        p.done().complete(result);
      } else {
        forget.accept(p.ops());
        p.done().completeExceptionally(cause);
      }
      p.ended().complete(null);
    }
    synchronized (this) {
      inFlight -= batch.size();
      if (cause != null) {
        fence(cause);
      }
      if (fenced && inFlight == 0) {
        fenced = false; // nothing left that a new write could build on
        fencedBy = null;
      }
    }
  }

  /** Fails what is queued; proposals already appended end with the log. */
  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    List<Proposal> left;
    synchronized (this) {
      closed = true;
      left = new ArrayList<>(queue);
      queue.clear();
      notifyAll();
    }
    if (!left.isEmpty()) {
      finish(new Batch(left), null, new StorageException(protocol + " store is closed"));
    }
    failInFlight(new StorageException(protocol + " store is closed"));
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
