package dev.orbit.node.sql;

import dev.orbit.node.storage.BulkLoad;
import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.NotLeaderException;
import dev.orbit.node.storage.ProtocolStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * One transaction's view of the store: reads see the store plus its own buffered writes, row locks
 * are held until it ends, and commit writes everything as one batch (rows and index entries of
 * every table it touched) and waits until that batch is durable.
 */
final class Transaction {
  private static final byte[] DELETED = new byte[0];

  private final ProtocolStore store;
  private final RowLocks locks;
  private static final java.util.Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(ORDER);

  /**
   * Puts in ascending order of keys not in {@link #writes} (COPY into a table keyed by row ids),
   * merged with it at commit, or moved into it when a read or delete needs one sorted map.
   */
  private final AscendingRun appended = new AscendingRun(ORDER);

  /**
   * Once {@link #appended} is long, its puts go to files written in the background instead (COPY of
   * many rows): a commit only has to add them to the store, and the rows are not held in memory. A
   * read, or a put out of order, takes them back into {@link #appended} first.
   */
  private BulkLoad bulk;

  /** Length of {@link #appended} from which its puts go to a {@link BulkLoad} instead. */
  private static final int STREAM_AFTER = 65536;

  private final List<ByteBuffer> held = new ArrayList<>();
  final boolean explicit;

  /** An implicit block: the statements between two Syncs (or of one multi-statement query). */
  boolean implicit;

  boolean failed;
  long lockTimeoutMillis;

  /** READ ONLY (true) or READ WRITE (false) when the block said so; null: the session default. */
  Boolean readOnly;

  /** Fails a lock wait when the statement was cancelled (set by the statement's Exec). */
  Runnable cancelCheck = () -> {};

  private SchemaUndo schema;

  /** REPEATABLE READ: every statement reads {@link #view}, taken at the first statement. */
  boolean repeatableRead;

  private dev.orbit.node.storage.ReadView view;
  private long viewCatalogVersion;

  /**
   * The store's leadership ({@link ProtocolStore#leadership}) under which this transaction took its
   * first row lock or ran its first writing statement, or -1: it reads the rows it writes here, so
   * it may only commit while this member still holds that leadership (another leader may have
   * changed those rows in between: the commit would overwrite them with what was read before).
   */
  private long leadership = -1;

  /** The engine's count of transactions begun and not yet ended (for tests and leak checks). */
  private final java.util.concurrent.atomic.AtomicInteger live;

  private boolean open;

  Transaction(
      ProtocolStore store,
      RowLocks locks,
      boolean explicit,
      java.util.concurrent.atomic.AtomicInteger live) {
    this.store = store;
    this.locks = locks;
    this.explicit = explicit;
    this.live = live;
    opened();
  }

  /** Counts this transaction as live again (a batch transaction is reused after a commit). */
  private void opened() {
    if (!open) {
      open = true;
      live.incrementAndGet();
    }
  }

  byte[] get(byte[] key) {
    byte[] w = writes().get(key);
    if (w != null) {
      return w == DELETED ? null : w;
    }
    return view != null ? view.get(key) : store.get(key);
  }

  /**
   * Before each statement of a REPEATABLE READ block: the first takes the snapshot (with the
   * catalog version it goes with); later ones fail with 40001 if a schema changed since, as the
   * tables the snapshot's rows belong to may no longer be the catalog's.
   */
  void beginStatement(Catalog catalog) {
    if (!repeatableRead) {
      return;
    }
    if (view == null) {
      opened();
      for (int tries = 0; view == null; tries++) {
        long before = catalog.version();
        dev.orbit.node.storage.ReadView v = store.openView();
        if (catalog.version() == before || tries == 10) {
          view = v;
          viewCatalogVersion = before;
        } else {
          v.close(); // a schema change landed meanwhile: take the snapshot again
        }
      }
    }
    if (catalog.version() != viewCatalogVersion) {
      throw new SqlException(
          "40001", "could not serialize access due to a concurrent schema change");
    }
  }

  /** True once a REPEATABLE READ block took its snapshot (SET TRANSACTION is too late then). */
  boolean hasSnapshot() {
    return view != null;
  }

  void put(byte[] key, byte[] value) {
    opened();
    if (bulk != null) {
      if (bulk.accepts(key) && !writes.containsKey(key)) {
        bulk.add(key, value);
        return;
      }
      unstream();
    }
    if (appended.accepts(key) && !writes.containsKey(key)) {
      appended.add(key, value);
      if (appended.size() == STREAM_AFTER) {
        bulk = store.bulkLoad();
        for (Map.Entry<byte[], byte[]> e : appended.entrySet()) {
          bulk.add(e.getKey(), e.getValue());
        }
        appended.clear();
      }
    } else {
      writes().put(key, value);
    }
  }

