package dev.orbit.node.storage;

import dev.orbit.config.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Filter;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One RocksDB database: one protocol's data in one tier. Column family {@code default} holds the
 * records; {@code age} indexes them by write time so the tier mover reads only what is old enough.
 * Its WAL lives in the protocol's folder of the WAL root.
 */
public final class TierDb implements AutoCloseable {
  static final byte[] AGE_CF = "age".getBytes(StandardCharsets.UTF_8);
  private static final String INGEST_DIR = "ingest";

  private final String protocol;
  private final Tier tier;
  private final Path dir;
  private final Path walDir;
  private final Filter filter;
  private final ColumnFamilyOptions cfOptions;
  private final DBOptions dbOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle records;
  private final ColumnFamilyHandle age;
  private final WriteOptions syncWrite;
  private final WriteOptions noSyncWrite;

  /** Why the last write failed with an I/O error (RocksDB may then refuse all writes); null: ok. */
  private volatile String writeError;

  private org.rocksdb.Options sstOptions;
  private org.rocksdb.EnvOptions envOptions;

  private TierDb(
      String protocol,
      Tier tier,
      Path dir,
      Path walDir,
      Filter filter,
      ColumnFamilyOptions cfOptions,
      DBOptions dbOptions,
      RocksDB db,
      List<ColumnFamilyHandle> handles) {
    this.protocol = protocol;
    this.tier = tier;
    this.dir = dir;
    this.walDir = walDir;
    this.filter = filter;
    this.cfOptions = cfOptions;
    this.dbOptions = dbOptions;
    this.db = db;
    this.records = handles.get(0);
    this.age = handles.get(1);
    this.syncWrite = new WriteOptions().setSync(true);
    this.noSyncWrite = new WriteOptions().setSync(false);
  }

