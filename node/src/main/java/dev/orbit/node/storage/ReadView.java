package dev.orbit.node.storage;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;

/**
 * A consistent read view of one store's applied data across its tiers: one RocksDB snapshot per
 * tier database, taken together between two applied log entries, so no write, tier move or clear is
 * seen half done and nothing committed after it is seen at all. On a replica it is the local
 * applied state. Held by its owner until {@link #close}; each read holds it too, so its snapshots
 * are released only once the owner is done and no read runs on them.
 */
public final class ReadView implements AutoCloseable {
  private final ProtocolStore store;
  private final List<TierDb> hotToCold;
  private final Snapshot[] snapshots;

  /** Reads running on the view, plus one for its owner until {@link #close}. */
  private int users = 1;

  private boolean ownerDone;
  private boolean released;

  ReadView(ProtocolStore store, List<TierDb> hotToCold) {
    this.store = store;
    this.hotToCold = hotToCold;
    this.snapshots = new Snapshot[hotToCold.size()];
    for (int i = 0; i < snapshots.length; i++) {
      snapshots[i] = hotToCold.get(i).rocks().getSnapshot();
    }
  }

  /** Read options bound to tier {@code i}'s snapshot (the caller closes them). */
  ReadOptions options(int i) {
    return new ReadOptions().setSnapshot(snapshots[i]).setFillCache(false);
  }

  /** The value of {@code key} as of the view, or null. */
  public byte[] get(byte[] key) {
    enter();
    try {
      for (int i = 0; i < snapshots.length; i++) {
        TierDb db = hotToCold.get(i);
        byte[] raw;
        try (ReadOptions ro = options(i)) {
          raw = db.rocks().get(db.records(), ro, key);
        } catch (RocksDBException e) {
          throw db.failure("read", e);
        }
        if (raw != null) {
          return Record.isTombstone(raw) ? null : Record.payloadOf(raw);
        }
      }
      return null;
    } finally {
      exit();
    }
  }

  /** Keys in {@code [from, toExclusive)} as of the view, in order; holds the view until closed. */
  public MergedScan scan(byte[] from, byte[] toExclusive) {
    enter();
    try {
      return new MergedScan(hotToCold, from, toExclusive, this);
    } catch (RuntimeException e) {
      exit();
      throw e;
    }
  }

  /** Starts a read on the view; fails once the view was closed. */
  synchronized void enter() {
    if (released || ownerDone) {
      throw new StorageException(store.protocol() + " read view is closed");
    }
    users++;
  }

  /** Ends a read started by {@link #enter}. */
  synchronized void exit() {
    if (--users == 0) {
      release();
    } else if (users == 1 && ownerDone) {
      notifyAll();
    }
  }

  /** The owner is done: the snapshots are released once no read runs on them. */
  @Override
  public void close() {
    synchronized (this) {
      if (ownerDone) {
        return;
      }
      ownerDone = true;
    }
    exit();
  }

  /**
   * The store closes: waits (bounded) for running reads, then releases the snapshots before the
   * databases close. Callers stop running queries before closing storage.
   */
  synchronized void closeWithStore(long waitMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    ownerDone = true;
    while (!released && users > 1) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    release();
  }

  /** True once the snapshots were released (for tests). */
  public synchronized boolean released() {
    return released;
  }

  private void release() {
    if (released) {
      return;
    }
    released = true;
    for (int i = 0; i < snapshots.length; i++) {
      hotToCold.get(i).rocks().releaseSnapshot(snapshots[i]);
    }
    store.viewClosed(this);
  }
}
