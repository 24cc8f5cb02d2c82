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
import java.util.function.Predicate;

/**
 * One protocol's data: an ordered key-value store over three RocksDB databases (hot, warm, cold).
 * Every write goes to hot as a versioned, timestamped record; reads look hot → warm → cold and the
 * hottest copy wins; deletes shadow colder tiers with a tombstone. The tier mover ({@link
 * #moveOlderThan}) moves records to colder tiers by age.
 *
 * <p>Every change is a write set proposed to the store's replicated log ({@link ReplicatedLog}) and
 * applied by every member ({@link #applyEntry}); a write's future completes once it is committed
 * and applied here. Writes are refused ({@link NotLeaderException}) on a member that is not the
 * leader.
 */
public final class ProtocolStore implements AutoCloseable {
  private static final byte[] VERSION_CEILING_KEY = metaKey("version-ceiling");
  private static final Predicate<byte[]> NO_DELETES = v -> false;

  /** A batch of at least this many keys is written as a {@link BulkLoad}. */
  static final int INGEST_KEYS = 65536;

  /**
   * A batch of several records larger than this (one log entry's size) is written as a {@link
   * BulkLoad}: it travels in bounded chunk entries that every member writes to files, and is added
   * in one atomic step, instead of one write set built, logged and applied whole.
   */
  static final long INGEST_BYTES = Proposer.MAX_ENTRY;

  /** A batch writing more keys than this clears the record cache instead of a slot per key. */
  static final int BULK_WRITE = 4096;

  private final String protocol;
  private final Map<Tier, TierDb> dbs;
  private final List<TierDb> hotToCold;
  private final StripedLocks locks = new StripedLocks(4096);
  private final RecordCache cache;
  private final AtomicLong version = new AtomicLong();
  private final Pending pending = new Pending();
  private final Applier applier;
  private final StoreEvents events = new StoreEvents();
  private final DiskSpace space;
  private volatile ReplicatedLog log;
  private volatile Proposer proposer;
  private volatile boolean writable;

  /**
   * Counts this member's changes of role: a leadership is one value of it ({@link #leadership}).
   */
  private final AtomicLong roleChanges = new AtomicLong();

  private boolean closed;

  /** Bulk loads not yet ended, stopped by {@link #close}. */
  private final java.util.Set<BulkLoad> loads =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** Read views not yet released: released by {@link #close} before the databases close. */
  private final java.util.Set<ReadView> views =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private boolean viewsClosed; // guarded by views

  /** Held by a move's apply; held for a whole backup so it never sees a move half done. */
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
    byte[] ceiling = getMeta(VERSION_CEILING_KEY); // written by nodes before the replicated log
    observeVersion(ceiling == null ? 0 : ByteBuffer.wrap(ceiling).getLong());
    this.applier = new Applier(this, this.dbs);
    this.space = new DiskSpace(protocol, dbs.get(Tier.HOT).walDir());
  }

  public String protocol() {
    return protocol;
  }

  public TierDb db(Tier tier) {
    return dbs.get(tier);
  }

  // ---- replication ----

  /** Connects the store to its replicated log; writes are refused until {@link #roleChanged}. */
  public void attach(ReplicatedLog log) {
    this.log = log;
    this.proposer = new Proposer(protocol, log, this::forget, space);
  }

  /**
   * Called by the replication layer when this member became the leader ready for writes (every
   * entry of earlier terms applied) or stopped being it.
   */
  public void roleChanged(boolean leaderReady) {
    roleChanges.incrementAndGet(); // before writes are let through or refused: see leadership()
    if (leaderReady) {
      // staged files of loads that a former leader left unfinished: queued before any new write
      propose(new LogOps.Writer(16).op(LogOps.ABORT).l(0), true);
    }
    writable = leaderReady;
    events.roleChanged(leaderReady);
  }

  /**
   * True while the leadership that began at role change {@code epoch} lasts: the store was told it
   * leads and nothing changed since (its writes may still be refused for a moment).
   */
  private boolean leads(long epoch) {
    return writable && roleChanges.get() == epoch && log != null;
  }

