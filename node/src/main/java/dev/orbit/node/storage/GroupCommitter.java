package dev.orbit.node.storage;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Group commit: writers append to the WAL without syncing and wait here; one thread syncs the WAL
 * for everyone who wrote before the sync began, so concurrent writers share one fsync.
 */
final class GroupCommitter implements AutoCloseable {
  private record Waiter(long ticket, CompletableFuture<Void> done) {}

  private final TierDb db;
  private final Thread thread;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private long written;
  private boolean closed;

  GroupCommitter(TierDb db) {
    this.db = db;
    this.thread = new Thread(this::run, "orbit-group-commit-" + db.protocol());
    thread.setDaemon(true);
    thread.start();
  }

  /** Called right after a write reached the WAL; completes once that write is on disk. */
  CompletableFuture<Void> written() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    synchronized (this) {
      if (closed) {
        f.completeExceptionally(new StorageException("node is shutting down"));
        return f;
      }
      waiters.add(new Waiter(++written, f));
      notifyAll();
    }
    return f;
  }

  private void run() {
    while (true) {
      long upTo;
      synchronized (this) {
        while (waiters.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (waiters.isEmpty()) {
          return;
        }
        upTo = written;
      }
      RuntimeException failure = null;
      try {
        db.syncWal();
      } catch (RuntimeException e) {
        failure = e;
      }
      synchronized (this) {
        while (!waiters.isEmpty() && waiters.peekFirst().ticket() <= upTo) {
          Waiter w = waiters.pollFirst();
          if (failure == null) {
            w.done().complete(null);
          } else {
            w.done().completeExceptionally(failure);
          }
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
