package dev.orbit.e2e.bench;

import dev.orbit.config.BackupSettings;
import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import dev.orbit.e2e.sandbox.S3Endpoint;
import dev.orbit.node.backup.BackupManifest;
import dev.orbit.node.backup.BackupRestore;
import dev.orbit.node.backup.BackupService;
import dev.orbit.node.backup.BackupTarget;
import dev.orbit.node.backup.S3Clients;
import dev.orbit.node.storage.StorageEngine;
import dev.orbit.node.storage.StorageRoots;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Backup of a node holding {@code GiB} of data to s3proxy on loopback, against uploading the same
 * files with the SDK directly (one PutObject per file, as many threads as the backup uses); then
 * restore against downloading those objects directly (twice each, in both orders). A warm-up pass
 * of each goes first. Usage: {@code BackupBench [GiB] [key=value ...]} (default 2 GiB; node config
 * settings such as {@code backup.partSize=128Mi}; the direct transfers use the same client and
 * thread count).
 */
public final class BackupBench {
  private BackupBench() {}

  public static void main(String[] args) throws Exception {
    double gib = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    Path work = Files.createTempDirectory("orbit-backupbench-");
    try (S3Endpoint s3 = S3Endpoint.start(work.resolve("s3"), 0, "orbit", "direct", "warm")) {
      Path data = work.resolve("node");
      System.out.printf("filling %.1f GiB of Redis data ...%n", gib);
      ReadyTimeBench.fill(data, (long) (gib * (1L << 30)));
      new ProcessBuilder("sync").inheritIO().start().waitFor();
      List<String> sets = new ArrayList<>(List.of(s3.nodeSets()));
      sets.addAll(List.of(args).subList(Math.min(1, args.length), args.length));
      NodeConfig c = ConfigLoader.load(null, data.toString(), sets, Map.of());
      BackupSettings settings = c.backup;
      try (StorageEngine engine = StorageEngine.open(c, List.of("redis"));
          S3Client client = S3Clients.create(settings.s3)) {
        BackupService backups = new BackupService(engine, settings, Clock.systemUTC());
        // warm-up: each path once, into buckets not measured. The backup's flush may start a
        // compaction; the files are listed once the databases are quiet, so both paths send the
        // same files
        BackupManifest warm = backups.create(BackupTarget.parse("s3://warm/orbit"));
        awaitQuiet(engine);
        List<Path> files = dataFiles(data);
        long bytes = files.stream().mapToLong(BackupBench::size).sum();
        System.out.printf(
            "%d files, %d MiB; %d transfers in parallel%n",
            files.size(), bytes >> 20, settings.concurrency);
        upload(client, "warm", files, settings.concurrency);

        long t0 = System.nanoTime();
        BackupManifest m = backups.create(BackupTarget.parse("s3://orbit/bench"));
        double orbitUp = seconds(t0);
        t0 = System.nanoTime();
        upload(client, "direct", files, settings.concurrency);
        double directUp = seconds(t0);
        print("backup", m.sizeBytes(), orbitUp, bytes, directUp);

        // restore: a warm-up of each path (from the warm-up bucket) first; then each path twice,
        // in both orders, so neither always runs while the other's writes are still being flushed
        // (each copy is deleted once timed, so the bench needs no more disk than before)
        Path out = work.resolve("restored");
        restore(settings, "s3://warm/orbit", warm.id(), out);
        StoreBench.deleteTree(out);
        download(client, "warm", files, dirs(out), settings.concurrency);
        StoreBench.deleteTree(out);
        double orbitDown = 0;
        double directDown = 0;
        for (int round = 0; round < 2; round++) {
          for (int side = 0; side < 2; side++) {
            t0 = System.nanoTime();
            if ((round + side) % 2 == 0) {
              restore(settings, "s3://orbit/bench", m.id(), out);
              orbitDown += seconds(t0);
            } else {
              download(client, "direct", files, dirs(out), settings.concurrency);
              directDown += seconds(t0);
            }
            StoreBench.deleteTree(out);
          }
        }
        print("restore", 2 * m.sizeBytes(), orbitDown, 2 * bytes, directDown);
      }
    } finally {
      StoreBench.deleteTree(work);
    }
    System.out.println("target: orbit >= 0.8x the direct SDK transfer, both ways");
  }

  /** An offline restore of backup {@code id} of {@code uri} into fresh roots under {@code dir}. */
  private static void restore(BackupSettings settings, String uri, String id, Path dir) {
    try (StorageRoots roots =
        StorageRoots.open(
            dir.resolve("wal"), dir.resolve("hot"), dir.resolve("warm"), dir.resolve("cold"))) {
      new BackupRestore(settings, new PrintStream(PrintStream.nullOutputStream()))
          .restore(BackupTarget.parse(uri), id, roots, false);
    }
  }

  private static Path dirs(Path dir) throws java.io.IOException {
    return Files.createDirectories(dir);
  }

  private static void awaitQuiet(StorageEngine engine) throws InterruptedException {
    while (engine.stores().stream()
        .anyMatch(
            s ->
                Stream.of(dev.orbit.node.storage.Tier.values())
                    .anyMatch(t -> s.db(t).compacting()))) {
      Thread.sleep(200);
    }
  }

  private static void print(String what, long orbitBytes, double orbitS, long bytes, double s) {
    double orbit = orbitBytes / 1e6 / orbitS;
    double direct = bytes / 1e6 / s;
    System.out.printf(
        "%-8s orbit %8.1f MB/s (%.1f s)   direct SDK %8.1f MB/s (%.1f s)   ratio %.2f%n",
        what, orbit, orbitS, direct, s, orbit / direct);
  }

  /**
   * The node's database files (what a backup sends, RocksDB WAL files included), without the
   * replicated log: Ratis keeps each group under {@code <wal>/<group uuid>/}, and a backup, a
   * checkpoint of the databases, does not carry it.
   */
  private static List<Path> dataFiles(Path data) throws Exception {
    java.util.regex.Pattern group =
        java.util.regex.Pattern.compile(
            ".*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.*");
    try (Stream<Path> s = Files.walk(data)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !group.matcher(p.toString()).matches())
          .filter(p -> !p.getFileName().toString().startsWith(".orbit"))
          .filter(p -> !p.toString().contains("/.orbit-backup/"))
          .filter(p -> !p.getFileName().toString().equals("LOCK"))
          .toList();
    }
  }

  private static void upload(S3Client s3, String bucket, List<Path> files, int threads)
      throws Exception {
    run(
        files,
        threads,
        f -> s3.putObject(b -> b.bucket(bucket).key(key(f)), RequestBody.fromFile(f)));
  }

  private static void download(S3Client s3, String bucket, List<Path> files, Path dir, int threads)
      throws Exception {
    run(
        files,
        threads,
        f ->
            s3.getObject(
                b -> b.bucket(bucket).key(key(f)),
                ResponseTransformer.toFile(dir.resolve(key(f).replace('/', '_')))));
  }

  private static String key(Path f) {
    return "files" + f.toAbsolutePath();
  }

  private interface Io {
    void apply(Path f) throws Exception;
  }

  private static void run(List<Path> files, int threads, Io io) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (Path f : files) {
        all.add(
            pool.submit(
                () -> {
                  io.apply(f);
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
