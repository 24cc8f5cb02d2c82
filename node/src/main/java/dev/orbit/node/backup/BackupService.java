package dev.orbit.node.backup;

import dev.orbit.config.BackupSettings;
import dev.orbit.node.storage.StorageEngine;
import dev.orbit.node.storage.Tier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Node backups: a {@link NodeSnapshot} of every protocol and tier, then each checkpoint file sent
 * to the target unless an object with its name, size and CRC32C is there already, then the
 * manifest, last. One backup runs at a time; its progress is kept for {@code /v1/backups/<id>}.
 */
public final class BackupService {
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
  private static final int KEEP_RECENT = 16;

  private final StorageEngine engine;
  private final BackupSettings settings;
  private final Clock clock;
  private final AtomicReference<BackupProgress> running = new AtomicReference<>();
  private final Map<String, BackupProgress> recent = new LinkedHashMap<>();
  private final Verifications verifications;

  public BackupService(StorageEngine engine, BackupSettings settings, Clock clock) {
    this.engine = engine;
    this.settings = settings;
    this.clock = clock;
    NodeSnapshot.removeLeftovers(engine);
    this.verifications =
        new Verifications(settings, NodeSnapshot.stagingRoot(engine).resolve("verify"), clock);
  }

  /** Verifications of backups this node runs (for the operator's BackupVerified). */
  public Verifications verifications() {
    return verifications;
  }

  /** Makes one backup of the whole node into {@code target} and returns its manifest. */
  public BackupManifest create(BackupTarget target) {
    BackupProgress p = begin(target);
    return run(target, p);
  }

  /** Starts a backup on a background thread and returns its progress at once. */
  public BackupProgress start(BackupTarget target) {
    BackupProgress p = begin(target);
    Thread t = new Thread(() -> runQuietly(target, p), "orbit-backup-" + p.id());
    t.setDaemon(true);
    t.start();
    return p;
  }

  /** The progress of backup {@code id} if this node took it since it started, else null. */
  public synchronized BackupProgress progress(String id) {
    return recent.get(id);
  }

  /** The backup running now, or null. */
  public BackupProgress current() {
    return running.get();
  }

  /** {@code orbit_backup_*} lines for {@code /metrics}. */
  public String metrics() {
    BackupProgress p = running.get();
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP orbit_backup_running 1 while a backup of this node runs\n")
        .append("# TYPE orbit_backup_running gauge\n")
        .append("orbit_backup_running ")
        .append(p == null ? 0 : 1)
        .append('\n')
        .append("# HELP orbit_backup_bytes_total bytes the running backup covers\n")
        .append("# TYPE orbit_backup_bytes_total gauge\n")
        .append("orbit_backup_bytes_total ")
        .append(p == null ? 0 : p.bytesTotal())
        .append('\n')
        .append("# HELP orbit_backup_bytes_uploaded bytes the running backup has sent\n")
        .append("# TYPE orbit_backup_bytes_uploaded gauge\n")
        .append("orbit_backup_bytes_uploaded ")
        .append(p == null ? 0 : p.bytesUploaded())
        .append('\n');
    return sb.toString();
  }

  private synchronized BackupProgress begin(BackupTarget target) {
    Instant now = clock.instant();
    BackupProgress p = new BackupProgress(ID.format(now), target.uri(), now.toString());
    if (!running.compareAndSet(null, p)) {
      throw new BackupBusyException(
          "a backup of this node is already running: " + running.get().id());
    }
    recent.put(p.id(), p);
    while (recent.size() > KEEP_RECENT) {
      recent.remove(recent.keySet().iterator().next());
    }
    return p;
  }

  private void runQuietly(BackupTarget target, BackupProgress p) {
    try {
      run(target, p);
    } catch (RuntimeException e) {
      // recorded in the progress by run()
    }
  }

  private BackupManifest run(BackupTarget target, BackupProgress p) {
    BackupManifest m;
    try {
      m = take(target, p);
    } catch (RuntimeException e) {
      running.set(null);
      p.failed(e.getMessage());
      throw e;
    }
    running.set(null);
    p.completed(m);
    return m;
  }

  private BackupManifest take(BackupTarget target, BackupProgress p) {
    try (ObjectStore store = target.open(settings)) {
      TargetOwner.claim(store, settings.clusterUid(), clock.instant());
      BackupCatalog catalog = new BackupCatalog(store);
      Map<String, Long> existing = store.list(BackupCatalog.DATA);
      catalog.markRunning(p.id(), Instant.parse(p.view().startedAt()));
      try (NodeSnapshot snap = NodeSnapshot.take(engine)) {
        Instant snapshotAt = clock.instant();
        BackupManifest m = upload(snap, store, existing, p, snapshotAt, memberAndRole());
        catalog.write(m);
        return m;
      } finally {
        try {
          catalog.clearRunning(p.id());
        } catch (BackupException ignored) {
          // a marker left behind goes stale and is removed by a later delete
        }
      }
    }
  }

