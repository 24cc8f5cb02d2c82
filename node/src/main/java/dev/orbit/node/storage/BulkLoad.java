package dev.orbit.node.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WriteBatch;

/**
 * A large write that bypasses the memtable and the WAL: records go straight into SST files, which
 * {@link #commit} adds to the hot tier with RocksDB's external file ingestion — one atomic step for
 * all records, durable when it returns, placed in the lowest level whose files they do not overlap
 * (for a fresh key range, no compaction ever rewrites them).
 *
 * <p>Puts handed to {@link #add} (strictly ascending keys) are written by a background thread while
 * the caller produces more, so a load costs the caller little more than producing its rows. They
 * all get one version and write time, and one age index entry per file covers them ({@link
 * Record#ageRange}) instead of one per record. {@link #commit} may add a last, smaller set of
 * writes (any keys not added, deletes allowed), stored in the same step with ordinary versions and
 * age entries. {@link #close} without commit deletes the files: nothing was stored.
 *
 * <p>Crash safety: the age entries are written (synced) first; the records second, in one atomic
 * ingestion. A crash between the two leaves age entries without records, which the tier mover drops
 * as stale. Files wait in the database's {@code ingest} folder until then; leftovers are removed
 * when the database opens.
 */
public final class BulkLoad implements AutoCloseable {
  /** Entries handed to the writer thread at a time. */
  private static final int CHUNK = 4096;

  /** A record file is closed and a new one started past this size. */
  private static final long FILE_BYTES = 256L << 20;

  private static final AtomicLong FILES = new AtomicLong();
  private static final byte[] NO_VALUE = new byte[0];
  private static final Chunk END = new Chunk(new byte[0][], new byte[0][], 0);

  private record Chunk(byte[][] keys, byte[][] values, int size) {}

  /** A finished record file and the key range it covers. */
  private record Written(Path path, byte[] first, byte[] last) {}

  private final ProtocolStore store;
  private final TierDb hot;
  private final long writeTime;
  private final long version;
  private final List<Written> written = new ArrayList<>();
  private final List<Path> created = new ArrayList<>();
  private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(8);

  private byte[][] keys = new byte[CHUNK][];
  private byte[][] values = new byte[CHUNK][];
  private int buffered;
  private byte[] last;
  private long added;
  private volatile Thread writer;
  private volatile Throwable failure;
  private boolean done;

  BulkLoad(ProtocolStore store, TierDb hot) {
    this.store = store;
    this.hot = hot;
    this.writeTime = System.currentTimeMillis();
    this.version = store.nextVersion();
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
    last = key;
    keys[buffered] = key;
    values[buffered] = value;
    added++;
    if (++buffered == CHUNK) {
      hand(new Chunk(keys, values, buffered));
      keys = new byte[CHUNK][];
      values = new byte[CHUNK][];
      buffered = 0;
    }
  }

  private void hand(Chunk c) {
    checkFailure();
    if (writer == null) {
      writer = new Thread(this::writeChunks, "orbit-" + store.protocol() + "-bulk-load");
      writer.setDaemon(true);
      writer.start();
    }
    offer(c);
  }

