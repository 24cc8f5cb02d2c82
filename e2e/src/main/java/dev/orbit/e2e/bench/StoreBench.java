package dev.orbit.e2e.bench;

import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * Store API puts/s and gets/s against a plain rocksdbjni loop with the hot tier's options (block
 * cache, write buffer manager, table and compaction settings as TierDb sets them), in one run.
 * Usage: {@code java -cp ... dev.orbit.e2e.bench.StoreBench [records] [valueBytes] [rounds]}. Both
 * sides write without fsync (durability async) so the comparison is of the engine path.
 */
public final class StoreBench {
  private StoreBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    byte[] value = new byte[size];
    new Random(1).nextBytes(value);
    Path work = Files.createTempDirectory("orbit-storebench-");

    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    // rounds alternate the three sides; each side's best round counts, so a burst of other load
    // on the machine does not decide the ratio
    double[] plain = {0, 0};
    double[] orbit = {0, 0};
    double[] uncached = {0, 0};
    for (int r = 0; r < rounds; r++) {
      best(plain, plainRocks(work.resolve("plain" + r), n, value));
      best(orbit, orbitStore(work.resolve("orbit" + r), n, value, "64Mi"));
      best(uncached, orbitStore(work.resolve("orbit-nocache" + r), n, value, "0"));
    }

    System.out.printf("%-26s %14s %14s %8s%n", "op/s", "rocksdbjni", "orbit store", "ratio");
    row("put", plain[0], orbit[0]);
    row("get", plain[1], orbit[1]);
    row("put (recordCacheSize=0)", plain[0], uncached[0]);
    row("get (recordCacheSize=0)", plain[1], uncached[1]);
    System.out.printf(
        "records=%d value=%dB, single thread, gets in write order, best of %d rounds;"
            + " target: ratio >= 0.80%n",
        n, size, rounds);
    deleteTree(work);
  }

  /** Removes a benchmark's scratch folder and everything in it. */
  static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static void best(double[] best, double[] round) {
    for (int i = 0; i < best.length; i++) {
      best[i] = Math.max(best[i], round[i]);
    }
  }

  private static void row(String op, double plain, double orbit) {
    System.out.printf("%-26s %14.0f %14.0f %8.2f%n", op, plain, orbit, orbit / plain);
  }

  static byte[] key(long i) {
    // scrambled so writes are not in key order
    return ByteBuffer.allocate(8).putLong(Long.reverse(i * 0x9E3779B97F4A7C15L)).array();
  }

  static double[] plainRocks(Path dir, int n, byte[] value) throws Exception {
    RocksDB.loadLibrary();
    // the hot tier's options (TierDb.open with storage.blockCacheSize=256Mi, writeBufferSize=64Mi)
    try (LRUCache cache = new LRUCache((256L << 20) + (64L << 20), 6, false, 0.1);
        WriteBufferManager wbm = new WriteBufferManager(64L << 20, cache);
        BloomFilter bloom = new BloomFilter(10, false);
        Options o =
            new Options()
                .setCreateIfMissing(true)
                .setWalDir(dir.resolve("wal").toString())
                .setWriteBufferManager(wbm)
                .setMaxBackgroundJobs(2)
                .setBytesPerSync(1 << 20)
                .setMaxTotalWalSize(64L << 20)
                .setMaxOpenFiles(1024)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setWriteBufferSize(16L << 20)
                .setMaxWriteBufferNumber(4)
                .setLevelCompactionDynamicLevelBytes(true)
                .setTableFormatConfig(
                    new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        .setCacheIndexAndFilterBlocks(true)
                        .setCacheIndexAndFilterBlocksWithHighPriority(true)
                        .setPinL0FilterAndIndexBlocksInCache(true)
                        .setFilterPolicy(bloom)
                        .setBlockSize(8 << 10));
        RocksDB db = RocksDB.open(o, dir.toString());
        WriteOptions wo = new WriteOptions()) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        db.put(wo, key(i), value);
      }
      long t1 = System.nanoTime();
      long found = 0;
      for (int i = 0; i < n; i++) {
        found += db.get(key(i)) != null ? 1 : 0;
      }
      long t2 = System.nanoTime();
      check(found, n);
      return new double[] {n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9)};
    }
  }

  static double[] orbitStore(Path dir, int n, byte[] value, String recordCache) {
    NodeConfig c =
        ConfigLoader.load(
            null,
            dir.toString(),
            List.of(
                "storage.durability=async",
                "storage.blockCacheSize=256Mi",
                "storage.writeBufferSize=64Mi",
                "storage.recordCacheSize=" + recordCache),
            Map.of());
    try (StorageEngine e = StorageEngine.open(c, List.of("bench"))) {
      ProtocolStore s = e.store("bench");
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        s.put(key(i), value);
      }
      long t1 = System.nanoTime();
      long found = 0;
      for (int i = 0; i < n; i++) {
        found += s.get(key(i)) != null ? 1 : 0;
      }
      long t2 = System.nanoTime();
      check(found, n);
      return new double[] {n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9)};
    }
  }

  private static void check(long found, int n) {
    if (found != n) {
      throw new IllegalStateException("read back " + found + " of " + n + " records");
    }
  }
}
