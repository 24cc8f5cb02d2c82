package dev.orbit.node.storage;

import dev.orbit.config.NodeConfig;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.rocksdb.WriteBatch;

/**
 * One protocol's data: an ordered key-value store over three RocksDB databases (hot, warm, cold).
 * Every write goes to hot as a versioned, timestamped record; reads look hot → warm → cold and the
 * hottest copy wins; deletes shadow colder tiers with a tombstone. The tier mover ({@link
 * #moveOlderThan}) moves records to colder tiers by age.
 */
public final class ProtocolStore implements AutoCloseable {
  /** Versions are reserved in blocks; the reserved ceiling is persisted before any is used. */
  private static final long VERSION_BLOCK = 1L << 20;

  private static final byte[] VERSION_CEILING_KEY = metaKey("version-ceiling");

  private static final java.util.function.Predicate<byte[]> NO_DELETES = v -> false;

  /** Age index entries carry everything in their key. */
  private static final byte[] NO_VALUE = new byte[0];

  /** A batch of at least this many keys is written as a {@link BulkLoad}. */
  private static final int INGEST_KEYS = 65536;

  /** A batch writing more keys than this clears the record cache instead of a slot per key. */
  private static final int BULK_WRITE = 4096;

  /** A thread keeps its write batch between writes unless a write made it larger than this. */
  private static final long REUSED_BATCH_LIMIT = 1 << 20;

  private final ThreadLocal<WriteBatch> threadBatch = new ThreadLocal<>();

  /** Every batch handed to a thread, freed on close. */
  private final java.util.Set<WriteBatch> batches =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private boolean closed;

  /** Bulk loads not yet ended, stopped by {@link #close}. */
  private final java.util.Set<BulkLoad> loads =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private final String protocol;
  private final Map<Tier, TierDb> dbs;
  private final List<TierDb> hotToCold;
  private final NodeConfig.Durability durability;
  private final GroupCommitter committer;
  private final StripedLocks locks = new StripedLocks(4096);
  private final RecordCache cache;
  private final AtomicLong version = new AtomicLong();
  private final Object ceilingLock = new Object();
  private volatile long versionCeiling;

  /** Held by a mover batch; held for a whole backup or clear so neither sees a move half done. */
  final ReentrantLock moves = new ReentrantLock();

  private volatile MoveHook moveHook = MoveHook.NONE;

  ProtocolStore(
      String protocol,
      Map<Tier, TierDb> dbs,
      NodeConfig.Durability durability,
      long recordCacheBytes) {
    this.protocol = protocol;
    this.cache = recordCacheBytes > 0 ? new RecordCache(recordCacheBytes) : null;
    this.dbs = new EnumMap<>(dbs);
    this.hotToCold = List.of(dbs.get(Tier.HOT), dbs.get(Tier.WARM), dbs.get(Tier.COLD));
    this.durability = durability;
    this.committer =
        durability == NodeConfig.Durability.GROUP ? new GroupCommitter(dbs.get(Tier.HOT)) : null;
    byte[] ceiling = getMeta(VERSION_CEILING_KEY);
    this.versionCeiling = ceiling == null ? 0 : ByteBuffer.wrap(ceiling).getLong();
    this.version.set(versionCeiling);
  }

  public String protocol() {
    return protocol;
  }

  public TierDb db(Tier tier) {
    return dbs.get(tier);
  }

  // ---- reads ----

  /** The current value of {@code key}, or null. */
  public byte[] get(byte[] key) {
    Record r = getRecord(key);
    return r == null || r.tombstone() ? null : r.payload();
  }

  /** The hottest stored record of {@code key} (possibly a tombstone), or null. */
  public Record getRecord(byte[] key) {
    if (cache == null) {
      byte[] raw = getRawFromTiers(key);
      return raw == null ? null : Record.decode(raw);
    }
    RecordCache.Entry seen = cache.peek(key);
    if (seen != null && seen.holds(key)) {
      cache.hits.increment();
      return seen.raw == null ? null : Record.decode(seen.raw);
    }
    cache.misses.increment();
    byte[] raw = getRawFromTiers(key);
    if (raw != null) {
      cache.fill(key, seen, raw);
      return Record.decode(raw);
    }
    return null;
  }

  private byte[] getRawFromTiers(byte[] key) {
    for (TierDb db : hotToCold) {
      byte[] raw = db.getRaw(key);
      if (raw != null) {
        return raw;
      }
    }
    return null;
  }

  /** Approximate heap bytes held by the record cache (0 when it is off). */
  public long recordCacheBytes() {
    return cache == null ? 0 : cache.bytes();
  }

