package dev.orbit.node.backup;

import dev.orbit.config.BackupSettings;
import dev.orbit.node.storage.StorageRoots;
import dev.orbit.node.storage.Tier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Offline restore of a node backup into storage roots, and verification of a backup. Every file is
 * checked against the size and CRC32C in the manifest as it arrives; a restore fills side folders
 * ({@code <folder>.restoring}), syncs every file, and moves them into place only when all is there,
 * so an interrupted restore (or a machine that loses power after it) leaves no half-filled
 * database.
 */
public final class BackupRestore {
  private static final String RESTORING = ".restoring";

  /** Written into the hot root by a restore with {@code once}, after everything is in place. */
  public static final String RESTORED_MARKER = ".orbit-restored";

  private final BackupSettings settings;
  private final PrintStream log;

  public BackupRestore(BackupSettings settings, PrintStream log) {
    this.settings = settings;
    this.log = log;
  }

  /** The outcome of a verification: databases checked and records per protocol. */
  public record Verified(String id, int databases, Map<String, Long> records) {}

  /**
   * Restores backup {@code id} (newest when null) into {@code roots}. Refuses when a protocol's
   * folders already hold data, unless {@code force}, which replaces them.
   */
  public BackupManifest restore(BackupTarget target, String id, StorageRoots roots, boolean force) {
    return restore(target, id, roots, force, false);
  }

  /**
   * As {@link #restore(BackupTarget, String, StorageRoots, boolean)}; with {@code once} (a new
   * cluster's init container) nothing happens when an earlier restore completed into these roots
   * (returns null), and what an interrupted one left is replaced.
   */
  public BackupManifest restore(
      BackupTarget target, String id, StorageRoots roots, boolean force, boolean once) {
    Path marker = roots.tier(Tier.HOT).resolve(RESTORED_MARKER);
    if (once && Files.exists(marker)) {
      return null;
    }
    BackupManifest m = restoreInto(target, id, roots, force || once);
    if (once) {
      try {
        Files.writeString(marker, m.id() + "\n");
        sync(marker); // only once the data it vouches for is on disk (synced above)
        sync(marker.getParent());
      } catch (IOException e) {
        throw new BackupException("cannot write " + marker + ": " + e.getMessage(), e);
      }
    }
    return m;
  }

  private BackupManifest restoreInto(
      BackupTarget target, String id, StorageRoots roots, boolean force) {
    try (ObjectStore store = target.open(settings)) {
      BackupManifest m = new BackupCatalog(store).find(id);
      List<Dest> dests = new ArrayList<>();
      for (String protocol : m.databases().keySet()) {
        for (Map.Entry<String, BackupManifest.Database> t :
            m.databases().get(protocol).entrySet()) {
          Tier tier = Tier.valueOf(t.getKey().toUpperCase(Locale.ROOT));
          dests.add(
              new Dest(t.getValue(), roots.dbDir(protocol, tier), roots.walDir(protocol, tier)));
        }
      }
      for (Dest d : dests) {
        for (Path dir : List.of(d.db(), d.wal())) {
          if (!isEmpty(dir) && !force) {
            throw new BackupException(
                "refusing to restore into " + dir + ": it already holds data (use --force)");
          }
          BackupFiles.deleteTree(side(dir));
        }
      }
      fetch(store, m, dests, true);
      for (Dest d : dests) {
        for (Path dir : List.of(d.db(), d.wal())) {
          sync(side(dir)); // the names of the files in it
          BackupFiles.deleteTree(dir);
          move(side(dir), dir);
          sync(dir.getParent()); // the move
        }
      }
      return m;
    }
  }