  /** Opens (creating if absent) the database of {@code protocol} in {@code tier}. */
  static TierDb open(
      String protocol,
      Tier tier,
      Path dir,
      Path walDir,
      SharedResources shared,
      NodeConfig.Compression compression,
      boolean manualWalFlush) {
    Filter filter = null;
    ColumnFamilyOptions cf = null;
    DBOptions db = null;
    try {
      Files.createDirectories(dir);
      Files.createDirectories(walDir);
      removeUnfinishedLoads(dir.resolve(INGEST_DIR));
      BlockBasedTableConfig table =
          new BlockBasedTableConfig()
              .setBlockCache(shared.blockCache())
              .setCacheIndexAndFilterBlocks(true)
              .setCacheIndexAndFilterBlocksWithHighPriority(true)
              .setPinL0FilterAndIndexBlocksInCache(true)
              .setBlockSize(tier == Tier.HOT ? 8 << 10 : tier == Tier.WARM ? 16 << 10 : 64 << 10);
      if (tier != Tier.COLD) {
        filter = new BloomFilter(10, false);
        table.setFilterPolicy(filter);
      }
      long budget = shared.writeBufferBudget();
      cf =
          new ColumnFamilyOptions()
              .setTableFormatConfig(table)
              .setCompressionType(compressionOf(compression))
              .setWriteBufferSize(
                  Math.max(1 << 20, tier == Tier.HOT ? budget / 4 : Math.min(budget / 8, 16 << 20)))
              .setMaxWriteBufferNumber(tier == Tier.HOT ? 4 : 2)
              .setLevelCompactionDynamicLevelBytes(true);
      if (compression != NodeConfig.Compression.NONE) {
        cf.setBottommostCompressionType(compressionOf(compression));
      }
      db =
          new DBOptions()
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setWalDir(walDir.toString())
              .setWriteBufferManager(shared.writeBufferManager())
              .setMaxBackgroundJobs(2)
              .setKeepLogFileNum(3)
              .setBytesPerSync(1 << 20)
              // startup must not depend on data size: bound the WAL to replay, keep replayed
              // memtables instead of flushing them during open, and open table files lazily
              .setMaxTotalWalSize(Math.max(8L << 20, budget))
              .setAvoidFlushDuringRecovery(true)
              .setSkipStatsUpdateOnDbOpen(true)
              .setMaxOpenFiles(1024)
              .setManualWalFlush(manualWalFlush);
      List<ColumnFamilyDescriptor> descriptors =
          List.of(
              new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf),
              new ColumnFamilyDescriptor(AGE_CF, cf));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB rocks = RocksDB.open(db, dir.toString(), descriptors, handles);
      return new TierDb(protocol, tier, dir, walDir, filter, cf, db, rocks, handles);
    } catch (RocksDBException | java.io.IOException e) {
      if (db != null) {
        db.close();
      }
      if (cf != null) {
        cf.close();
      }
      if (filter != null) {
        filter.close();
      }
      throw new StorageException(
          "cannot open "
              + protocol
              + " "
              + tier.label()
              + " database at "
              + dir
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static CompressionType compressionOf(NodeConfig.Compression c) {
    return switch (c) {
      case NONE -> CompressionType.NO_COMPRESSION;
      case SNAPPY -> CompressionType.SNAPPY_COMPRESSION;
      case LZ4 -> CompressionType.LZ4_COMPRESSION;
      case ZSTD -> CompressionType.ZSTD_COMPRESSION;
    };
  }

  public String protocol() {
    return protocol;
  }

  public Tier tier() {
    return tier;
  }

  public Path dir() {
    return dir;
  }

  public Path walDir() {
    return walDir;
  }

  RocksDB rocks() {
    return db;
  }

  ColumnFamilyHandle records() {
    return records;
  }

  ColumnFamilyHandle age() {
    return age;
  }

  /**
   * Writes a checkpoint of this database into {@code target} (which must not exist): the memtable
   * is flushed, SST files are hard-linked (copied across file systems), the rest copied, and the
   * live WAL files land in {@code target} too. Nothing is written to the database itself.
   */
  public void checkpointTo(Path target) {
    try (org.rocksdb.Checkpoint cp = org.rocksdb.Checkpoint.create(db)) {
      cp.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw failure("checkpoint", e);
    }
  }

  /**
   * The stored record of {@code key} in this tier exactly as stored (for tests comparing members).
   */
  public byte[] rawForTest(byte[] key) {
    return getRaw(key);
  }

  byte[] getRaw(byte[] key) {
    try {
      return db.get(records, key);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  void write(WriteBatch batch, boolean sync) {
    try {
      db.write(sync ? syncWrite : noSyncWrite, batch);
    } catch (RocksDBException e) {
      throw writeFailure("write", e);
    }
    if (writeError != null) {
      writeError = null;
    }
  }

  RocksIterator newRecordIterator(ReadOptions ro) {
    return db.newIterator(records, ro);
  }

  RocksIterator newAgeIterator(ReadOptions ro) {
    return db.newIterator(age, ro);
  }

  /** Folder for SST files being built before {@link #ingest}; emptied when the database opens. */
  Path ingestDir() {
    return dir.resolve(INGEST_DIR);
  }

  /** Files of bulk loads a crash or failure interrupted: never ingested, so never visible. */
  private static void removeUnfinishedLoads(Path ingest) throws java.io.IOException {
    if (Files.isDirectory(ingest)) {
      try (java.util.stream.Stream<Path> files = Files.list(ingest)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** Options for SST files of this database's column families (created on first use). */
  private synchronized org.rocksdb.Options sstOptions() {
    if (sstOptions == null) {
      sstOptions = new org.rocksdb.Options(dbOptions, cfOptions);
      envOptions = new org.rocksdb.EnvOptions();
    }
    return sstOptions;
  }

  /** A writer of an SST file for this database's column families, to hand to {@link #ingest}. */
  org.rocksdb.SstFileWriter sstWriter() {
    org.rocksdb.Options o = sstOptions();
    return new org.rocksdb.SstFileWriter(envOptions, o);
  }

  /** A reader of an SST file written by {@link #sstWriter}. */
  org.rocksdb.SstFileReader sstReader() {
    return new org.rocksdb.SstFileReader(sstOptions());
  }

  /**
   * Adds finished SST files to {@code cf} in one atomic step (moved, not copied) under sequence
   * numbers above every write so far, later files over earlier ones; durable when this returns.
   */
  void ingest(ColumnFamilyHandle cf, List<Path> files) {
    try (org.rocksdb.IngestExternalFileOptions o =
        new org.rocksdb.IngestExternalFileOptions().setMoveFiles(true)) {
      db.ingestExternalFile(cf, files.stream().map(Path::toString).toList(), o);
    } catch (RocksDBException e) {
      throw writeFailure("ingest a file into", e);
    }
  }

  /** Writes the memtables to table files, so the log behind the applied index can be purged. */
  public void flushForSnapshot() {
    flush();
  }

  /** Writes the memtables to SST files in this tier's folder. */
  void flush() {
    try (org.rocksdb.FlushOptions fo = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
      db.flush(fo, List.of(records, age));
    } catch (RocksDBException e) {
      throw writeFailure("flush", e);
    }
  }

  void syncWal() {
    try {
      // flushWal(true) measured ~4x faster here than syncWal() for the same durability
      db.flushWal(true);
    } catch (RocksDBException e) {
      throw writeFailure("sync the WAL of", e);
    }
  }

  /**
   * Why this database refuses writes, or null. After an I/O error (a full disk, no file
   * descriptors) RocksDB refuses every write until it has recovered, which it does by itself for
   * some errors once their cause is gone and never for others (a failed WAL write under manual WAL
   * flush): {@link #probeWrites} tells which state it is in now.
   */
  public String writeError() {
    return writeError;
  }

  /**
   * After a write error: asks RocksDB for a flush, which it refuses while it refuses writes (and
   * which does nothing harmful once it takes them again). True when the database takes writes.
   */
  public boolean probeWrites() {
    if (writeError == null) {
      return true;
    }
    // a flush that does not wait is accepted even while writes are refused
    try (org.rocksdb.FlushOptions fo = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
      db.flush(fo, List.of(records, age));
      writeError = null;
      return true;
    } catch (RocksDBException e) {
      return false;
    }
  }

  private StorageException writeFailure(String what, RocksDBException e) {
    StorageException failure = failure(what, e);
    if (e.getStatus() != null && e.getStatus().getCode() == org.rocksdb.Status.Code.IOError) {
      writeError = failure.getMessage();
    }
    return failure;
  }

  /** Estimated number of records (excluding the age index). */
  /** True while a flush or compaction is running or pending (tests wait for files to settle). */
  public boolean compacting() {
    try {
      return db.getLongProperty("rocksdb.compaction-pending") > 0
          || db.getLongProperty("rocksdb.num-running-compactions") > 0
          || db.getLongProperty("rocksdb.num-running-flushes") > 0
          || db.getLongProperty("rocksdb.mem-table-flush-pending") > 0;
    } catch (RocksDBException e) {
      throw failure("read properties of", e);
    }
  }

  public long estimateRecords() {
    try {
      return Long.parseLong(db.getProperty(records, "rocksdb.estimate-num-keys"));
    } catch (RocksDBException | NumberFormatException e) {
      return -1;
    }
  }

  StorageException failure(String what, RocksDBException e) {
    String status = e.getStatus() != null ? e.getStatus().getCodeString() + ": " : "";
    return new StorageException(
        "cannot "
            + what
            + " "
            + protocol
            + " "
            + tier.label()
            + " database at "
            + dir
            + ": "
            + status
            + e.getMessage(),
        e);
  }

  @Override
  public void close() {
    try {
      // a clean shutdown leaves nothing in the WAL to replay, so the next start is quick
      flush();
    } catch (StorageException e) {
      try {
        db.flushWal(true); // e.g. a full disk: keep at least the WAL durable
      } catch (RocksDBException ignored) {
        // closing anyway
      }
    }
    syncWrite.close();
    noSyncWrite.close();
    records.close();
    age.close();
    db.close();
    dbOptions.close();
    cfOptions.close();
    if (sstOptions != null) {
      sstOptions.close();
      envOptions.close();
    }
    if (filter != null) {
      filter.close();
    }
  }
}