  /** Point reads the record cache answered, and those it did not (both 0 when it is off). */
  public long[] recordCacheHitsAndMisses() {
    return cache == null ? new long[2] : new long[] {cache.hits.sum(), cache.misses.sum()};
  }

  /** Which tier holds the winning copy of {@code key}, or null when absent (for tests, status). */
  public Tier tierOf(byte[] key) {
    for (TierDb db : hotToCold) {
      byte[] raw = db.getRaw(key);
      if (raw != null) {
        return Record.decode(raw).tombstone() ? null : db.tier();
      }
    }
    return null;
  }

  /** Keys in {@code [from, toExclusive)} (null bounds are open) with their values, in order. */
  public MergedScan scan(byte[] from, byte[] toExclusive) {
    return new MergedScan(hotToCold, from, toExclusive);
  }

  /** As {@link #scan}, in descending key order. */
  public ReverseScan scanReverse(byte[] from, byte[] toExclusive) {
    return new ReverseScan(hotToCold, from, toExclusive);
  }

  // ---- writes ----

  /** Stores {@code value} at {@code key}; the future completes when the write is durable. */
  public CompletableFuture<Void> put(byte[] key, byte[] value) {
    int[] stripes = locks.lock(key);
    try {
      commit(List.of(Map.entry(key, value)), NO_DELETES);
    } finally {
      locks.unlock(stripes);
    }
    return durable();
  }

  /** Deletes {@code key}; tells whether it existed. */
  public Committed<Boolean> delete(byte[] key) {
    return atomically(
        List.of(key),
        t -> {
          boolean existed = t.get(key) != null;
          if (existed) {
            t.delete(key);
          }
          return existed;
        });
  }

  /**
   * Runs {@code body} with {@code keys} locked against other writers and the tier mover, then
   * commits what it wrote as one atomic batch. The body must touch only the keys it declared.
   */
  /**
   * Runs {@code body} over the current data without locks; the body may only read (a write throws
   * IllegalStateException). Each read sees the latest committed value of its key.
   */
  public <T> T read(Function<Txn, T> body) {
    return body.apply(new Txn(this, true));
  }

  public <T> Committed<T> atomically(Collection<byte[]> keys, Function<Txn, T> body) {
    int[] stripes = locks.lock(keys);
    T result;
    boolean wrote;
    try {
      Txn txn = new Txn(this, false);
      result = body.apply(txn);
      wrote = commit(txn.writes().entrySet(), Txn::isDelete);
    } finally {
      locks.unlock(stripes);
    }
    return new Committed<>(result, wrote ? durable() : CompletableFuture.completedFuture(null));
  }

