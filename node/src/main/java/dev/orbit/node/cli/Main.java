package dev.orbit.node.cli;

import dev.orbit.config.ConfigException;
import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import dev.orbit.node.Node;
import dev.orbit.node.StartupChecks;
import dev.orbit.node.admin.AdminServer;
import dev.orbit.node.backup.BackupCatalog;
import dev.orbit.node.backup.BackupException;
import dev.orbit.node.backup.BackupManifest;
import dev.orbit.node.backup.BackupRestore;
import dev.orbit.node.backup.BackupTarget;
import dev.orbit.node.backup.ObjectStore;
import dev.orbit.node.backup.TargetOwner;
import dev.orbit.node.backup.archive.PointInTimeRestore;
import dev.orbit.node.storage.StorageException;
import dev.orbit.node.storage.StorageRoots;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** {@code orbit-node}: serve, back up, verify and restore. */
public final class Main {
  static final String USAGE =
      """
      usage:
        orbit-node [serve] [--config FILE] [--data-dir DIR] [--set key.path=value ...]
        orbit-node backup create --node URL --target URI [--token TOKEN]
        orbit-node backup list --target URI [--config FILE] [--set key=value ...]
        orbit-node backup verify --target URI [--id ID] [--config FILE] [--set key=value ...]
        orbit-node backup delete --target URI --id ID [--config FILE] [--set key=value ...]
        orbit-node restore --from URI [--id ID] [--target-time RFC3339] [--archive URI]
                   [--cluster-uid UID] [--from-cluster UID]
                   (--data-dir DIR | --config FILE) [--force|--once]
      Targets: file:///absolute/path or s3://bucket/prefix (S3 settings: backup.s3.* keys).
      Every config key can also be set with an ORBIT_<KEY_PATH> environment variable,
      e.g. ORBIT_PROTOCOLS_REDIS_PORT=6380. backup create sends the admin API's bearer
      token from --token or ORBIT_ADMIN_TOKEN.
      restore without --id restores the newest point: the newest backup, then its log archive
      (if it has one). --target-time: the newest backup taken at or before that time, then the
      archived log entries appended up to it. --archive: where the log archive is (--from).
      A backup another cluster took (its manifest's clusterUid is not --cluster-uid, default
      backup.clusterUid) is restored only when --from-cluster names that cluster.""";

  private Main() {}