  /** The log stopped for good (it could not be written): writes in flight fail with {@code why}. */
  public void logStopped(RuntimeException why) {
    Proposer p = proposer;
    if (p != null) {
      p.failInFlight(why);
    }
  }

  /** True while the log's volume has too little room for writes (they are refused). */
  public boolean logVolumeFull() {
    return space.full();
  }

  /** Listeners of role changes and of changes applied from the log. */
  public StoreEvents events() {
    return events;
  }

  /**
   * Runs {@code setup} — a write the leader makes on its own (the default database, a format
   * upgrade) — each time this member becomes the leader ready for writes, on the role listeners'
   * thread. A failure while the member still leads (a slow or full disk, a write of unknown
   * outcome, the log briefly fenced) is logged and retried, backing off up to 5 s, until {@code
   * setup} succeeds or the leadership it started under ends: once is not enough, as nothing else
   * would retry it before the next change of leader. {@code setup} must be idempotent.
   */
  public void onLeading(String what, Runnable setup) {
    java.util.function.Consumer<Boolean> run =
        leader -> {
          if (!leader) {
            return;
          }
          long epoch = roleChanges.get(); // this leadership: a later one runs setup itself
          long backoff = 50;
          while (leads(epoch)) {
            RuntimeException failure;
            try {
              leadership();
              setup.run();
              return;
            } catch (RuntimeException e) {
              // the replication layer's own flag may lag the store's for a moment (NotLeader);
              // or a write failed, or writes are fenced behind one of unknown outcome
              failure = e;
            }
            if (!leads(epoch)) {
              return;
            }
            if (!(failure instanceof NotLeaderException)) {
              org.slf4j.LoggerFactory.getLogger(ProtocolStore.class)
                  .warn(
                      "{}: {} failed, retrying in {} ms: {}",
                      protocol,
                      what,
                      backoff,
                      failure.toString());
            }
            try {
              Thread.sleep(backoff);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return; // closing
            }
            backoff = Math.min(5_000, backoff * 2);
          }
        };
    events.onRoleChange(run);
    if (writable) {
      // it led before the listener was added: run it now, in the caller, and retry on the thread
      try {
        setup.run();
      } catch (RuntimeException e) {
        events.onRoleThread(() -> run.accept(true));
      }
    }
  }

  /** Applies a committed log entry (replication layer only); returns its result. */
  public long applyEntry(ByteBuffer entry, long term, long index) {
    return applier.apply(entry, term, index);
  }

  /**
   * For a replication group created anew over existing data (a restored backup, a copied folder):
   * its log starts at index 1, so the applied index stored with the data starts over too.
   */
  public void logStartsAnew() {
    applier.restartIndex();
  }

  /** Term and index of the last entry applied to the databases (0, 0 for none). */
  public long[] applied() {
    return new long[] {applier.appliedTerm(), applier.appliedIndex()};
  }

  /** True when this member accepts writes now (it leads the store's group). */
  public boolean acceptsWrites() {
    try {
      checkWritable();
      return true;
    } catch (NotLeaderException e) {
      return false;
    } catch (StorageException e) {
      Proposer p = proposer;
      if (p != null && p.fenced()) {
        return false; // for as long as the writes in flight behind a failed one last
      }
      throw e;
    }
  }

  /** Throws {@link NotLeaderException} unless this member accepts writes now. */
  public void checkWritable() {
    ReplicatedLog l = log;
    if (l == null) {
      throw new NotLeaderException(protocol, null);
    }
    l.checkLeader();
    if (!writable) {
      throw new NotLeaderException(protocol, null);
    }
    proposer.checkNotFenced();
  }