  /**
   * Commits already-decided writes, given in ascending key order without repeats, as one atomic
   * batch with their keys locked: a value (never null) for which {@code isDelete} is true deletes
   * its key. For callers that buffer their own writes (the SQL engine's transactions), so the
   * writes are not copied into a {@link Txn} first. The future completes when the batch is durable.
   */
  public CompletableFuture<Void> write(
      Collection<Map.Entry<byte[], byte[]>> writes, java.util.function.Predicate<byte[]> isDelete) {
    if (writes.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    int[] stripes = locks.lock(writes, Map.Entry::getKey);
    try {
      commit(writes, isDelete);
    } finally {
      locks.unlock(stripes);
    }
    return durable();
  }

  /** The result of an atomic operation and when its writes are durable. */
  public record Committed<T>(T value, CompletableFuture<Void> durable) {}

  /** This thread's write batch, empty; give it back with {@link #release}. */
  private WriteBatch batch() {
    WriteBatch b = threadBatch.get();
    if (b == null) {
      b = new WriteBatch();
      synchronized (batches) {
        if (closed) {
          b.close();
          throw new StorageException(protocol + " store is closed");
        }
        batches.add(b);
      }
      threadBatch.set(b);
    }
    return b;
  }

  /** Empties a batch for its thread's next write; a large one is freed instead of kept. */
  private void release(WriteBatch b, long bytes) {
    if (bytes > REUSED_BATCH_LIMIT) {
      threadBatch.remove();
      synchronized (batches) {
        batches.remove(b);
      }
      b.close();
    } else {
      b.clear();
    }
  }

  private boolean commit(
      Collection<Map.Entry<byte[], byte[]>> writes, java.util.function.Predicate<byte[]> isDelete) {
    if (writes.isEmpty()) {
      return false;
    }
    if (writes.size() >= INGEST_KEYS) {
      // a batch this large costs less as files added in one step than through the memtable (the
      // commit ends the load whatever happens)
      bulkLoad().commit(writes, isDelete);
      return true;
    }
    TierDb hot = dbs.get(Tier.HOT);
    long now = System.currentTimeMillis();
    WriteBatch batch = batch();
    long bytes = 0;
    try {
      for (Map.Entry<byte[], byte[]> w : writes) {
        byte[] key = w.getKey();
        bytes += 2L * key.length + w.getValue().length;
        if (isDelete.test(w.getValue())) {
          addDelete(batch, key, now);
        } else {
          addRecord(batch, key, Record.value(nextVersion(), now, w.getValue()));
        }
      }
      hot.write(batch, durability == NodeConfig.Durability.SYNC);
    } catch (org.rocksdb.RocksDBException e) {
      throw hot.failure("write", e);
    } finally {
      release(batch, bytes);
    }
    if (cache != null) {
      if (writes.size() > BULK_WRITE) {
        cache.clear(); // cheaper than emptying a slot per key, and just as safe
      } else {
        for (Map.Entry<byte[], byte[]> w : writes) {
          cache.written(w.getKey());
        }
      }
    }
    return true;
  }

  /**
   * Starts a load of many records that bypasses the memtable and WAL ({@link BulkLoad}); nothing of
   * it is visible or stored before its commit.
   */
  public BulkLoad bulkLoad() {
    BulkLoad load = new BulkLoad(this, dbs.get(Tier.HOT));
    synchronized (batches) {
      if (closed) {
        throw new StorageException(protocol + " store is closed");
      }
      loads.add(load);
    }
    return load;
  }

  /** A bulk load committed, was taken back or was abandoned. */
  void loadEnded(BulkLoad load) {
    synchronized (batches) {
      loads.remove(load);
    }
  }

  /** Every lock stripe, for a bulk load's ingestion; give them back with {@link #unlock}. */
  int[] lockAll() {
    return locks.lockAll();
  }

  void unlock(int[] stripes) {
    locks.unlock(stripes);
  }

  /** After a bulk load: cached reads of its keys may be out of date. */
  void bulkWritten() {
    if (cache != null) {
      cache.clear();
    }
  }

  /** True when the warm or cold tier holds a record (possibly a tombstone) of {@code key}. */
  boolean inColderTier(byte[] key) {
    return dbs.get(Tier.WARM).getRaw(key) != null || dbs.get(Tier.COLD).getRaw(key) != null;
  }

  /** Puts {@code r} at {@code key} in the hot tier with its age index entry. */
  private void addRecord(WriteBatch batch, byte[] key, Record r)
      throws org.rocksdb.RocksDBException {
    TierDb hot = dbs.get(Tier.HOT);
    batch.put(hot.records(), key, r.encode());
    batch.put(hot.age(), Record.ageKey(r.writeTimeMillis(), r.version(), key), NO_VALUE);
  }

  /** A delete: a tombstone when a colder tier holds the key, else just removal from hot. */
  private void addDelete(WriteBatch batch, byte[] key, long now)
      throws org.rocksdb.RocksDBException {
    TierDb hot = dbs.get(Tier.HOT);
    byte[] raw = hot.getRaw(key);
    if (raw != null) {
      Record old = Record.decode(raw);
      batch.delete(hot.age(), Record.ageKey(old.writeTimeMillis(), old.version(), key));
    }
    if (inColderTier(key)) {
      addRecord(batch, key, Record.tombstone(nextVersion(), now));
    } else {
      batch.delete(hot.records(), key);
    }
  }

  private CompletableFuture<Void> durable() {
    return committer != null ? committer.written() : CompletableFuture.completedFuture(null);
  }

  long nextVersion() {
    long v = version.incrementAndGet();
    if (v >= versionCeiling) {
      synchronized (ceilingLock) {
        while (v >= versionCeiling) {
          long next = versionCeiling + VERSION_BLOCK;
          putMeta(VERSION_CEILING_KEY, ByteBuffer.allocate(8).putLong(next).array());
          versionCeiling = next;
        }
      }
    }
    return v;
  }

  /**
   * Deletes every key in {@code [from, toExclusive)} in every tier (null bounds are open) with one
   * range tombstone per tier, so its cost does not grow with the range; the future completes when
   * the deletes are durable. The age index entries of the removed records stay behind: the tier
   * mover finds their records gone and drops them as stale when they come of age.
   */
  public CompletableFuture<Void> clearRange(byte[] from, byte[] toExclusive) {
    moves.lock();
    try {
      for (TierDb db : hotToCold) {
        clearRange(db, from, toExclusive);
      }
      if (cache != null) {
        cache.clear();
      }
    } finally {
      moves.unlock();
    }
    return durable();
  }

  private void clearRange(TierDb db, byte[] from, byte[] toExclusive) {
    byte[] lo = from == null ? new byte[0] : from;
    byte[] hi = toExclusive;
    try (org.rocksdb.ReadOptions ro = new org.rocksdb.ReadOptions();
        org.rocksdb.RocksIterator it = db.newRecordIterator(ro)) {
      // an empty range gets no tombstone: the writes that usually follow into it (TRUNCATE then
      // COPY) would otherwise be slowed down by it until it is compacted away
      it.seek(lo);
      if (!it.isValid() || (hi != null && Arrays.compareUnsigned(it.key(), hi) >= 0)) {
        return;
      }
      if (hi == null) {
        it.seekToLast();
        byte[] last = it.key();
        hi = Arrays.copyOf(last, last.length + 1); // just past the last key
      }
    }
    try (WriteBatch batch = new WriteBatch()) {
      batch.deleteRange(db.records(), lo, hi);
      // the hot tier's write is made durable by durable(); the colder ones sync here
      db.write(batch, db.tier() != Tier.HOT || durability == NodeConfig.Durability.SYNC);
    } catch (org.rocksdb.RocksDBException e) {
      throw db.failure("clear", e);
    }
  }

  // ---- tier moves ----

  /** Runs {@code action} while no tier move is in progress or can start (backups use it). */
  public <T> T withMovesPaused(java.util.function.Supplier<T> action) {
    moves.lock();
    try {
      return action.get();
    } finally {
      moves.unlock();
    }
  }

  /** Test hook: runs between the copy to the colder tier and the delete from the source. */
  public interface MoveHook {
    MoveHook NONE = (from, keys) -> {};

    void afterCopy(Tier from, int records);
  }

  public void setMoveHook(MoveHook hook) {
    this.moveHook = hook == null ? MoveHook.NONE : hook;
  }

  /**
   * Moves up to {@code limit} records of {@code from} written before {@code cutoffMillis} to the
   * next colder tier: copy (synced), then delete from the source. Reads only the age index entries
   * it acts on, so its cost follows what it moves. Returns {entries consumed, records moved}; fewer
   * entries than {@code limit} means nothing older is left.
   */
  public int[] moveOlderThan(Tier from, long cutoffMillis, int limit) {
    moves.lock();
    try {
      TierMove.Result r =
          TierMove.run(
              dbs.get(from), dbs.get(from.colder()), dbs, cutoffMillis, limit, locks, moveHook);
      return new int[] {r.entries(), r.moved()};
    } finally {
      moves.unlock();
    }
  }

  /**
   * Flushes {@code tier}'s memtables into its own folder. The mover calls it after moving records
   * so moved data lives in the colder tier's files, not only in the WAL volume.
   */
  public void flush(Tier tier) {
    dbs.get(tier).flush();
  }

  // ---- metadata (kept in the hot age family, past every age key) ----

  private static byte[] metaKey(String name) {
    byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] k = new byte[8 + n.length];
    Arrays.fill(k, 0, 8, (byte) 0xFF);
    System.arraycopy(n, 0, k, 8, n.length);
    return k;
  }