  /** Queues {@code c} for the writer, failing instead of waiting once the writer has failed. */
  private void offer(Chunk c) {
    try {
      while (!queue.offer(c, 100, TimeUnit.MILLISECONDS)) {
        checkFailure();
      }
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private StorageException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new StorageException("interrupted while loading " + store.protocol() + " data", e);
  }

  /** Marks the load ended by {@link #commit} or {@link #takeBack}, which may each happen once. */
  private void end() {
    if (done) {
      throw new IllegalStateException("bulk load already ended");
    }
    done = true;
  }

  /** Stops the writer thread, if it is still running, without waiting for what it has queued. */
  private void stopWriter() {
    Thread w = writer;
    if (w != null && w.isAlive()) {
      queue.clear();
      w.interrupt();
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void checkFailure() {
    Throwable f = failure;
    if (f instanceof RocksDBException e) {
      throw hot.failure("write", e);
    }
    if (f != null) {
      throw new StorageException(
          "cannot write " + store.protocol() + " data: " + f.getMessage(), f);
    }
  }

  /** The writer thread: puts every chunk into record files until {@link #END}. */
  private void writeChunks() {
    RecordFile out = null;
    byte[] header = Record.header(version, writeTime);
    try {
      while (true) {
        Chunk c = queue.take();
        if (c == END) {
          break;
        }
        for (int i = 0; i < c.size(); i++) {
          if (out == null) {
            out = new RecordFile();
          }
          out.put(c.keys()[i], header, c.values()[i]);
          if (out.bytes > FILE_BYTES) {
            out.finish();
            out = null;
          }
        }
      }
      if (out != null) {
        out.finish();
      }
    } catch (Throwable t) {
      if (failure == null) {
        failure = t;
      }
      if (out != null) {
        out.close();
      }
      queue.clear();
    }
  }

  /** Hands the buffered puts to the writer and waits until it has written everything. */
  private void drainWriter() {
    if (buffered > 0) {
      hand(new Chunk(keys, values, buffered));
      buffered = 0;
    }
    if (writer != null) {
      offer(END);
      try {
        writer.join();
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
      writer = null;
    }
    checkFailure();
  }

  /**
   * Ends the load without storing anything and returns its puts, in order, read back from its
   * files: for a caller that must merge them with other writes after all.
   */
  public List<Map.Entry<byte[], byte[]>> takeBack() {
    end();
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>((int) Math.min(added, 1 << 24));
    try {
      drainWriter();
      for (Written w : written) {
        try (org.rocksdb.SstFileReader reader = hot.sstReader();
            org.rocksdb.ReadOptions ro = new org.rocksdb.ReadOptions()) {
          reader.open(w.path().toString());
          try (org.rocksdb.SstFileReaderIterator it = reader.newIterator(ro)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
              out.add(Map.entry(it.key(), Record.payloadOf(it.value())));
            }
          }
        } catch (RocksDBException e) {
          throw hot.failure("read back a load of", e);
        }
      }
      return out;
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
      drainWriter();
      int[] stripes = store.lockAll();
      try (WriteBatch ages = new WriteBatch()) {
        if (store.isClosed()) {
          throw new StorageException(store.protocol() + " store is closed");
        }
        for (Written w : written) {
          ages.put(
              hot.age(), Record.ageKey(writeTime, version, w.first()), Record.ageRange(w.last()));
        }
        if (!rest.isEmpty()) {
          writeRest(rest, isDelete, ages);
        }
        if (ages.count() > 0) {
          hot.write(ages, true);
        }
        if (!written.isEmpty()) {
          hot.ingest(hot.records(), written.stream().map(Written::path).toList());
        }
        store.bulkWritten();
      } catch (RocksDBException e) {
        throw hot.failure("write", e);
      } finally {
        store.unlock(stripes);
      }
    } finally {
      close();
    }
  }

  /** Deletes decide between tombstone and removal under the locks, like any commit's. */
  private void writeRest(
      Collection<Map.Entry<byte[], byte[]>> rest, Predicate<byte[]> isDelete, WriteBatch ages) {
    RecordFile out = null;
    try {
      out = new RecordFile();
      for (Map.Entry<byte[], byte[]> w : rest) {
        byte[] key = w.getKey();
        boolean delete = isDelete.test(w.getValue());
        if (delete && !store.inColderTier(key)) {
          out.delete(key);
          continue;
        }
        long v = store.nextVersion();
        Record r =
            delete ? Record.tombstone(v, writeTime) : Record.value(v, writeTime, w.getValue());
        out.put(key, r.encode());
        ages.put(hot.age(), Record.ageKey(writeTime, v, key), NO_VALUE);
      }
      out.finish();
    } catch (RocksDBException e) {
      if (out != null) {
        out.close();
      }
      throw hot.failure("write", e);
    }
  }

  /**
   * Stops the writer thread of a load its owner has not ended, for a store that is closing: the
   * owner's next call fails.
   */
  void abort() {
    if (failure == null) {
      failure = new StorageException(store.protocol() + " store is closed");
    }
    stopWriter();
  }

  /** Ends the load; without a commit nothing of it is stored. Removes its files. */
  @Override
  public void close() {
    store.loadEnded(this);
    done = true;
    stopWriter();
    synchronized (created) {
      for (Path p : created) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // removed when the database next opens
        }
      }
      created.clear();
    }
  }

  /** One record file being written; keys strictly ascending. */
  private final class RecordFile {
    private final SstFileWriter sst;
    private final Path path;
    private ByteBuffer key = ByteBuffer.allocateDirect(256);
    private ByteBuffer value = ByteBuffer.allocateDirect(4096);
    private byte[] first;
    private byte[] lastKey;
    long bytes;

    RecordFile() throws RocksDBException {
      Path dir = hot.ingestDir();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new StorageException("cannot create " + dir + ": " + e.getMessage(), e);
      }
      path = dir.resolve(FILES.incrementAndGet() + ".sst");
      synchronized (created) {
        created.add(path);
      }
      sst = hot.sstWriter();
      sst.open(path.toString());
    }

    /** Puts a record made of {@code header} and {@code payload}, copied once into native memory. */
    void put(byte[] k, byte[] header, byte[] payload) throws RocksDBException {
      if (key.capacity() < k.length) {
        key = ByteBuffer.allocateDirect(Math.max(k.length, 2 * key.capacity()));
      }
      int n = header.length + payload.length;
      if (value.capacity() < n) {
        value = ByteBuffer.allocateDirect(Math.max(n, 2 * value.capacity()));
      }
      key.clear();
      key.put(k).flip();
      value.clear();
      value.put(header).put(payload).flip();
      sst.put(key, value);
      seen(k, k.length + n);
    }

    void put(byte[] k, byte[] raw) throws RocksDBException {
      sst.put(k, raw);
      seen(k, k.length + raw.length);
    }

    void delete(byte[] k) throws RocksDBException {
      sst.delete(k);
      seen(k, k.length);
    }

    private void seen(byte[] k, int size) {
      if (first == null) {
        first = k;
      }
      lastKey = k;
      bytes += size;
    }

    void finish() throws RocksDBException {
      try {
        if (first != null) {
          sst.finish(); // also syncs the file
          written.add(new Written(path, first, lastKey));
        }
      } finally {
        sst.close();
      }
    }

    void close() {
      sst.close();
    }
  }
}
