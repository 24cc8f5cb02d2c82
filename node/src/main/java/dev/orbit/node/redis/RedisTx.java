package dev.orbit.node.redis;

import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.ReverseScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The records a run of Redis commands reads and writes, with their Redis keys locked by the caller
 * ({@link KeyLocks}): reads see the store plus the run's own writes; writes are buffered and
 * committed together through {@link ProtocolStore#write}, which locks the record keys against the
 * tier mover while it commits. Every record read or visited is charged to a {@link Budget}, which
 * is how long work leaves the event loop, how a closed connection stops its work, and how a reply
 * too large for the client is cut short.
 */
public final class RedisTx {
  private static final byte[] DELETED = new byte[0];

  /** What reads cost; may stop the work by throwing. */
  public interface Budget {
    /** Charges {@code records} records read and {@code bytes} bytes of them. */
    void charge(long records, long bytes);

    /** Charges {@code bytes} written (a large write runs off the event loop). */
    default void wrote(long bytes) {}

    /** The run must wait for another run's commit (on an event loop: move to a worker). */
    default void mustWait() {}

    Budget NONE = (r, b) -> {};
  }

  private final ProtocolStore store;
  private final Budget budget;
  private final TreeMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);
  private final List<byte[][]> undo = new ArrayList<>();
  private final List<Touched> touched = new ArrayList<>();
  private boolean writer = true;

  /** A key a command wrote (or removed: type null), for WATCH and for clients blocked on it. */
  public record Touched(Db db, byte[] key, Meta.Type type) {}

  public RedisTx(ProtocolStore store, Budget budget) {
    this.store = store;
    this.budget = budget;
  }

  /**
   * Marks a run of read-only commands: it reads committed data only (and may run on a replica),
   * where a writer reads the writes proposed before it ({@link ProtocolStore#getForWrite}).
   */
  public void readOnly() {
    this.writer = false;
  }

  public Budget budget() {
    return budget;
  }

  /** A point to {@link #rollbackTo}. */
  public record Savepoint(int undoSize, int touchedSize) {}

  public byte[] get(byte[] key) {
    byte[] w = writes.get(key);
    if (w != null) {
      return w == DELETED ? null : w;
    }
    byte[] v = writer ? store.getForWrite(key) : store.get(key);
    budget.charge(1, v == null ? 0 : v.length);
    return v;
  }

  /** Metadata keys of collections (and chunked strings) read by a writer, by element prefix. */
  private java.util.HashMap<java.nio.ByteBuffer, byte[]> collections;

  /**
   * Notes that {@code metaKey} holds a collection whose elements start with {@code elements}: a
   * scan of them first lets that metadata settle ({@link #settle}).
   */
  public void readCollection(byte[] metaKey, byte[] elements) {
    if (writer) {
      if (collections == null) {
        collections = new java.util.HashMap<>();
      }
      collections.putIfAbsent(java.nio.ByteBuffer.wrap(elements), metaKey);
    }
  }

  /** Before a writer scans a collection's elements, lets its in-flight metadata settle. */
  private void settleBefore(byte[] from) {
    if (collections != null && from != null && from.length >= ELEMENTS_PREFIX) {
      byte[] meta =
          collections.remove(java.nio.ByteBuffer.wrap(Arrays.copyOf(from, ELEMENTS_PREFIX)));
      if (meta != null) {
        settle(meta);
      }
    }
  }

  /** Element keys start with family, database and generation ({@link KeyLayout#element}). */
  private static final int ELEMENTS_PREFIX = 13;

  /** How long a writer waits for another run's write of a record it reads to commit. */
  private static final long SETTLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

  /**
   * Waits until another run's write of {@code key}, proposed but not yet applied, is applied (or
   * failed): a writer reads such a record ahead of the log ({@link ProtocolStore#getForWrite}), but
   * a scan sees applied records only, so a collection or chunked string whose metadata is still in
   * flight must settle before its elements are scanned. The caller holds the key's lock, so no
   * newer write of it can start meanwhile.
   */
  private void settle(byte[] key) {
    long deadline = 0;
    // pending, not "pending value differs from the applied one": a write set back to the bytes
    // applied (SADD x then SREM y) still has element writes in flight that a scan would miss
    while (store.writePending(key)) {
      budget.mustWait();
      long now = System.nanoTime();
      if (deadline == 0) {
        deadline = now + SETTLE_NANOS;
      } else if (now > deadline) {
        throw new dev.orbit.node.storage.StorageException(
            "a write of this key was not applied within 60 s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000);
    }
  }

  public void put(byte[] key, byte[] value) {
    if (value.length > MAX_RECORD) {
      throw new RecordTooLarge(value.length);
    }
    budget.wrote(key.length + value.length);
    undo.add(new byte[][] {key, writes.put(key, value)});
  }

  /** Keys written by {@link #putPrivate}. */
  private final java.util.Set<java.nio.ByteBuffer> privateKeys = new java.util.HashSet<>();

  /**
   * As {@link #put}, for a record no other run writes and nothing reads before this run's other
   * writes refer to it (a chunk of a new generation): a large write stores such records while they
   * travel through the log ({@link ProtocolStore#write(java.util.Collection,
   * java.util.function.Predicate, java.util.function.Predicate)}).
   */
  public void putPrivate(byte[] key, byte[] value) {
    put(key, value);
    privateKeys.add(java.nio.ByteBuffer.wrap(key));
  }

  /**
   * The largest record written: one replicated log entry must carry it. Strings are cut into chunks
   * below it ({@link Keyspace}); a larger hash value, list element or member is refused.
   */
  public static final int MAX_RECORD = 4 << 20;

  /** A value larger than {@link #MAX_RECORD} that is not a string. */
  public static final class RecordTooLarge extends RuntimeException {
    RecordTooLarge(long bytes) {
      super(
          "value of "
              + bytes
              + " bytes: orbit-node stores hash values, list elements and set or sorted-set"
              + " members of up to "
              + MAX_RECORD
              + " bytes (strings of any size)");
    }
  }

  public void delete(byte[] key) {
    undo.add(new byte[][] {key, writes.put(key, DELETED)});
  }

  public Savepoint savepoint() {
    return new Savepoint(undo.size(), touched.size());
  }

  /** Notes that {@code key} of {@code db} changed (now of {@code type}, null when removed). */
  public void touch(Db db, byte[] key, Meta.Type type) {
    touched.add(new Touched(db, key, type));
  }

  /** The keys changed since the last commit, in order. */
  public List<Touched> touched() {
    return touched;
  }

  public void rollbackTo(Savepoint sp) {
    while (touched.size() > sp.touchedSize()) {
      touched.remove(touched.size() - 1);
    }
    for (int i = undo.size() - 1; i >= sp.undoSize(); i--) {
      byte[][] u = undo.remove(i);
      if (u[1] == null) {
        writes.remove(u[0]);
      } else {
        writes.put(u[0], u[1]);
      }
    }
  }

  public boolean hasWrites() {
    return !writes.isEmpty();
  }

  /** Commits every buffered write as one atomic batch; completes when it is durable. */
  public CompletableFuture<Void> commit() {
    if (writes.isEmpty()) {
      return null;
    }
    List<Map.Entry<byte[], byte[]>> list = new ArrayList<>(writes.entrySet());
    writes.clear();
    undo.clear();
    // a large write set (a big string's chunks, a pipeline of large values) is stored by the
    // store as a bulk load (blocking until stored: large writes run on workers)
    if (privateKeys.isEmpty()) {
      return store.write(list, v -> v == DELETED);
    }
    java.util.Set<java.nio.ByteBuffer> own = java.util.Set.copyOf(privateKeys);
    privateKeys.clear();
    return store.write(list, v -> v == DELETED, k -> own.contains(java.nio.ByteBuffer.wrap(k)));
  }

  /**
   * Records in {@code [from, to)} in key order (null bounds are open), the run's own writes
   * included. Close it (try-with-resources).
   */
  public Scan scan(byte[] from, byte[] to) {
    settleBefore(from);
    return new Scan(from, to, false);
  }

  /** As {@link #scan}, from the last record down. */
  public Scan scanReverse(byte[] from, byte[] to) {
    settleBefore(from);
    return new Scan(from, to, true);
  }

  /** An ordered walk over stored records merged with the run's writes. */
  public final class Scan implements Iterator<KeyValue>, AutoCloseable {
    private final Iterator<KeyValue> stored;
    private final AutoCloseable closer;
    private final boolean reverse;
    private final Iterator<Map.Entry<byte[], byte[]>> own;
    private KeyValue nextStored;
    private Map.Entry<byte[], byte[]> nextOwn;
    private KeyValue next;

    Scan(byte[] from, byte[] to, boolean reverse) {
      this.reverse = reverse;
      if (reverse) {
        ReverseScan r = store.scanReverse(from, to);
        this.stored = r;
        this.closer = r;
      } else {
        MergedScan m = store.scan(from, to);
        this.stored = m;
        this.closer = m;
      }
      NavigableMap<byte[], byte[]> view = writes;
      if (from != null && to != null) {
        view = writes.subMap(from, true, to, false);
      } else if (from != null) {
        view = writes.tailMap(from, true);
      } else if (to != null) {
        view = writes.headMap(to, false);
      }
      // a copy: the command may write while it walks
      this.own =
          new ArrayList<>(reverse ? view.descendingMap().entrySet() : view.entrySet()).iterator();
      nextStored = stored.hasNext() ? stored.next() : null;
      nextOwn = own.hasNext() ? own.next() : null;
      advance();
    }

    private void advance() {
      next = null;
      while (next == null && (nextStored != null || nextOwn != null)) {
        int c =
            nextStored == null
                ? 1
                : nextOwn == null ? -1 : Arrays.compareUnsigned(nextStored.key(), nextOwn.getKey());
        if (reverse && nextStored != null && nextOwn != null) {
          c = -c;
        }
        if (c < 0) {
          KeyValue kv = nextStored;
          nextStored = stored.hasNext() ? stored.next() : null;
          budget.charge(1, kv.key().length + kv.value().length);
          next = kv;
        } else {
          Map.Entry<byte[], byte[]> w = nextOwn;
          nextOwn = own.hasNext() ? own.next() : null;
          if (c == 0) {
            nextStored = stored.hasNext() ? stored.next() : null;
          }
          budget.charge(1, 0);
          if (w.getValue() != DELETED) {
            next = new KeyValue(w.getKey(), w.getValue());
          }
        }
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public KeyValue next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      KeyValue out = next;
      advance();
      return out;
    }

    @Override
    public void close() {
      try {
        closer.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