  /** This member's id and its role in the stores' groups (see {@link BackupManifest#role}). */
  private String[] memberAndRole() {
    var r = engine.replication();
    if (r == null) {
      return new String[] {null, null};
    }
    var groups = r.status();
    List<String> led = new ArrayList<>();
    groups.forEach(
        (protocol, g) -> {
          if ("leader".equals(g.role())) {
            led.add(protocol);
          }
        });
    String role =
        led.isEmpty()
            ? "follower"
            : led.size() == groups.size() ? "leader" : "leader of " + String.join(",", led);
    return new String[] {r.self(), role};
  }

  private record FileJob(NodeSnapshot.Part part, Path file, long size) {}

  private BackupManifest upload(
      NodeSnapshot snap,
      ObjectStore store,
      Map<String, Long> existing,
      BackupProgress p,
      Instant snapshotAt,
      String[] memberAndRole) {
    List<FileJob> jobs = new ArrayList<>();
    for (NodeSnapshot.Part part : snap.parts()) {
      for (Path f : NodeSnapshot.files(part)) {
        jobs.add(new FileJob(part, f, BackupFiles.size(f)));
      }
    }
    p.planned(jobs.stream().mapToLong(FileJob::size).sum(), jobs.size());
    ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency);
    // counting reads every record: one thread of its own, beside the transfers, not after them
    ExecutorService counter = Executors.newSingleThreadExecutor();
    try {
      Map<FileJob, Future<BackupManifest.FileEntry>> sent = new LinkedHashMap<>();
      // the largest files start first so one big file does not run alone at the end
      for (FileJob j :
          jobs.stream().sorted(Comparator.comparingLong(FileJob::size).reversed()).toList()) {
        sent.put(j, pool.submit(() -> send(j, store, existing, p)));
      }
      Map<NodeSnapshot.Part, Future<Long>> counts = new LinkedHashMap<>();
      for (NodeSnapshot.Part part : snap.parts()) {
        counts.put(part, counter.submit(() -> RecordCounter.count(part.dir(), null, false)));
      }
      Map<String, Map<String, BackupManifest.Database>> dbs = new LinkedHashMap<>();
      long uploaded = 0;
      int filesUploaded = 0;
      for (NodeSnapshot.Part part : snap.parts()) {
        List<BackupManifest.FileEntry> files = new ArrayList<>();
        for (FileJob j : jobs) {
          if (j.part() == part) {
            BackupManifest.FileEntry e = await(sent.get(j));
            files.add(e);
          }
        }
        dbs.computeIfAbsent(part.protocol(), k -> new LinkedHashMap<>())
            .put(part.tier().label(), new BackupManifest.Database(await(counts.get(part)), files));
      }
      for (FileJob j : jobs) {
        BackupManifest.FileEntry e = await(sent.get(j));
        if (!Long.valueOf(e.size()).equals(existing.get(e.key()))) {
          uploaded += e.size();
          filesUploaded++;
        }
      }
      BackupProgress.View v = p.view();
      return new BackupManifest(
          BackupManifest.FORMAT,
          p.id(),
          v.startedAt(),
          clock.instant().toString(),
          v.bytesTotal(),
          uploaded,
          jobs.size(),
          filesUploaded,
          List.copyOf(dbs.keySet()),
          Stream.of(Tier.values()).map(Tier::label).toList(),
          dbs,
          snapshotAt.toString(),
          settings.clusterUid(),
          snap.logIndex(),
          memberAndRole[0],
          memberAndRole[1]);
    } finally {
      pool.shutdownNow();
      counter.shutdownNow();
    }
  }

  private static BackupManifest.FileEntry send(
      FileJob j, ObjectStore store, Map<String, Long> existing, BackupProgress p) {
    String name = j.file().getFileName().toString();
    String crc = BackupFiles.crc32c(j.file());
    String key =
        BackupFiles.dataKey(j.part().protocol(), j.part().tier().label(), name, j.size(), crc);
    if (Long.valueOf(j.size()).equals(existing.get(key))) {
      p.unchanged(j.size());
    } else {
      store.upload(j.file(), key, p::sent);
    }
    return new BackupManifest.FileEntry(name, key, j.size(), crc, BackupFiles.isWal(name));
  }

  static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new BackupException(String.valueOf(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException("backup interrupted", e);
    }
  }

  /** Refusal to start a second backup while one runs. */
  public static final class BackupBusyException extends BackupException {
    BackupBusyException(String message) {
      super(message);
    }
  }
}