  /** Takes the streamed run back from its files into {@link #appended} (rarely needed). */
  private void unstream() {
    BulkLoad b = bulk;
    bulk = null;
    for (Map.Entry<byte[], byte[]> e : b.takeBack()) {
      appended.add(e.getKey(), e.getValue());
    }
  }

  void delete(byte[] key) {
    opened();
    writes().put(key, DELETED);
  }

  boolean hasWrites() {
    return !writes.isEmpty() || !appended.isEmpty() || bulk != null;
  }

  private NavigableMap<byte[], byte[]> writes() {
    if (bulk != null) {
      unstream();
    }
    if (!appended.isEmpty()) {
      writes.putAll(appended);
      appended.clear();
    }
    return writes;
  }

  /**
   * Before a write or a row lock: this member must lead the store, and still hold the leadership
   * under which the transaction wrote or locked before ({@link NotLeaderException}, 25006, on a
   * follower, as PostgreSQL's standby refuses the statement itself).
   */
  void requireLeader() {
    if (leadership < 0) {
      leadership = store.leadership();
    } else {
      store.checkLeadership(leadership);
    }
  }

  /** Locks a row (or a unique value) for the rest of the transaction. */
  void lock(byte[] key) {
    requireLeader();
    opened();
    ByteBuffer k = ByteBuffer.wrap(key);
    if (locks.lock(k, this, lockTimeoutMillis, cancelCheck)) {
      held.add(k);
    }
  }

  /** Keys in {@code [from, to)} with values, own writes merged over the store. */
  Iterator<KeyValue> scan(byte[] from, byte[] to) {
    MergedScan base = view != null ? view.scan(from, to) : store.scan(from, to);
    NavigableMap<byte[], byte[]> all = writes();
    NavigableMap<byte[], byte[]> mine =
        to == null ? all.tailMap(from, true) : all.subMap(from, true, to, false);
    if (mine.isEmpty()) {
      return new Closing(base);
    }
    return new Overlay(base, mine.entrySet().iterator());
  }

  void commit() {
    commit(true);
  }

  /**
   * Commits without waiting for the WAL sync: for batches of a table or index being built that
   * nothing reads until a later write publishes it, and that write waits for its own sync (which
   * covers everything written to the WAL before it).
   */
  void commitUnpublished() {
    commit(false);
  }