  /**
   * Restores backup {@code id} into {@code scratch}, opens every database with paranoid checks,
   * verifies every block checksum, and compares each database's record count with the manifest.
   */
  public Verified verify(BackupTarget target, String id, Path scratch) {
    try (ObjectStore store = target.open(settings)) {
      BackupManifest m = new BackupCatalog(store).find(id);
      List<Dest> dests = new ArrayList<>();
      Map<Dest, String> names = new LinkedHashMap<>();
      m.databases()
          .forEach(
              (p, tiers) ->
                  tiers.forEach(
                      (t, db) -> {
                        Dest d =
                            new Dest(
                                db,
                                scratch.resolve(p).resolve(t),
                                scratch.resolve("wal").resolve(p).resolve(t));
                        dests.add(d);
                        names.put(d, p + "/" + t);
                      }));
      try {
        fetch(store, m, dests, false);
        for (Dest d : dests) {
          long n = RecordCounter.count(d.db(), d.wal(), true);
          if (n != d.database().records()) {
            throw new BackupException(
                "backup "
                    + m.id()
                    + ": "
                    + names.get(d)
                    + " holds "
                    + n
                    + " records, the manifest says "
                    + d.database().records());
          }
        }
        Verified v = new Verified(m.id(), dests.size(), m.recordsByProtocol());
        BackupFiles.deleteTree(scratch);
        return v;
      } catch (RuntimeException e) {
        try {
          BackupFiles.deleteTree(scratch);
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup); // the verification's own failure is the one to report
        }
        throw e;
      }
    }
  }

  private record Dest(BackupManifest.Database database, Path db, Path wal) {}

  /** One file to fetch: its manifest entry and where it goes. */
  private record Job(BackupManifest.FileEntry file, Path dest) {}

  /**
   * Downloads every file of {@code m} (in parallel, the largest first, so that no large file starts
   * last and finishes alone), checking each size and CRC32C; with {@code durable} (a restore, not a
   * verification) each file is synced to disk by the thread that fetched it, while the others go on
   * downloading.
   */
  private void fetch(ObjectStore store, BackupManifest m, List<Dest> dests, boolean durable) {
    long total = m.sizeBytes();
    AtomicLong done = new AtomicLong();
    AtomicLong lastReport = new AtomicLong();
    List<Job> jobs = new ArrayList<>();
    for (Dest d : dests) {
      Path db = durable ? side(d.db()) : d.db();
      Path wal = durable ? side(d.wal()) : d.wal();
      mkdirs(db);
      mkdirs(wal);
      for (BackupManifest.FileEntry f : d.database().files()) {
        jobs.add(new Job(f, (f.wal() ? wal : db).resolve(f.name())));
      }
    }
    jobs.sort(Comparator.comparingLong((Job j) -> j.file().size()).reversed());
    ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (Job j : jobs) {
        all.add(
            pool.submit(
                () -> {
                  String crc =
                      store.download(
                          j.file().key(),
                          j.dest(),
                          n -> report(done.addAndGet(n), total, lastReport));
                  check(j.file(), j.dest(), crc);
                  if (durable) {
                    sync(j.dest());
                  }
                }));
      }
      for (Future<?> f : all) {
        BackupService.await(f);
      }
    } finally {
      pool.shutdownNow();
      awaitStopped(pool);
    }
  }

  /** Forces {@code path} (a file, or a folder's entries) to disk. */
  static void sync(Path path) {
    boolean dir = Files.isDirectory(path);
    try (FileChannel ch =
        FileChannel.open(path, dir ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      if (!dir) {
        throw new BackupException("cannot sync " + path + ": " + e.getMessage(), e);
      }
      // some file systems cannot sync a folder: the files in it are synced
    }
  }

  /** Lets transfers still running after a failure end before their folders are removed. */
  private static void awaitStopped(ExecutorService pool) {
    try {
      if (!pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES)) {
        throw new BackupException("transfers did not stop within 2 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Prints progress about every 5% (the operator shows the init container's last line). */
  private void report(long done, long total, AtomicLong last) {
    long pct = total == 0 ? 100 : 100 * done / total;
    long prev = last.get();
    if (pct >= prev + 5 && last.compareAndSet(prev, pct)) {
      log.printf("restore progress: %d%% (%d of %d bytes)%n", pct, done, total);
    }
  }

  private static void check(BackupManifest.FileEntry f, Path file, String crc) {
    long size = BackupFiles.size(file);
    if (size != f.size() || !crc.equals(f.crc32c())) {
      throw new BackupException(
          "object "
              + f.key()
              + " is damaged: "
              + size
              + " bytes with CRC32C "
              + crc
              + ", the manifest says "
              + f.size()
              + " bytes with CRC32C "
              + f.crc32c());
    }
  }

  private static Path side(Path dir) {
    return dir.resolveSibling(dir.getFileName() + RESTORING);
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BackupException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new BackupException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  private static boolean isEmpty(Path dir) {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new BackupException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }
}
