package dev.orbit.node.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WriteBatch;

/**
 * The apply side of bulk loads, on every member: each chunk entry of a load becomes an SST file in
 * {@code <hot>/staged/} (named by load and log index, so a replayed chunk rewrites its own file);
 * the commit entry adds the load's files to the hot database in one atomic ingestion. Staged files
 * outlive restarts until their load commits or is aborted, because the log is replayed only from
 * the applied index onwards.
 */
final class Staging {
  private static final byte[] NO_VALUE = new byte[0];

  private final ProtocolStore store;
  private final TierDb hot;
  private final Path dir;
  private final Parts parts;
  private final LoadRanges ranges;

  Staging(ProtocolStore store, TierDb hot) {
    this.store = store;
    this.hot = hot;
    this.dir = hot.dir().resolve("staged");
    this.parts = new Parts(dir);
    this.ranges = new LoadRanges(hot);
  }

  /** The staged parts of write sets larger than one entry (in the same folder). */
  Parts parts() {
    return parts;
  }

  /**
   * Writes a chunk entry ({@code loadId, version, time, n, n × (key, value)}) to its file, and
   * keeps its first and last key in {@code applied} (the entry's batch, stored with its log index),
   * so the commit need not open every file again to index it by age. A chunk of private keys
   * ({@code added}) goes into the database at once: nothing reaches its keys before the commit.
   */
  void chunk(LogOps.Reader r, long index, WriteBatch applied, boolean added)
      throws RocksDBException {
    long loadId = r.l();
    long version = r.l();
    long time = r.l();
    int n = r.varint();
    if (n == 0) {
      return;
    }
    byte[] header = Record.header(version, time);
    Path file = dir.resolve(String.format("%016x-%020d.sst", loadId, index));
    createDir();
    byte[] first = null;
    byte[] key = null;
    try (SstFileWriter sst = hot.sstWriter()) {
      sst.open(file.toString());
      for (int i = 0; i < n; i++) {
        key = r.bytes();
        byte[] value = r.bytes();
        byte[] raw = new byte[header.length + value.length];
        System.arraycopy(header, 0, raw, 0, header.length);
        System.arraycopy(value, 0, raw, header.length, value.length);
        sst.put(key, raw);
        if (first == null) {
          first = key;
        }
      }
      sst.finish(); // also syncs the file
    }
    if (added) {
      // a replay before the entry's batch is stored adds the same records again: no harm
      hot.ingest(hot.records(), List.of(file));
    }
    ranges.keep(applied, loadId, index, new LoadRanges.Range(added, version, first, key));
  }

  /** A chunk file's first and last key: kept when it was written, else read from the file. */
  private byte[][] range(long loadId, Path file) throws RocksDBException {
    String name = file.getFileName().toString();
    LoadRanges.Range kept =
        ranges.get(loadId, Long.parseLong(name.substring(17, name.length() - 4)));
    return kept == null ? firstAndLast(file) : new byte[][] {kept.first(), kept.last()};
  }

  /**
   * Commits a load ({@code loadId, version, time, n, n × (delete, key, value?, version)} — the last
   * part being its other writes): age entries first (synced, with a marker), then one ingestion of
   * every file. A replay finds the marker and does not build the other writes' file again.
   */
  void commit(LogOps.Reader r, WriteBatch afterIngest, List<Runnable> afterWrite)
      throws RocksDBException {
    long loadId = r.l();
    long version = r.l();
    long time = r.l();
    int n = r.varint();
    List<LoadRanges.Range> kept = ranges.list(loadId);
    if (!kept.isEmpty() && kept.get(0).added()) {
      commitAdded(r, loadId, version, time, n, kept, afterIngest, afterWrite);
      return;
    }
    byte[] marker = ProtocolStore.metaKey("load-" + Long.toHexString(loadId));
    List<Path> files = files(loadId);
    Path restFile = dir.resolve(String.format("%016x-rest.sst", loadId));
    boolean replay = store.getMeta(marker) != null;
    List<byte[]> restKeys = new ArrayList<>(n);
    long[] restVersions = new long[n];
    try (WriteBatch ages = new WriteBatch()) {
      SstFileWriter rest = null;
      try {
        for (int i = 0; i < n; i++) {
          boolean delete = r.b() != 0;
          byte[] key = r.bytes();
          byte[] value = delete ? null : r.bytes();
          long v = r.l();
          restVersions[restKeys.size()] = v;
          restKeys.add(key);
          if (replay) {
            continue;
          }
          if (rest == null) {
            createDir();
            rest = hot.sstWriter();
            rest.open(restFile.toString());
          }
          if (delete && !store.inColderTier(key)) {
            rest.delete(key);
            continue;
          }
          Record rec = delete ? Record.tombstone(v, time) : Record.value(v, time, value);
          rest.put(key, rec.encode());
          ages.put(hot.age(), Record.ageKey(time, v, key), NO_VALUE);
        }
        if (rest != null) {
          rest.finish();
        }
      } finally {
        if (rest != null) {
          rest.close();
        }
      }
      if (!replay) {
        for (Path f : files) {
          byte[][] range = range(loadId, f);
          if (range != null) {
            ages.put(hot.age(), Record.ageKey(time, version, range[0]), Record.ageRange(range[1]));
          }
        }
        ages.put(hot.age(), marker, NO_VALUE);
        hot.write(ages, true);
      }
    }
    if (Files.exists(restFile)) {
      files.add(restFile);
    }
    if (!files.isEmpty()) {
      hot.ingest(hot.records(), files);
    }
    afterIngest.delete(hot.age(), marker);
    ranges.drop(loadId, afterIngest);
    store.bulkWritten(); // before they stop being pending (see Applier)
    for (int i = 0; i < restKeys.size(); i++) {
      store.applied(restKeys.get(i), restVersions[i]);
    }
  }

