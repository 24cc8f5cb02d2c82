package dev.orbit.node.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A large write that bypasses the memtable and the WAL: puts handed to {@link #add} (strictly
 * ascending keys) travel through the replicated log in chunks, which every member writes into SST
 * files of its own ({@link Staging}) while the caller produces more; {@link #commit} adds them to
 * the hot tier with RocksDB's external file ingestion, one atomic step for all records, durable
 * when it returns. Nothing of the load is visible before.
 *
 * <p>All added records get one version and write time, and one age index entry per file covers them
 * ({@link Record#ageRange}). {@link #commit} may add a last, smaller set of writes (any keys not
 * added, deletes allowed), stored in the same step with ordinary versions and age entries. {@link
 * #close} without commit removes the staged files everywhere: nothing was stored.
 *
 * <p>A load of <em>private</em> keys (keys no other write touches and nothing reaches before the
 * commit's other writes refer to them: a new generation of a Redis string's chunks) adds each
 * chunk's file to the database as soon as every member has written it, so its commit adds no files
 * and costs the same whatever the load's size; an abort removes the records it added.
 */
public final class BulkLoad implements AutoCloseable {
  /**
   * A chunk entry is sent before its puts would pass this size: as large as one log entry allows,
   * since every chunk becomes a file that the commit must add (fewer files, a shorter commit).
   */
  static final int CHUNK_BYTES = Proposer.MAX_ENTRY - (64 << 10);

  /** Chunks in the log not yet applied here, before {@link #add} waits for the oldest. */
  private static final int MAX_IN_FLIGHT = 4;

  private final ProtocolStore store;
  private final long loadId;
  private final long version;
  private final long writeTime;
  private final ArrayDeque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
  private List<byte[]> keys = new ArrayList<>();
  private List<byte[]> values = new ArrayList<>();
  private int bytes;
  private byte[] last;
  private long added;
  private int chunks;
  private boolean done;
  private boolean committed;
  private boolean sent;
  private volatile boolean aborted;

  private final boolean privateKeys;

  BulkLoad(ProtocolStore store, boolean privateKeys) {
    this.store = store;
    this.privateKeys = privateKeys;
    this.loadId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    this.version = store.nextVersion();
    this.writeTime = System.currentTimeMillis();
  }

  /** Puts handed to {@link #add} so far. */
  public long added() {
    return added;
  }

  /** True when {@code key} sorts after every key added so far. */
  public boolean accepts(byte[] key) {
    return last == null || Arrays.compareUnsigned(key, last) > 0;
  }

  /** Adds a put; keys must be strictly ascending ({@link #accepts}). */
  public void add(byte[] key, byte[] value) {
    if (!accepts(key)) {
      throw new IllegalArgumentException("bulk load keys must be strictly ascending");
    }
    int size = key.length + value.length + 16;
    if (bytes > 0 && bytes + size > CHUNK_BYTES) {
      sendChunk();
    }
    last = key;
    keys.add(key);
    values.add(value);
    added++;
    bytes += size;
    if (bytes >= CHUNK_BYTES) {
      sendChunk();
    } else if ((added & 4095) == 0) {
      checkOpen(); // a closed store fails the load early, not only at its first chunk
    }
  }

  private void sendChunk() {
    checkOpen();
    LogOps.Writer w = new LogOps.Writer(bytes + 64);
    w.op(privateKeys ? LogOps.PRIVATE_CHUNK : LogOps.CHUNK)
        .l(loadId)
        .l(version)
        .l(writeTime)
        .varint(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      w.bytes(keys.get(i)).bytes(values.get(i));
    }
    keys = new ArrayList<>();
    values = new ArrayList<>();
    bytes = 0;
    CompletableFuture<Long> f = store.propose(w, true);
    sent = true;
    inFlight.add(f);
    if (f.isCompletedExceptionally()) {
      join(f);
    }
    while (inFlight.size() > MAX_IN_FLIGHT) {
      join(inFlight.poll());
    }
    store.loadHook().chunkSent(++chunks);
  }

  private void checkOpen() {
    if (aborted || store.isClosed()) {
      throw new StorageException(store.protocol() + " store is closed");
    }
  }

  /** Sends the buffered puts and waits until every chunk is applied here. */
  private void drain() {
    if (!keys.isEmpty()) {
      sendChunk();
    }
    while (!inFlight.isEmpty()) {
      join(inFlight.poll());
    }
  }

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Marks the load ended by {@link #commit} or {@link #takeBack}, which may each happen once. */
  private void end() {
    if (done) {
      throw new IllegalStateException("bulk load already ended");
    }
    done = true;
  }

  /**
   * Ends the load without storing anything and returns its puts, in order, read back from its
   * files: for a caller that must merge them with other writes after all.
   */
  public List<Map.Entry<byte[], byte[]>> takeBack() {
    if (privateKeys) {
      throw new IllegalStateException("a load of private keys cannot be taken back");
    }
    end();
    try {
      drain();
      return store.staging().read(loadId);
    } finally {
      close();
    }
  }

  /**
   * Stores what was added plus {@code rest} (ascending, no key of it added before; a value for
   * which {@code isDelete} holds deletes its key) in one step; durable on return.
   */
  public void commit(Collection<Map.Entry<byte[], byte[]>> rest, Predicate<byte[]> isDelete) {
    end();
    try {
      drain();
      join(store.commitLoad(loadId, version, writeTime, rest, isDelete));
      committed = true;
    } finally {
      close();
    }
  }

  /**
   * Stops a load its owner has not ended, for a store that is closing: the owner's next call fails.
   */
  void abort() {
    aborted = true;
  }

  /** Ends the load; without a commit nothing of it is stored, and its staged files are removed. */
  @Override
  public void close() {
    store.loadEnded(this);
    done = true;
    if (sent && !committed && !aborted && !store.isClosed()) {
      try {
        store.abortLoad(loadId).join();
      } catch (RuntimeException e) {
        // no longer the leader, or closing: the next leader removes every unfinished load
      }
    }
    committed = true;
  }
}