  private byte[] getMeta(byte[] key) {
    TierDb hot = dbs.get(Tier.HOT);
    try {
      return hot.rocks().get(hot.age(), key);
    } catch (org.rocksdb.RocksDBException e) {
      throw hot.failure("read", e);
    }
  }

  private void putMeta(byte[] key, byte[] value) {
    TierDb hot = dbs.get(Tier.HOT);
    try (WriteBatch b = new WriteBatch()) {
      b.put(hot.age(), key, value);
      hot.write(b, true);
    } catch (org.rocksdb.RocksDBException e) {
      throw hot.failure("write", e);
    }
  }

  @Override
  public void close() {
    // commits and bulk-load ingestions in flight hold lock stripes: they finish first, and the
    // ones that start later find the store closed
    int[] all = locks.lockAll();
    try {
      List<BulkLoad> open;
      synchronized (batches) {
        if (closed) {
          return; // closed before: the databases are gone
        }
        closed = true;
        batches.forEach(WriteBatch::close);
        batches.clear();
        open = new java.util.ArrayList<>(loads);
        loads.clear();
      }
      for (BulkLoad load : open) {
        load.abort(); // its writer thread stops before the files' options are freed
      }
      if (committer != null) {
        committer.close();
      }
      for (int i = hotToCold.size() - 1; i >= 0; i--) {
        hotToCold.get(i).close();
      }
    } finally {
      locks.unlock(all);
    }
  }

  /** True once {@link #close} has begun. */
  boolean isClosed() {
    synchronized (batches) {
      return closed;
    }
  }
}