  /**
   * Commits a load of private keys, whose records are in the database already: their age entries
   * and the load's other writes go into {@code applied}, the entry's one atomic batch.
   */
  private void commitAdded(
      LogOps.Reader r,
      long loadId,
      long version,
      long time,
      int n,
      List<LoadRanges.Range> kept,
      WriteBatch applied,
      List<Runnable> afterWrite)
      throws RocksDBException {
    for (LoadRanges.Range k : kept) {
      applied.put(hot.age(), Record.ageKey(time, version, k.first()), Record.ageRange(k.last()));
    }
    long maxVersion = 0;
    List<byte[]> keys = new ArrayList<>(n);
    long[] versions = new long[n];
    for (int i = 0; i < n; i++) {
      boolean delete = r.b() != 0;
      byte[] key = r.bytes();
      byte[] value = delete ? null : r.bytes();
      long v = r.l();
      if (delete) {
        store.addDelete(applied, key, v, time);
      } else {
        store.addRecord(applied, key, Record.value(v, time, value));
      }
      versions[keys.size()] = v;
      keys.add(key);
      maxVersion = Math.max(maxVersion, v);
    }
    store.observeVersion(maxVersion);
    ranges.drop(loadId, applied);
    for (Path f : files(loadId)) {
      delete(f); // a chunk replayed after its records were added wrote its file again
    }
    afterWrite.add(
        () -> {
          for (int i = 0; i < keys.size(); i++) {
            store.applied(keys.get(i), versions[i]);
          }
        });
  }

  private static void delete(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      throw new StorageException("cannot remove staged file " + f + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the staged files of a load or of a write set sent in parts ({@code 0}: of every one).
   */
  void abort(long loadId, WriteBatch applied) throws RocksDBException {
    ranges.abort(loadId, applied);
    if (loadId != 0) {
      parts.drop(loadId);
    }
    for (Path f : loadId == 0 ? all() : files(loadId)) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        throw new StorageException("cannot remove staged file " + f + ": " + e.getMessage(), e);
      }
    }
  }

  /** The chunk files of a load, in log order. */
  List<Path> files(long loadId) {
    String prefix = String.format("%016x-", loadId);
    List<Path> out = new ArrayList<>();
    for (Path f : all()) {
      String name = f.getFileName().toString();
      if (name.startsWith(prefix) && name.endsWith(".sst") && !name.endsWith("-rest.sst")) {
        out.add(f);
      }
    }
    return out;
  }

  private List<Path> all() {
    if (!Files.isDirectory(dir)) {
      return new ArrayList<>();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(s.sorted().toList());
    } catch (IOException e) {
      throw new StorageException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The puts of a load's chunk files, in order (for a load taken back). */
  List<Map.Entry<byte[], byte[]>> read(long loadId) {
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    for (Path f : files(loadId)) {
      try (SstFileReader reader = hot.sstReader();
          ReadOptions ro = new ReadOptions()) {
        reader.open(f.toString());
        try (SstFileReaderIterator it = reader.newIterator(ro)) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            out.add(Map.entry(it.key(), Record.payloadOf(it.value())));
          }
        }
      } catch (RocksDBException e) {
        throw hot.failure("read back a load of", e);
      }
    }
    return out;
  }

  private byte[][] firstAndLast(Path f) throws RocksDBException {
    try (SstFileReader reader = hot.sstReader();
        ReadOptions ro = new ReadOptions()) {
      reader.open(f.toString());
      try (SstFileReaderIterator it = reader.newIterator(ro)) {
        it.seekToFirst();
        if (!it.isValid()) {
          return null;
        }
        byte[] first = it.key();
        it.seekToLast();
        return new byte[][] {first, it.key()};
      }
    }
  }

  private void createDir() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