  /**
   * This member's current leadership of the store, for a writer that reads what it writes over a
   * while (a SQL transaction's rows) and must commit only if the member led the store all along: it
   * passes the value to {@link #write(Collection, Predicate, long)}. Throws {@link
   * NotLeaderException} unless this member takes writes now.
   */
  public long leadership() {
    long current = roleChanges.get(); // read first: a change after it makes the commit refuse
    checkWritable();
    return current;
  }

  /**
   * Throws unless this member still holds the {@code leadership} it had: {@link NotLeaderException}
   * when it no longer leads, {@link LeadershipChangedException} when it leads again after an
   * interruption (another leader may have written meanwhile).
   */
  public void checkLeadership(long leadership) {
    ReplicatedLog l = log;
    if (l == null || !writable) {
      throw new NotLeaderException(protocol, null);
    }
    l.checkLeader(); // volatile reads only: called for every row a transaction locks
    if (roleChanges.get() != leadership) {
      throw new LeadershipChangedException(protocol);
    }
  }

  /** Throws unless a read may be answered here now ({@link ReplicatedLog#checkRead}). */
  public void checkReadable() {
    ReplicatedLog l = log;
    if (l != null) {
      l.checkRead();
    }
  }

  CompletableFuture<Long> propose(LogOps.Writer ops, boolean alone) {
    Proposer p = proposer;
    if (p == null) {
      forget(ops);
      return CompletableFuture.failedFuture(new NotLeaderException(protocol, null));
    }
    return p.propose(ops, alone);
  }

  // ---- reads ----

  /** The current value of {@code key}, or null. */
  public byte[] get(byte[] key) {
    checkReadable();
    return committedValue(key);
  }

  /** The hottest stored record of {@code key} (possibly a tombstone), or null. */
  public Record getRecord(byte[] key) {
    checkReadable();
    return committedRecord(key);
  }

  /**
   * The value of {@code key} in this member's data, whatever its replication lag: for caches that
   * follow the log themselves (the SQL catalog), not for answering clients.
   */
  public byte[] getLocal(byte[] key) {
    return committedValue(key);
  }

  /**
   * What a writer that holds {@code key}'s lock reads: the writes proposed before it, committed or
   * not, so a write builds on the one before it without waiting for the log. Throws {@link
   * NotLeaderException} on a member that takes no writes.
   */
  public byte[] getForWrite(byte[] key) {
    checkWritable();
    Pending.Seen seen = pending.get(key);
    return seen.pending() ? seen.value() : committedValue(key);
  }

  /**
   * True while a write of {@code key} is proposed and not yet applied here (a scan, which sees
   * applied records only, would miss it). Throws {@link NotLeaderException} on a member that takes
   * no writes.
   */
  public boolean writePending(byte[] key) {
    checkWritable();
    return pending.get(key).pending();
  }

  /** A scan of this member's data whatever its lag (see {@link #getLocal}). */
  public MergedScan scanLocal(byte[] from, byte[] toExclusive) {
    return new MergedScan(hotToCold, from, toExclusive);
  }

  private byte[] committedValue(byte[] key) {
    Record r = committedRecord(key);
    return r == null || r.tombstone() ? null : r.payload();
  }

  /** What a transaction reads: a writer sees the writes proposed before it, a reader does not. */
  byte[] readFor(Txn txn, byte[] key) {
    if (!txn.readOnly()) {
      Pending.Seen seen = pending.get(key);
      if (seen.pending()) {
        return seen.value();
      }
    }
    return committedValue(key);
  }

  private Record committedRecord(byte[] key) {
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
    checkReadable();
    return new MergedScan(hotToCold, from, toExclusive);
  }

  /**
   * Runs {@code body} over the current data without locks; the body may only read (a write throws
   * IllegalStateException). Each read sees the latest committed value of its key.
   */
  public <T> T read(Function<Txn, T> body) {
    checkReadable();
    return body.apply(new Txn(this, true));
  }

  /**
   * Opens a consistent read view of the applied data across every tier ({@link ReadView}), taken
   * between two applied log entries; the caller closes it. On a replica it is the local state.
   */
  public ReadView openView() {
    checkReadable();
    synchronized (views) {
      if (viewsClosed) {
        throw new StorageException(protocol + " store is closed");
      }
      ReadView v = applier.betweenEntries(() -> new ReadView(this, hotToCold));
      views.add(v);
      return v;
    }
  }