  private void commit(boolean waitDurable) {
    java.util.concurrent.CompletableFuture<Void> settles = null;
    try {
      if (hasWrites()) {
        requireLeader(); // the writes were decided under this leadership, if any
      }
      if (bulk != null) {
        // the appended run is in files already: add them with the other writes in one step
        bulk.commit(writes.entrySet(), v -> v == DELETED);
      } else if (hasWrites()) {
        // rows appended in key order (COPY) are merged with the sorted ones as the store reads them
        java.util.concurrent.CompletableFuture<Void> durable =
            store.write(
                new Merged(writes.entrySet(), appended.entrySet()), v -> v == DELETED, leadership);
        if (waitDurable) {
          try {
            durable.join();
          } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof dev.orbit.node.storage.UnconfirmedWriteException u) {
              settles = u.settled();
            }
            // the store's own failure (not the leader, unconfirmed), answered in SQL terms
            throw e.getCause() instanceof RuntimeException r ? r : e;
          }
        }
      }
    } finally {
      if (settles != null && !settles.isDone()) {
        // its outcome is unknown and its entry may still commit: its rows stay locked until that
        // is decided, so no later transaction reads them as they were before it and overwrites it
        List<ByteBuffer> rows = new ArrayList<>(held);
        held.clear();
        release();
        settles.whenComplete((r, e) -> locks.unlockAll(rows, this));
      } else {
        release();
      }
      schema = null;
    }
  }

  /** Rolls back; returns a notice naming schema changes the rollback kept, or null. */
  String rollback() {
    release();
    SchemaUndo s = schema;
    schema = null;
    return s == null ? null : s.rollback();
  }

  /** A savepoint: the block's writes and schema changes when it was set. */
  private record Savepoint(
      String name, NavigableMap<byte[], byte[]> writes, SchemaUndo.Mark schemaMark) {}

  private final List<Savepoint> savepoints = new ArrayList<>();

  void savepoint(String name) {
    savepoints.add(new Savepoint(name, new TreeMap<>(writes()), schema().mark()));
  }

  /**
   * Returns to the newest savepoint named {@code name}; a notice of schema changes kept, or null.
   */
  String rollbackTo(String name) {
    int i = find(name);
    Savepoint sp = savepoints.get(i);
    savepoints.subList(i + 1, savepoints.size()).clear();
    writes();
    writes.clear();
    writes.putAll(sp.writes());
    failed = false;
    // row locks taken since stay held until the block ends (PostgreSQL releases them): safe
    return schema().undoTo(sp.schemaMark());
  }

  /** Forgets the newest savepoint named {@code name} and every later one. */
  void release(String name) {
    int i = find(name);
    savepoints.subList(i, savepoints.size()).clear();
  }

  private int find(String name) {
    for (int i = savepoints.size() - 1; i >= 0; i--) {
      if (savepoints.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new SqlException("3B001", "savepoint \"" + name + "\" does not exist");
  }

  /** Schema changes of this block (created on first use). */
  SchemaUndo schema() {
    if (schema == null) {
      schema = new SchemaUndo();
    }
    return schema;
  }

  private void endBulk() {
    if (bulk != null) {
      bulk.close();
      bulk = null;
    }
  }

  private void release() {
    if (open) {
      open = false;
      live.decrementAndGet();
    }
    if (view != null) {
      view.close();
      view = null;
    }
    endBulk();
    writes.clear();
    appended.clear();
    if (!held.isEmpty()) {
      locks.unlockAll(held, this);
      held.clear();
    }
  }

  /** A store scan that closes its iterators once exhausted. */
  private static final class Closing implements Iterator<KeyValue>, AutoCloseable {
    private final MergedScan scan;
    private boolean open = true;

    Closing(MergedScan scan) {
      this.scan = scan;
    }

    @Override
    public boolean hasNext() {
      if (open && !scan.hasNext()) {
        scan.close();
        open = false;
      }
      return open;
    }

    @Override
    public KeyValue next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return scan.next();
    }

    @Override
    public void close() {
      if (open) {
        scan.close();
        open = false;
      }
    }
  }

  /** Merges buffered writes (which win, and hide deleted keys) over a store scan. */
  private static final class Overlay implements Iterator<KeyValue>, AutoCloseable {
    private final Closing base;
    private final Iterator<Map.Entry<byte[], byte[]>> mine;
    private KeyValue b;
    private Map.Entry<byte[], byte[]> m;
    private KeyValue next;

    Overlay(MergedScan base, Iterator<Map.Entry<byte[], byte[]>> mine) {
      this.base = new Closing(base);
      this.mine = mine;
      b = this.base.hasNext() ? this.base.next() : null;
      m = mine.hasNext() ? mine.next() : null;
      advance();
    }

    private void advance() {
      next = null;
      while (next == null && (b != null || m != null)) {
        int c = b == null ? 1 : m == null ? -1 : Arrays.compareUnsigned(b.key(), m.getKey());
        if (c < 0) {
          next = b;
          b = base.hasNext() ? base.next() : null;
        } else {
          if (c == 0) {
            b = base.hasNext() ? base.next() : null;
          }
          if (m.getValue() != DELETED) {
            next = new KeyValue(m.getKey(), m.getValue());
          }
          m = mine.hasNext() ? mine.next() : null;
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
      base.close();
    }
  }

  /** Two key-ordered collections with disjoint keys, read as one in key order. */
  private static final class Merged
      extends java.util.AbstractCollection<Map.Entry<byte[], byte[]>> {
    private final java.util.Collection<Map.Entry<byte[], byte[]>> first;
    private final java.util.Collection<Map.Entry<byte[], byte[]>> second;

    Merged(
        java.util.Collection<Map.Entry<byte[], byte[]>> first,
        java.util.Collection<Map.Entry<byte[], byte[]>> second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public int size() {
      return first.size() + second.size();
    }

    @Override
    public Iterator<Map.Entry<byte[], byte[]>> iterator() {
      Iterator<Map.Entry<byte[], byte[]>> a = first.iterator();
      Iterator<Map.Entry<byte[], byte[]>> b = second.iterator();
      return new Iterator<>() {
        private Map.Entry<byte[], byte[]> nextA = a.hasNext() ? a.next() : null;
        private Map.Entry<byte[], byte[]> nextB = b.hasNext() ? b.next() : null;

        @Override
        public boolean hasNext() {
          return nextA != null || nextB != null;
        }

        @Override
        public Map.Entry<byte[], byte[]> next() {
          Map.Entry<byte[], byte[]> out;
          if (nextB == null
              || (nextA != null && ORDER.compare(nextA.getKey(), nextB.getKey()) < 0)) {
            out = nextA;
            nextA = a.hasNext() ? a.next() : null;
          } else {
            out = nextB;
            nextB = b.hasNext() ? b.next() : null;
          }
          if (out == null) {
            throw new java.util.NoSuchElementException();
          }
          return out;
        }
      };
    }
  }
}
