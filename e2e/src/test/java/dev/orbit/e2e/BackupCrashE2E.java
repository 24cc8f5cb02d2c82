package dev.orbit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.e2e.sandbox.S3Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * A node killed with SIGKILL while it uploads a backup to S3: the half-sent backup is never listed
 * as complete, its checkpoint folders are gone after the restart, and the next backup succeeds.
 */
class BackupCrashE2E {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TARGET = "s3://backups/crash";

  /** One client, so polling reuses its connection (the admin API bounds open connections). */
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void sigkillDuringABackupLeavesNoBackupListedAsComplete() throws Exception {
    try (S3Endpoint s3 = S3Endpoint.start(dir.resolve("s3"), 0, "backups")) {
      Path data = dir.resolve("data");
      List<String> sets = new ArrayList<>(List.of(s3.nodeSets()));
      sets.addAll(List.of("tiering.enabled=false", "backup.concurrency=1", "backup.partSize=5Mi"));
      NodeProcess n =
          NodeProcess.start(data, sets.toArray(String[]::new)).awaitReady(Duration.ofSeconds(60));
      try {
        try (Jedis j = new Jedis("127.0.0.1", n.redisPort)) {
          String value = "v".repeat(10_000);
          for (int batch = 0; batch < 100; batch++) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < 100; i++) {
              p.set("key:" + batch + ":" + i, value);
            }
            p.sync();
          }
        }
        String id = startBackup(n);
        awaitUploading(n, id);
        n.kill();
      } finally {
        n.close();
      }
      assertEquals("", cli(s3, "backup", "list", "--target", TARGET), "nothing listed");

      NodeProcess again =
          NodeProcess.start(data, sets.toArray(String[]::new)).awaitReady(Duration.ofSeconds(60));
      try (Stream<Path> s = Files.walk(data)) {
        assertFalse(
            s.anyMatch(p -> p.getFileName().toString().equals(".orbit-backup")),
            "checkpoint folders of the killed backup are removed at start");
      }
      try {
        HttpResponse<String> r = post(again, "{\"target\":\"" + TARGET + "\"}");
        assertEquals(201, r.statusCode(), r.body());
      } finally {
        again.close();
      }
      assertEquals(1, cli(s3, "backup", "list", "--target", TARGET).lines().count());
      assertTrue(
          cli(s3, "backup", "verify", "--target", TARGET).contains("records {redis="),
          "the next backup is whole");
    }
  }

  private static String startBackup(NodeProcess n) throws Exception {
    HttpResponse<String> r = post(n, "{\"target\":\"" + TARGET + "\",\"wait\":false}");
    assertEquals(202, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("id").asText();
  }

  /** Waits until the backup has sent some bytes but not all. */
  private static void awaitUploading(NodeProcess n, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + n.adminPort + "/v1/backups/" + id))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode p = JSON.readTree(r.body());
      assertEquals("RUNNING", p.get("phase").asText(), "caught before completion: " + p);
      if (p.get("bytesUploaded").asLong() > 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("backup " + id + " sent nothing in 2 minutes");
  }

  private static HttpResponse<String> post(NodeProcess n, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.adminPort + "/v1/backups"))
            .timeout(Duration.ofMinutes(5))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String cli(S3Endpoint s3, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String s : s3.nodeSets()) {
      all.add("--set");
      all.add(s);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        dev.orbit.node.cli.Main.run(
            all.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