  public static void main(String[] argv) {
    System.exit(run(argv, System.out, System.err));
  }

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    try {
      Args a =
          Args.parse(
              argv,
              Set.of(
                  "config",
                  "data-dir",
                  "node",
                  "target",
                  "id",
                  "from",
                  "token",
                  "target-time",
                  "archive",
                  "cluster-uid",
                  "from-cluster"),
              Set.of("force", "once", "help"));
      if (a.flags.contains("help")) {
        out.println(USAGE);
        return 0;
      }
      String cmd = a.words.isEmpty() ? "serve" : a.words.get(0);
      return switch (cmd) {
        case "serve" -> serve(a, err);
        case "backup" -> backup(a, out);
        case "restore" -> restore(a, out, err);
        default -> throw new Args.UsageException("unknown command '" + cmd + "'");
      };
    } catch (Args.UsageException e) {
      err.println("orbit-node: " + e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (ConfigException | StorageException | BackupException e) {
      err.println("orbit-node: " + e.getMessage());
      return 1;
    }
  }

  private static NodeConfig config(Args a) {
    String file = a.options.get("config");
    return ConfigLoader.load(
        file == null ? null : Path.of(file), a.options.get("data-dir"), a.sets, System.getenv());
  }

  private static int serve(Args a, PrintStream err) {
    NodeConfig config = config(a);
    StartupChecks.requireAdminTokenInKubernetes(config, System.getenv());
    StartupChecks.fdBudget(config, StartupChecks.openFileLimit())
        .ifPresent(w -> LoggerFactory.getLogger(Main.class).warn(w));
    Node node = Node.start(config, Clock.systemUTC());
    AdminServer admin;
    try {
      admin = new AdminServer(node, config.bindAddress, config.admin.port);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    admin.close();
                    node.close();
                  } catch (IllegalStateException wedged) {
                    // a loop still runs a request: freeing storage under it could crash or
                    // corrupt; exiting without closing loses nothing acknowledged (the WAL has it)
                    LoggerFactory.getLogger(Main.class)
                        .error("{}; exiting without closing storage", wedged.getMessage());
                    Runtime.getRuntime().halt(1);
                  }
                  stopped.countDown();
                },
                "orbit-shutdown"));
    err.println(
        "orbit-node ready: data "
            + Path.of(config.dataDir).toAbsolutePath().normalize()
            + ", admin http://localhost:"
            + admin.port()
            + node.servers().values().stream()
                .map(s -> ", " + s.protocol() + " localhost:" + s.port())
                .reduce("", String::concat));
    try {
      while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
        if (node.storage().replication().snapshotAwaitsRestart()) {
          // a member that was behind its leader's purged log fetched a snapshot, which loads at
          // start: exit (the shutdown hook closes everything) so that the supervisor (kubelet)
          // restarts the process at once instead of waiting for /livez to fail its probes
          LoggerFactory.getLogger(Main.class)
              .warn("exiting with code {} to load the snapshot fetched from the leader", 75);
          System.exit(SNAPSHOT_RESTART_EXIT);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Exit code of a node that exits to load a fetched snapshot (EX_TEMPFAIL). */
  static final int SNAPSHOT_RESTART_EXIT = 75;

  private static int backup(Args a, PrintStream out) throws BackupException {
    String sub = a.words.size() > 1 ? a.words.get(1) : "";
    switch (sub) {
      case "create" -> {
        String node = a.require("node").replaceAll("/+$", "");
        String body =
            "{\"target\":\""
                + a.require("target").replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}";
        String token = a.options.getOrDefault("token", System.getenv("ORBIT_ADMIN_TOKEN"));
        try {
          HttpRequest.Builder req =
              HttpRequest.newBuilder(URI.create(node + "/v1/backups"))
                  .timeout(Duration.ofMinutes(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body));
          if (token != null && !token.isBlank()) {
            req.header("Authorization", "Bearer " + token.trim());
          }
          HttpResponse<String> r =
              HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 201) {
            throw new BackupException("node answered " + r.statusCode() + ": " + r.body().trim());
          }
          out.println(r.body().trim());
          return 0;
        } catch (java.io.IOException e) {
          throw new BackupException("cannot reach node at " + node + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BackupException("interrupted");
        }
      }
      case "list" -> {
        try (ObjectStore store = target(a).open(config(a).backup)) {
          for (BackupManifest m : new BackupCatalog(store).list()) {
            out.printf(
                "%s  %s  %d bytes  %d files%n", m.id(), m.completedAt(), m.sizeBytes(), m.files());
          }
        }
        return 0;
      }
      case "verify" -> {
        try {
          Path scratch = Files.createTempDirectory("orbit-verify-");
          BackupRestore.Verified v =
              new BackupRestore(config(a).backup, out)
                  .verify(target(a), a.options.get("id"), scratch);
          out.println(
              "ok: backup "
                  + v.id()
                  + ": "
                  + v.databases()
                  + " databases restored, every file checksummed, records "
                  + v.records());
          return 0;
        } catch (java.io.IOException e) {
          throw new BackupException("cannot create a scratch folder: " + e.getMessage(), e);
        }
      }
      case "delete" -> {
        try (ObjectStore store = target(a).open(config(a).backup)) {
          int n = new BackupCatalog(store).delete(a.require("id"), java.time.Instant.now());
          out.println("deleted backup " + a.require("id") + " (" + n + " objects)");
        }
        return 0;
      }
      default -> throw new Args.UsageException("backup needs create, list or verify");
    }
  }

  private static BackupTarget target(Args a) {
    return BackupTarget.parse(a.require("target"));
  }

  private static int restore(Args a, PrintStream out, PrintStream err) {
    if (!a.options.containsKey("data-dir") && !a.options.containsKey("config")) {
      throw new Args.UsageException("restore needs --data-dir or --config");
    }
    NodeConfig config = config(a);
    BackupTarget from = BackupTarget.parse(a.require("from"));
    String uid = a.options.getOrDefault("cluster-uid", config.backup.clusterUid());
    String fromCluster = a.options.get("from-cluster");
    if (a.options.get("id") == null || a.options.containsKey("target-time")) {
      return restoreToPoint(a, config, from, uid, fromCluster, out, err);
    }
    if (!a.flags.contains("once")
        || !java.nio.file.Files.exists(config.hotRoot().resolve(BackupRestore.RESTORED_MARKER))) {
      try (ObjectStore store = from.open(config.backup)) {
        BackupManifest m = new BackupCatalog(store).find(a.options.get("id"));
        TargetOwner.checkRestore(m, store.describe(), uid, fromCluster);
      }
    }
    try (StorageRoots roots =
        StorageRoots.open(
            config.walRoot(), config.hotRoot(), config.warmRoot(), config.coldRoot())) {
      BackupManifest m =
          new BackupRestore(config.backup, err)
              .restore(
                  from,
                  a.options.get("id"),
                  roots,
                  a.flags.contains("force"),
                  a.flags.contains("once"));
      if (m == null) {
        out.println("already restored into " + config.dataDir + ": nothing to do");
        return 0;
      }
      out.println(
          "restored backup " + m.id() + " (" + m.completedAt() + ") into " + config.dataDir);
      return 0;
    }
  }

  private static int restoreToPoint(
      Args a,
      NodeConfig config,
      BackupTarget from,
      String uid,
      String fromCluster,
      PrintStream out,
      PrintStream err) {
    java.time.Instant target = null;
    String t = a.options.get("target-time");
    if (t != null) {
      try {
        target = java.time.OffsetDateTime.parse(t).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new Args.UsageException(
            "--target-time '" + t + "' is not an RFC 3339 time, e.g. 2026-11-29T21:30:00Z");
      }
    }
    String archive = a.options.get("archive");
    PointInTimeRestore.Result r =
        new PointInTimeRestore(config, err)
            .owners(uid, fromCluster)
            .restore(
                from,
                archive == null ? null : BackupTarget.parse(archive),
                a.options.get("id"),
                target,
                a.flags.contains("force"),
                a.flags.contains("once"));
    if (r == null) {
      out.println("already restored into " + config.dataDir + ": nothing to do");
      return 0;
    }
    out.println(
        "restored backup "
            + r.base().id()
            + " ("
            + r.base().consistentAt()
            + ")"
            + (r.appliedTo().isEmpty() ? "" : " and its log archive up to index " + r.appliedTo())
            + (target == null ? "" : " (target time " + target + ")")
            + " into "
            + config.dataDir);
    return 0;
  }
}
