package dev.orbit.node.backup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import dev.orbit.node.cli.Main;
import dev.orbit.node.replication.CommittedLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Continuous archiving of the log into a file:// target, and restores to a point in time. */
class PointInTimeRestoreIT {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String target() {
    return "file://" + dir.resolve("backups").toAbsolutePath();
  }

  private TestNode archivingNode(Path data, String... more) {
    String[] sets = new String[3 + more.length];
    sets[0] = "backup.allowedRoots=" + dir.resolve("backups");
    sets[1] = "backup.archive.target=" + target();
    sets[2] = "backup.archive.clusterUid=cluster-1";
    System.arraycopy(more, 0, sets, 3, more.length);
    return TestNode.start(data, sets);
  }

  /**
   * Waits until the wall clock has passed the millisecond of {@code t} (entry times have
   * millisecond resolution), so later writes are appended after it.
   */
  private static void clockPasses(Instant t) {
    while (System.currentTimeMillis() <= t.toEpochMilli()) {
      Thread.onSpinWait();
    }
  }

  @Test
  void restoreToATargetTimeHasTheWritesBeforeItAndNoneAfter() throws Exception {
    Instant t;
    try (TestNode n = archivingNode(dir.resolve("data"), "backup.archive.interval=1h")) {
      try (Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
        j.set("a", "1");
        Result backup = cli("backup", "create", "--node", n.adminUrl(), "--target", target());
        assertEquals(0, backup.code(), backup.err());
        var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(backup.out());
        assertEquals("cluster-1", manifest.path("clusterUid").asText());
        long index = manifest.path("logIndex").path("redis").asLong(-1);
        assertTrue(index > 0, "the backup records the log index it holds: " + backup.out());
        var view = n.node.backups().progress(manifest.path("id").asText()).view();
        assertEquals(index, view.logIndex().get("redis"), "and /v1/backups/<id> shows it");
        assertEquals(manifest.path("snapshotAt").asText(), view.snapshotAt());
        j.set("b", "2");
        t = Instant.now();
        clockPasses(t);
        j.set("c", "3");
      }
      n.node.archiver().pass();
      LogArchiver.State s = n.node.archiver().status().get("redis");
      assertNull(s.error());
      assertEquals(0, s.lagEntries(), "every committed entry archived");
      assertTrue(s.coveredAt() > t.toEpochMilli());
    }

    Path atT = dir.resolve("at-t");
    Result r =
        cli(
            "restore",
            "--from",
            target(),
            "--target-time",
            t.toString(),
            "--data-dir",
            atT.toString());
    assertEquals(0, r.code(), r.err());
    try (TestNode n = TestNode.start(atT);
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      assertEquals("1", j.get("a"), "written before the base backup");
      assertEquals("2", j.get("b"), "written after the backup, before the target time");
      assertNull(j.get("c"), "written after the target time");
      j.set("d", "4"); // the restored node takes writes on its new log
      assertEquals("4", j.get("d"));
    }

    Path newest = dir.resolve("newest");
    r = cli("restore", "--from", target(), "--data-dir", newest.toString());
    assertEquals(0, r.code(), r.err());
    try (TestNode n = TestNode.start(newest);
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      assertEquals("1", j.get("a"));
      assertEquals("2", j.get("b"));
      assertEquals("3", j.get("c"), "without a target time every archived write is restored");
    }
  }