  /** A view released its snapshots. */
  void viewClosed(ReadView v) {
    synchronized (views) {
      views.remove(v);
    }
  }

  /** Read views not yet released (for tests and status). */
  public int openViews() {
    synchronized (views) {
      return views.size();
    }
  }

  /** As {@link #scan}, in descending key order. */
  public ReverseScan scanReverse(byte[] from, byte[] toExclusive) {
    checkReadable();
    return new ReverseScan(hotToCold, from, toExclusive);
  }

  // ---- writes ----

  /** Stores {@code value} at {@code key}; the future completes when the write is committed. */
  public CompletableFuture<Void> put(byte[] key, byte[] value) {
    checkWritable();
    int[] stripes = locks.lock(key);
    try {
      return commit(List.of(Map.entry(key, value)), NO_DELETES);
    } finally {
      locks.unlock(stripes);
    }
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
   * Runs {@code body} with {@code keys} locked against other writers, then commits what it wrote as
   * one atomic write set. The body must touch only the keys it declared; it reads the writes
   * proposed before it (committed or not), so writers never wait for the log.
   */
  public <T> Committed<T> atomically(Collection<byte[]> keys, Function<Txn, T> body) {
    checkWritable();
    int[] stripes = locks.lock(keys);
    try {
      Txn txn = new Txn(this, false);
      T result = body.apply(txn);
      return new Committed<>(result, commit(txn.writes().entrySet(), Txn::isDelete));
    } finally {
      locks.unlock(stripes);
    }
  }

  /**
   * Commits already-decided writes, given in ascending key order without repeats, as one atomic
   * write set with their keys locked: a value (never null) for which {@code isDelete} is true
   * deletes its key. For callers that buffer their own writes (the SQL engine's transactions), so
   * the writes are not copied into a {@link Txn} first. The future completes when it is committed.
   */
  public CompletableFuture<Void> write(
      Collection<Map.Entry<byte[], byte[]>> writes, Predicate<byte[]> isDelete) {
    return write(writes, isDelete, null);
  }

  /**
   * As {@link #write(Collection, Predicate)}, committed only while this member still holds the
   * {@code leadership} ({@link #leadership}) under which the writer read what it writes; else
   * throws as {@link #checkLeadership}.
   */
  public CompletableFuture<Void> write(
      Collection<Map.Entry<byte[], byte[]>> writes, Predicate<byte[]> isDelete, long leadership) {
    if (writes.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    checkWritable();
    checkLeadership(leadership);
    if (isLarge(writes)) {
      return bulkCommit(writes, isDelete); // as write(): the caller orders writes of its keys
    }
    int[] stripes = locks.lock(writes, Map.Entry::getKey);
    try {
      checkLeadership(leadership); // again right before the write set is queued for the log
      return commit(writes, isDelete);
    } finally {
      locks.unlock(stripes);
    }
  }

  /**
   * As {@link #write(Collection, Predicate)}, where the keys for which {@code isPrivate} holds are
   * private to this write: no other write touches them, and nothing reads them before the other
   * writes of this one refer to them (a new generation of a Redis string's chunk records). A large
   * write then adds its private records to the database while they travel ({@link BulkLoad}), so
   * its commit does not grow with its size.
   */
  public CompletableFuture<Void> write(
      Collection<Map.Entry<byte[], byte[]>> writes,
      Predicate<byte[]> isDelete,
      Predicate<byte[]> isPrivate) {
    if (writes.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    checkWritable();
    if (isLarge(writes)) {
      // no key locks: a load's puts are not pending writes that others read, its commit entry is
      // proposed under every lock, and holding the stripes of its keys for the whole load would
      // stall every writer whose key shares one of them; the caller orders writes of its own keys
      return isPrivate == null
          ? bulkCommit(writes, isDelete)
          : privateCommit(writes, isDelete, isPrivate);
    }
    int[] stripes = locks.lock(writes, Map.Entry::getKey);
    try {
      return commit(writes, isDelete);
    } finally {
      locks.unlock(stripes);
    }
  }

  /** The result of an atomic operation and when its writes are committed. */
  public record Committed<T>(T value, CompletableFuture<Void> durable) {}

  /** Proposes a write set (its keys locked); versions and write times are decided here. */
  private CompletableFuture<Void> commit(
      Collection<Map.Entry<byte[], byte[]>> writes, Predicate<byte[]> isDelete) {
    if (writes.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (isLarge(writes)) {
      return bulkCommit(writes, isDelete);
    }
    long now = System.currentTimeMillis();
    int size = 0;
    for (Map.Entry<byte[], byte[]> w : writes) {
      size += w.getKey().length + w.getValue().length + 24;
    }
    LogOps.Writer ops = new LogOps.Writer(size + 8);
    for (Map.Entry<byte[], byte[]> w : writes) {
      long v = nextVersion();
      if (isDelete.test(w.getValue())) {
        pending.put(w.getKey(), v, null);
        ops.delete(w.getKey(), v, now);
      } else {
        pending.put(w.getKey(), v, w.getValue());
        ops.put(w.getKey(), v, now, w.getValue());
      }
    }
    return propose(ops, false).thenApply(r -> null);
  }

  /**
   * True for a write set to store as a {@link BulkLoad}: many keys, or several records larger
   * together than one log entry. (A single record larger than an entry is one operation: the log
   * carries it in parts, see {@link Parts}.)
   */
  static boolean isLarge(Collection<Map.Entry<byte[], byte[]>> writes) {
    if (writes.size() >= INGEST_KEYS) {
      return true;
    }
    if (writes.size() < 2) {
      return false;
    }
    long bytes = 0;
    for (Map.Entry<byte[], byte[]> w : writes) {
      bytes += w.getKey().length + w.getValue().length + 24;
      if (bytes > INGEST_BYTES) {
        return true;
      }
    }
    return false;
  }

  /** A write set this large costs less as files added in one step than through the memtable. */
  private CompletableFuture<Void> bulkCommit(
      Collection<Map.Entry<byte[], byte[]>> writes, Predicate<byte[]> isDelete) {
    java.util.List<Map.Entry<byte[], byte[]>> deletes = new java.util.ArrayList<>();
    try (BulkLoad load = bulkLoad()) {
      for (Map.Entry<byte[], byte[]> w : writes) {
        if (isDelete.test(w.getValue())) {
          deletes.add(w);
        } else {
          load.add(w.getKey(), w.getValue());
        }
      }
      load.commit(deletes, isDelete);
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * A large write whose private puts travel as a load of private keys and whose other writes go
   * with its commit; as {@link #bulkCommit} when those other writes are large themselves.
   */
  private CompletableFuture<Void> privateCommit(
      Collection<Map.Entry<byte[], byte[]>> writes,
      Predicate<byte[]> isDelete,
      Predicate<byte[]> isPrivate) {
    java.util.List<Map.Entry<byte[], byte[]>> own = new java.util.ArrayList<>();
    java.util.List<Map.Entry<byte[], byte[]>> rest = new java.util.ArrayList<>();
    long restBytes = 0;
    for (Map.Entry<byte[], byte[]> w : writes) {
      if (!isDelete.test(w.getValue()) && isPrivate.test(w.getKey())) {
        own.add(w);
      } else {
        rest.add(w);
        restBytes += w.getKey().length + w.getValue().length + 24;
      }
    }
    if (own.isEmpty() || restBytes > INGEST_BYTES / 2 || rest.size() >= INGEST_KEYS) {
      return bulkCommit(writes, isDelete); // the commit entry must stay one small entry
    }
    try (BulkLoad load = bulkLoad(true)) {
      for (Map.Entry<byte[], byte[]> w : own) {
        load.add(w.getKey(), w.getValue());
      }
      load.commit(rest, isDelete);
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Starts a load of many records that bypasses the memtable and WAL ({@link BulkLoad}); nothing of
   * it is visible or stored before its commit.
   */
  public BulkLoad bulkLoad() {
    return bulkLoad(false);
  }

  /** As {@link #bulkLoad()}; {@code privateKeys}: a load of private keys (see {@link BulkLoad}). */
  BulkLoad bulkLoad(boolean privateKeys) {
    checkWritable();
    BulkLoad load = new BulkLoad(this, privateKeys);
    synchronized (loads) {
      if (closed) {
        throw new StorageException(protocol + " store is closed");
      }
      loads.add(load);
    }
    return load;
  }

  /** Proposes the commit of a bulk load with its other writes, every key locked meanwhile. */
  CompletableFuture<Long> commitLoad(
      long loadId,
      long loadVersion,
      long writeTime,
      Collection<Map.Entry<byte[], byte[]>> rest,
      Predicate<byte[]> isDelete) {
    checkWritable();
    int[] all = locks.lockAll();
    try {
      LogOps.Writer ops = new LogOps.Writer(64 + rest.size() * 32);
      ops.op(LogOps.COMMIT).l(loadId).l(loadVersion).l(writeTime).varint(rest.size());
      for (Map.Entry<byte[], byte[]> w : rest) {
        long v = nextVersion();
        if (isDelete.test(w.getValue())) {
          ops.b(1).bytes(w.getKey()).l(v);
          pending.put(w.getKey(), v, null);
        } else {
          ops.b(0).bytes(w.getKey()).bytes(w.getValue()).l(v);
          pending.put(w.getKey(), v, w.getValue());
        }
      }
      return propose(ops, true);
    } finally {
      locks.unlock(all);
    }
  }

  CompletableFuture<Long> abortLoad(long loadId) {
    return propose(new LogOps.Writer(16).op(LogOps.ABORT).l(loadId), true);
  }

  Staging staging() {
    return applier.staging();
  }

  /** A bulk load committed, was taken back or was abandoned. */
  void loadEnded(BulkLoad load) {
    synchronized (loads) {
      loads.remove(load);
    }
  }

  /** After a bulk load: cached reads of its keys may be out of date. */
  void bulkWritten() {
    if (cache != null) {
      cache.clear();
    }
  }

  /**
   * Deletes every key in {@code [from, toExclusive)} in every tier (null bounds are open) with one
   * range tombstone per tier, so its cost does not grow with the range; the future completes when
   * the deletes are committed. The age index entries of the removed records stay behind: the tier
   * mover finds their records gone and drops them as stale when they come of age.
   */
  public CompletableFuture<Void> clearRange(byte[] from, byte[] toExclusive) {
    checkWritable();
    int[] all = locks.lockAll();
    try {
      pending.clear(from, toExclusive);
      LogOps.Writer ops = new LogOps.Writer(32).op(LogOps.CLEAR).bytes(from).bytes(toExclusive);
      return propose(ops, true).thenApply(r -> null);
    } finally {
      locks.unlock(all);
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

  /**
   * Runs {@code action} between two applied log entries with tier moves paused: every tier then
   * holds exactly the entries up to {@link #applied()} (backups checkpoint every tier at one
   * index). Writes of a leader wait meanwhile, so keep it short.
   */
  public <T> T atOneLogIndex(java.util.function.Supplier<T> action) {
    // the applier takes the move lock inside an entry: the same order here
    return applier.betweenEntries(() -> withMovesPaused(action));
  }

  /** Test hook: runs between the copy to the colder tier and the delete from the source. */
  public interface MoveHook {
    MoveHook NONE = (from, keys) -> {};

    void afterCopy(Tier from, int records);
  }

  public void setMoveHook(MoveHook hook) {
    this.moveHook = hook == null ? MoveHook.NONE : hook;
  }

  /** Test hook: runs on a bulk load's thread after each of its chunks is proposed. */
  public interface LoadHook {
    LoadHook NONE = chunks -> {};

    void chunkSent(int chunks);
  }

  private volatile LoadHook loadHook = LoadHook.NONE;

  public void setLoadHook(LoadHook hook) {
    this.loadHook = hook == null ? LoadHook.NONE : hook;
  }

  LoadHook loadHook() {
    return loadHook;
  }

  /**
   * Moves up to {@code limit} records of {@code from} written before {@code cutoffMillis} to the
   * next colder tier: the leader lists them from its age index and proposes the list, and every
   * member copies them (synced), then deletes them from the source. Returns {entries consumed,
   * records moved}; fewer entries than {@code limit} means nothing older is left.
   */
  public int[] moveOlderThan(Tier from, long cutoffMillis, int limit) {
    checkWritable();
    TierMove.Listed listed = TierMove.list(dbs.get(from), cutoffMillis, limit);
    if (listed.consumed() == 0) {
      return new int[] {0, 0};
    }
    LogOps.Writer ops = new LogOps.Writer(64 + listed.entries().size() * 48);
    TierMove.encode(ops, from, listed);
    long moved = BulkLoad.join(propose(ops, true));
    return new int[] {listed.consumed(), (int) moved};
  }

  /**
   * Flushes {@code tier}'s memtables into its own folder on every member. The mover calls it after
   * moving records so moved data lives in the colder tier's files, not only in the WAL volume.
   */
  public void flush(Tier tier) {
    ReplicatedLog l = log;
    if (l != null && l.isLeader()) {
      BulkLoad.join(propose(new LogOps.Writer(8).op(LogOps.FLUSH).b(tier.ordinal()), true));
    } else {
      dbs.get(tier).flush();
    }
  }

  // ---- apply (on every member, from the log) ----

  /** Puts {@code r} at {@code key} in the hot tier with its age index entry. */
  void addRecord(org.rocksdb.WriteBatch batch, byte[] key, Record r)
      throws org.rocksdb.RocksDBException {
    TierDb hot = dbs.get(Tier.HOT);
    batch.put(hot.records(), key, r.encode());
    batch.put(hot.age(), Record.ageKey(r.writeTimeMillis(), r.version(), key), new byte[0]);
  }

  /** A delete: a tombstone when a colder tier holds the key, else just removal from hot. */
  void addDelete(org.rocksdb.WriteBatch batch, byte[] key, long version, long time)
      throws org.rocksdb.RocksDBException {
    TierDb hot = dbs.get(Tier.HOT);
    byte[] raw = hot.getRaw(key);
    if (raw != null) {
      Record old = Record.decode(raw);
      batch.delete(hot.age(), Record.ageKey(old.writeTimeMillis(), old.version(), key));
    }
    if (inColderTier(key)) {
      addRecord(batch, key, Record.tombstone(version, time));
    } else {
      batch.delete(hot.records(), key);
    }
  }

  /** True when the warm or cold tier holds a record (possibly a tombstone) of {@code key}. */
  boolean inColderTier(byte[] key) {
    return dbs.get(Tier.WARM).getRaw(key) != null || dbs.get(Tier.COLD).getRaw(key) != null;
  }

  /** A write of the log was applied here (or failed): readers of the cache must look again. */
  void applied(byte[] key, long version) {
    pending.done(key, version);
  }

  /**
   * After an entry's writes reached the databases, before they stop being pending: cached records
   * of these keys are dropped.
   */
  void invalidate(List<byte[]> keys) {
    if (cache != null) {
      if (keys.size() > BULK_WRITE) {
        cache.clear(); // cheaper than emptying a slot per key, and just as safe
      } else {
        for (byte[] k : keys) {
          cache.written(k);
        }
      }
    }
  }

  /** After an entry's writes reached the databases and stopped being pending. */
  void changed(List<byte[]> keys) {
    if (!keys.isEmpty() && !writable) {
      events.appliedFromLog(keys);
    }
  }

  /** After a clear was applied: on a replica, caches must look again. */
  private void cleared() {
    if (!writable) {
      events.appliedFromLog(List.of());
    }
  }

  void applyClear(byte[] from, byte[] to) {
    moves.lock();
    try {
      for (TierDb db : hotToCold) {
        Clears.clearRange(db, from, to);
      }
      if (cache != null) {
        cache.clear();
      }
      pending.clearDone(from, to);
    } finally {
      moves.unlock();
    }
    cleared();
  }

  long applyMove(Tier from, TierMove.Listed listed) {
    moves.lock();
    try {
      return TierMove.apply(dbs.get(from), dbs.get(from.colder()), dbs, listed, moveHook).moved();
    } finally {
      moves.unlock();
    }
  }

  /** Drops the pending writes of a proposal that failed. */
  private void forget(LogOps.Writer ops) {
    LogOps.Reader r = new LogOps.Reader(ByteBuffer.wrap(ops.toBytes()));
    while (r.hasNext()) {
      byte op = r.op();
      if (op == LogOps.PUT) {
        byte[] key = r.bytes();
        r.bytes();
        pending.done(key, r.l());
        r.l();
      } else if (op == LogOps.DELETE) {
        byte[] key = r.bytes();
        pending.done(key, r.l());
        r.l();
      } else if (op == LogOps.CLEAR) {
        pending.clearDone(r.bytes(), r.bytes());
      } else if (op == LogOps.COMMIT) {
        r.l();
        r.l();
        r.l();
        int n = r.varint();
        for (int i = 0; i < n; i++) {
          boolean delete = r.b() != 0;
          byte[] key = r.bytes();
          if (!delete) {
            r.bytes();
          }
          pending.done(key, r.l());
        }
      } else {
        return; // no other operation is pending
      }
    }
  }

  long nextVersion() {
    return version.incrementAndGet();
  }

  /** Versions of applied writes come from the leader: later ones must be greater. */
  void observeVersion(long v) {
    version.accumulateAndGet(v, Math::max);
  }

  long currentVersion() {
    return version.get();
  }

  // ---- metadata (kept in the hot age family, past every age key) ----

  static byte[] metaKey(String name) {
    byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] k = new byte[8 + n.length];
    Arrays.fill(k, 0, 8, (byte) 0xFF);
    System.arraycopy(n, 0, k, 8, n.length);
    return k;
  }

  byte[] getMeta(byte[] key) {
    TierDb hot = dbs.get(Tier.HOT);
    try {
      return hot.rocks().get(hot.age(), key);
    } catch (org.rocksdb.RocksDBException e) {
      throw hot.failure("read", e);
    }
  }

  @Override
  public void close() {
    // proposals queued fail; the log was stopped before, so nothing is applied any more
    Proposer p = proposer;
    if (p != null) {
      p.close();
    }
    applier.close(); // an entry being applied finishes; none is applied after this
    events.close();
    List<ReadView> openViews;
    synchronized (views) {
      viewsClosed = true;
      openViews = new java.util.ArrayList<>(views);
    }
    for (ReadView v : openViews) {
      v.closeWithStore(10_000); // queries were stopped before: idle transactions' views remain
    }
    int[] all = locks.lockAll();
    try {
      List<BulkLoad> open;
      synchronized (loads) {
        if (closed) {
          return; // closed before: the databases are gone
        }
        closed = true;
        open = new java.util.ArrayList<>(loads);
        loads.clear();
      }
      for (BulkLoad load : open) {
        load.abort();
      }
      moves.lock();
      try {
        for (int i = hotToCold.size() - 1; i >= 0; i--) {
          hotToCold.get(i).close();
        }
      } finally {
        moves.unlock();
      }
    } finally {
      locks.unlock(all);
    }
  }

  /** True once {@link #close} has begun. */
  boolean isClosed() {
    synchronized (loads) {
      return closed;
    }
  }
}
