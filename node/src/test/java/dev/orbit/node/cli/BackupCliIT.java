package dev.orbit.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.node.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Backups through the CLI and admin API while writes and tier moves run, then restore. */
class BackupCliIT {
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

  @Test
  void backupDuringWritesAndMovesRestoresEveryAcknowledgedKey() throws Exception {
    Path data = dir.resolve("data");
    String target =
        dir.resolve("backups")
            .toUri()
            .toString()
            .replace("file:/", "file:///")
            .replace("file:////", "file:///");
    ConcurrentHashMap<String, String> acked = new ConcurrentHashMap<>();
    List<String> beforeBackup;
    JsonNode first;
    try (TestNode n =
        TestNode.start(
            data,
            "backup.allowedRoots=" + dir.resolve("backups"),
            "tiering.interval=100ms",
            "tiering.warm.minAge=300ms",
            "tiering.cold.minAge=600ms")) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger seq = new AtomicInteger();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        Thread t =
            new Thread(
                () -> {
                  try (Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
                    while (!stop.get()) {
                      int i = seq.incrementAndGet();
                      j.set("key" + i, "value" + i);
                      acked.put("key" + i, "value" + i);
                    }
                  }
                });
        t.start();
        writers.add(t);
      }
      // wait for writes and for records to reach warm and cold before the backup
      long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
      while (acked.size() < 200
          || n.node.metrics().recordsMoved("redis", dev.orbit.node.storage.Tier.WARM) == 0) {
        assertTrue(System.nanoTime() < deadline, "no writes or no moves warm -> cold in 2 min");
        Thread.sleep(20);
      }
      beforeBackup = new ArrayList<>(acked.keySet());
      Result r = cli("backup", "create", "--node", n.adminUrl(), "--target", target);
      assertEquals(0, r.code(), r.err());
      first = new ObjectMapper().readTree(r.out());
      int atBackup = acked.size();
      while (acked.size() < atBackup + 50 && System.nanoTime() < deadline) {
        Thread.sleep(10); // writes go on after the backup too
      }
      stop.set(true);
      for (Thread t : writers) {
        t.join();
      }
      assertTrue(
          n.node.metrics().recordsMoved("redis", dev.orbit.node.storage.Tier.HOT) > 0,
          "the tier mover ran during the test");
    }
    Result list = cli("backup", "list", "--target", target);
    assertEquals(0, list.code(), list.err());
    assertEquals(1, list.out().lines().count(), list.out());
    Result verify = cli("backup", "verify", "--target", target, "--id", first.get("id").asText());
    assertEquals(0, verify.code(), verify.err());
    assertTrue(verify.out().contains(": 6 databases restored"), verify.out());

    Path restored = dir.resolve("restored");
    Result restore =
        cli(
            "restore",
            "--from",
            target,
            "--id",
            first.get("id").asText(),
            "--data-dir",
            restored.toString());
    assertEquals(0, restore.code(), restore.err());
    Result refused = cli("restore", "--from", target, "--data-dir", restored.toString());
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("already holds data"), refused.err());
    Path once = dir.resolve("once");
    Result onceFirst = cli("restore", "--from", target, "--data-dir", once.toString(), "--once");
    assertEquals(0, onceFirst.code(), onceFirst.err());
    assertTrue(onceFirst.out().startsWith("restored backup"), onceFirst.out());
    Result again = cli("restore", "--from", target, "--data-dir", once.toString(), "--once");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().startsWith("already restored"), again.out());

    try (TestNode n = TestNode.start(restored, "tiering.enabled=false");
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      assertTrue(beforeBackup.size() > 100, "writes ran before the backup: " + beforeBackup.size());
      for (String k : beforeBackup) {
        assertEquals(acked.get(k), j.get(k), k);
      }
    }
  }

  @Test
  void aSecondBackupOfUnchangedDataCopiesNoDataFile() throws Exception {
    String target = dir.resolve("inc").toUri().toString();
    try (TestNode n =
            TestNode.start(
                dir.resolve("data"),
                "tiering.enabled=false",
                "backup.allowedRoots=" + dir.resolve("inc"));
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      for (int i = 0; i < 3000; i++) {
        j.set("key" + i, "value-" + i + "-".repeat(50));
      }
      Result first = cli("backup", "create", "--node", n.adminUrl(), "--target", target);
      assertEquals(0, first.code(), first.err());
      JsonNode b1 = new ObjectMapper().readTree(first.out());
      List<String> sst = sstFiles(dir.resolve("inc"));
      assertTrue(sst.size() >= 1, "the first backup copied the data files");
      Result second = cli("backup", "create", "--node", n.adminUrl(), "--target", target);
      assertEquals(0, second.code(), second.err());
      JsonNode b2 = new ObjectMapper().readTree(second.out());
      assertEquals(b1.get("sizeBytes").asLong(), b2.get("sizeBytes").asLong(), "same data");
      assertEquals(sst, sstFiles(dir.resolve("inc")), "no data file copied again");
      assertTrue(b2.get("uploadedBytes").asLong() < 64 * 1024, "incremental: " + b2);
      assertTrue(
          b1.get("uploadedBytes").asLong() > 3 * b2.get("uploadedBytes").asLong(),
          b1 + " vs " + b2);
      // a damaged file in the target is found by its checksum, and named
      Path victim = Path.of(sst.get(0));
      byte[] bytes = java.nio.file.Files.readAllBytes(victim);
      bytes[bytes.length / 2] ^= 0x5a;
      byte[] original = java.nio.file.Files.readAllBytes(victim);
      java.nio.file.Files.write(victim, bytes);
      Result damaged = cli("backup", "verify", "--target", target);
      assertEquals(1, damaged.code(), damaged.out());
      assertTrue(damaged.err().contains("is damaged"), damaged.err());
      assertTrue(damaged.err().contains(victim.getFileName().toString()), damaged.err());
      java.nio.file.Files.write(victim, original);
      Result del = cli("backup", "delete", "--target", target, "--id", b1.get("id").asText());
      assertEquals(0, del.code(), del.err());
      assertEquals(sst, sstFiles(dir.resolve("inc")), "the second backup still names them");
      Result del2 = cli("backup", "delete", "--target", target, "--id", b2.get("id").asText());
      assertEquals(0, del2.code(), del2.err());
      assertEquals(List.of(), sstFiles(dir.resolve("inc")), "no backup names them any more");
      assertEquals("", cli("backup", "list", "--target", target).out());
    }
  }

  private static List<String> sstFiles(Path target) throws java.io.IOException {
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(target)) {
      return s.filter(p -> p.getFileName().toString().contains(".sst."))
          .map(Path::toString)
          .sorted()
          .toList();
    }
  }

  @Test
  void usageAndTargetErrorsAreClear() {
    Result r = cli("backup", "list", "--target", "ftp://host/x");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("not supported: use file:///absolute/path or s3://"), r.err());
    Result u = cli("backup", "frobnicate");
    assertEquals(2, u.code());
    Result missing =
        cli("restore", "--from", "file:///nonexistent/orbit", "--data-dir", dir.toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("no backups in"), missing.err());
  }
}
