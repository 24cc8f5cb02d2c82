package dev.orbit.node.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Applies committed log entries to a store's databases, on every member, in log order (one thread:
 * the group's apply thread). The log index applied is stored in the hot database in the same atomic
 * batch as the entry's writes, so after a restart the log is replayed from there; an entry applied
 * twice leaves the databases as applying it once did.
 */
final class Applier {
  static final byte[] APPLIED_KEY = ProtocolStore.metaKey("applied");

  private final ProtocolStore store;
  private final Map<Tier, TierDb> dbs;
  private final TierDb hot;
  private final Staging staging;
  private volatile long appliedTerm;
  private volatile long appliedIndex;

  Applier(ProtocolStore store, Map<Tier, TierDb> dbs) {
    this.store = store;
    this.dbs = dbs;
    this.hot = dbs.get(Tier.HOT);
    this.staging = new Staging(store, hot);
    byte[] meta = store.getMeta(APPLIED_KEY);
    if (meta != null) {
      ByteBuffer b = ByteBuffer.wrap(meta);
      appliedTerm = b.getLong();
      appliedIndex = b.getLong();
      store.observeVersion(b.getLong());
    }
  }

  /** The (term, index) of the last entry whose effects the databases hold durably or in the WAL. */
  long appliedTerm() {
    return appliedTerm;
  }

  long appliedIndex() {
    return appliedIndex;
  }

  /**
   * Starts the applied index over at 0 (keeping the version counter): for data that arrives without
   * its log, such as a restored backup, whose new log starts at index 1.
   */
  void restartIndex() {
    try (WriteBatch b = new WriteBatch()) {
      b.put(hot.age(), APPLIED_KEY, meta(0, 0, store.currentVersion()));
      hot.write(b, true);
    } catch (RocksDBException e) {
      throw hot.failure("write", e);
    }
    appliedTerm = 0;
    appliedIndex = 0;
  }

  Staging staging() {
    return staging;
  }

  /** A key written by the entry, with the version that identifies the write in {@link Pending}. */
  private record Written(byte[] key, long version) {}

  /** Held while an entry is applied: a read view is taken between two entries. */
  private final java.util.concurrent.locks.ReentrantLock applying =
      new java.util.concurrent.locks.ReentrantLock();

  /** Runs {@code action} while no entry is being applied (no write, move or clear half done). */
  <T> T betweenEntries(java.util.function.Supplier<T> action) {
    applying.lock();
    try {
      return action.get();
    } finally {
      applying.unlock();
    }
  }

  /** Set under {@link #applying} when the store closes: its databases are about to be freed. */
  private boolean closed;

  /**
   * Waits for an entry being applied, then refuses every later one: after this returns no entry
   * touches the databases, which the store may then free (an apply after that would write through
   * freed native handles and crash the process).
   */
  void close() {
    applying.lock();
    try {
      closed = true;
    } finally {
      applying.unlock();
    }
  }

  /** Applies one entry; returns the result of its last special operation (a move's count). */
  long apply(ByteBuffer data, long term, long index) {
    applying.lock();
    try {
      if (closed) {
        throw new StorageException(store.protocol() + " store is closed");
      }
      return applyEntry(data, term, index);
    } finally {
      applying.unlock();
    }
  }

  /** The keys of the entry being applied (apply thread only). */
  private List<byte[]> keysWritten;

  private long applyEntry(ByteBuffer data, long term, long index) {
    if (Parts.isJoin(data)) {
      // a write set sent in parts: applied as the one entry it stands for, here at its join
      long[] id = new long[1];
      long result = apply(staging.parts().joined(data, id), term, index);
      staging.parts().drop(id[0]);
      return result;
    }
    LogOps.Reader r = new LogOps.Reader(data);
    List<Written> written = new ArrayList<>();
    List<Runnable> afterWrite = new ArrayList<>(); // what a special operation does once stored
    long result = 0;
    boolean sync = false;
    boolean loadEnded = false;
    long maxVersion = 0;
    try (WriteBatch batch = new WriteBatch()) {
      while (r.hasNext()) {
        byte op = r.op();
        if (op == LogOps.PUT) {
          byte[] key = r.bytes();
          byte[] value = r.bytes();
          long version = r.l();
          long time = r.l();
          store.addRecord(batch, key, Record.value(version, time, value));
          written.add(new Written(key, version));
          maxVersion = Math.max(maxVersion, version);
        } else if (op == LogOps.DELETE) {
          byte[] key = r.bytes();
          long version = r.l();
          long time = r.l();
          store.addDelete(batch, key, version, time);
          written.add(new Written(key, version));
          maxVersion = Math.max(maxVersion, version);
        } else if (op == LogOps.TIME) {
          r.l(); // only read by point-in-time recovery
        } else {
          if (batch.count() > 0) {
            hot.write(batch, false); // keeps the entry's order of effects
            batch.clear();
          }
          sync = true;
          // a load's commit or abort changes records behind the cache's back
          loadEnded |= op == LogOps.COMMIT || op == LogOps.ABORT;
          result = special(op, r, index, batch, afterWrite);
        }
      }
      store.observeVersion(maxVersion);
      batch.put(hot.age(), APPLIED_KEY, meta(term, index, store.currentVersion()));
      // the log holds the entry durably: the database's own WAL needs no fsync, except after an
      // operation that wrote other tiers, so a replay never starts before it
      hot.write(batch, sync);
      if (loadEnded) {
        store.bulkWritten(); // now that the batch is in: a read before it may have filled the cache
      }
    } catch (RocksDBException e) {
      throw hot.failure("apply a log entry to", e);
    } finally {
      List<byte[]> keys = new ArrayList<>(written.size());
      for (Written w : written) {
        keys.add(w.key());
      }
      // the cache first: a writer that no longer finds a write pending reads it from the
      // databases, never an older record still cached (a lost update for INCR, SPOP's count)
      store.invalidate(keys);
      for (Written w : written) {
        store.applied(w.key(), w.version());
      }
      afterWrite.forEach(Runnable::run);
      keysWritten = keys;
    }
    appliedTerm = term;
    appliedIndex = index;
    store.changed(keysWritten);
    return result;
  }

  private long special(
      byte op, LogOps.Reader r, long index, WriteBatch batch, List<Runnable> afterWrite)
      throws RocksDBException {
    switch (op) {
      case LogOps.CLEAR -> {
        byte[] from = r.bytes();
        byte[] to = r.bytes();
        store.applyClear(from, to);
        return 0;
      }
      case LogOps.MOVE -> {
        Tier from = TierMove.decodeTier(r);
        TierMove.Listed listed = TierMove.decode(r);
        return store.applyMove(from, listed);
      }
      case LogOps.FLUSH -> {
        dbs.get(Tier.values()[r.b()]).flush();
        return 0;
      }
      case LogOps.CHUNK -> {
        staging.chunk(r, index, batch, false);
        return 0;
      }
      case LogOps.PRIVATE_CHUNK -> {
        staging.chunk(r, index, batch, true);
        return 0;
      }
      case LogOps.COMMIT -> {
        staging.commit(r, batch, afterWrite);
        return 0;
      }
      case LogOps.ABORT -> {
        staging.abort(r.l(), batch);
        return 0;
      }
      case LogOps.NOOP -> {
        return 0;
      }
      case LogOps.PART -> {
        staging.parts().write(r);
        return 0;
      }
      default -> throw new StorageException("log entry with unknown operation " + op);
    }
  }

  static byte[] meta(long term, long index, long version) {
    return ByteBuffer.allocate(24).putLong(term).putLong(index).putLong(version).array();
  }
}