  @Test
  void theLeaderArchivesEveryIntervalAndStatusAndMetricsShowIt() throws Exception {
    try (TestNode n = archivingNode(dir.resolve("data"), "backup.archive.interval=200ms")) {
      try (Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
        j.set("a", "1");
      }
      long written = System.currentTimeMillis();
      var client = java.net.http.HttpClient.newHttpClient();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (true) {
        var status =
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(
                    client
                        .send(
                            java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(n.adminUrl() + "/v1/status"))
                                .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("archive")
                .path("redis");
        String covered = status.path("coveredAt").asText(null);
        if (covered != null
            && Instant.parse(covered).toEpochMilli() > written
            && status.path("lagEntries").asLong() == 0) {
          assertTrue(status.path("lastIndex").asLong() > 0, status.toString());
          assertTrue(status.path("error").isNull(), status.toString());
          break;
        }
        assertTrue(System.nanoTime() < deadline, "not archived within 2 min: " + status);
        Thread.sleep(50); // polling for the periodic pass, not a fixed wait
      }
      String metrics = n.node.metrics().render(n.node.storage());
      assertTrue(metrics.contains("orbit_archive_lag_entries{protocol=\"redis\"} 0"), metrics);
      assertTrue(metrics.contains("orbit_archive_last_index{protocol=\"redis\"}"), metrics);
    }
  }

  @Test
  void aTargetTimeTheArchiveOrTheBackupsDoNotCoverIsRefused() throws Exception {
    Instant beforeBackup = Instant.now().minusSeconds(3600);
    try (TestNode n = archivingNode(dir.resolve("data"), "backup.archive.interval=1h")) {
      try (Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
        j.set("a", "1");
      }
      Result backup = cli("backup", "create", "--node", n.adminUrl(), "--target", target());
      assertEquals(0, backup.code(), backup.err());
      n.node.archiver().pass();
    }
    Instant later = Instant.now().plus(Duration.ofHours(1));
    Result r =
        cli(
            "restore",
            "--from",
            target(),
            "--target-time",
            later.toString(),
            "--data-dir",
            dir.resolve("r1").toString());
    assertEquals(1, r.code());
    assertTrue(
        r.err().contains("redis log archive") && r.err().contains("does not reach"), r.err());
    r =
        cli(
            "restore",
            "--from",
            target(),
            "--target-time",
            beforeBackup.toString(),
            "--data-dir",
            dir.resolve("r2").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("was taken at or before"), r.err());
    r =
        cli(
            "restore",
            "--from",
            target(),
            "--target-time",
            "yesterday",
            "--data-dir",
            dir.resolve("r3").toString());
    assertTrue(r.err().contains("not an RFC 3339 time"), r.err());
  }

  @Test
  void deletingABackupDeletesOnlyArchivedSegmentsNoRemainingBackupNeeds() throws Exception {
    String firstId;
    try (TestNode n = archivingNode(dir.resolve("data"), "backup.archive.interval=1h");
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      j.set("a", "1");
      Result first = cli("backup", "create", "--node", n.adminUrl(), "--target", target());
      assertEquals(0, first.code(), first.err());
      firstId =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(first.out())
              .get("id")
              .asText();
      j.set("b", "2");
      n.node.archiver().pass(); // a segment after the first backup, before the second
      Result second = cli("backup", "create", "--node", n.adminUrl(), "--target", target());
      assertEquals(0, second.code(), second.err());
      j.set("c", "3");
      n.node.archiver().pass(); // a segment after the second backup
    }
    Path segments = dir.resolve("backups/cluster-1/log/redis/segments");
    long before;
    try (var files = java.nio.file.Files.list(segments)) {
      before = files.count();
    }
    Result del = cli("backup", "delete", "--target", target(), "--id", firstId);
    assertEquals(0, del.code(), del.err());
    long after;
    try (var files = java.nio.file.Files.list(segments)) {
      after = files.count();
    }
    assertTrue(
        after < before && after > 0,
        before + " segments, then " + after + "; " + listing(segments) + "; " + del.out());

    Path newest = dir.resolve("newest");
    Result r = cli("restore", "--from", target(), "--data-dir", newest.toString());
    assertEquals(0, r.code(), r.err());
    try (TestNode n = TestNode.start(newest);
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      assertEquals("3", j.get("c"), "the remaining backup and the archive after it restore all");
      assertEquals("2", j.get("b"));
    }
  }

  private String listing(Path segments) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (var w = java.nio.file.Files.walk(dir.resolve("backups"))) {
      for (Path f : w.toList()) {
        sb.append(dir.relativize(f)).append(' ');
        if (f.toString().endsWith(".json") && f.toString().contains("/backups/backups/")) {
          var m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
          sb.append(m.path("clusterUid")).append(m.path("logIndex")).append(' ');
        }
      }
    }
    return sb.toString();
  }

  @Test
  void theLogIsPurgedBehindSnapshotsOnlyOnceArchived() throws Exception {
    try (TestNode n =
        archivingNode(
            dir.resolve("data"), "backup.archive.interval=1h", "replication.snapshotEntries=100")) {
      CommittedLog log = n.node.storage().replication().committedLog("redis");
      long start = log.startIndex();
      try (Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
        for (int i = 0; i < 1_300; i++) {
          j.set("k" + i, "v" + i); // one entry each: far past the purge gap of 1024
        }
        // the log is purged by whole closed segments (64 MB): fill one, so a purge could happen
        byte[] big = new byte[512 << 10];
        for (int i = 0; i < 140; i++) {
          j.set(("big" + i).getBytes(StandardCharsets.UTF_8), big);
        }
        for (int i = 0; i < 800; i++) {
          // past Ratis' purge gap (1024 indexes) after the segment closed, and several snapshots
          j.set("after" + i, "v");
        }
        assertEquals(start, log.startIndex(), "nothing archived yet: nothing purged");
        n.node.archiver().pass();
        long archived = n.node.archiver().status().get("redis").lastIndex();
        assertTrue(archived >= 1_300, "archived up to " + archived);
        // the next snapshot (after 100 more entries) may purge up to the archived index
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int i = 0;
        while (log.startIndex() == start) {
          assertTrue(System.nanoTime() < deadline, "the archived log was never purged");
          j.set("more" + i, "v");
          i++;
        }
        assertTrue(log.startIndex() <= archived + 1, "purged only archived entries");
      }
    }
  }
}
