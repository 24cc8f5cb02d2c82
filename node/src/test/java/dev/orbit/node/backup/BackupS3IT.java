package dev.orbit.node.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.node.TestNode;
import dev.orbit.node.storage.Tier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Node backups to a real S3 API (s3proxy on loopback), restored and checked with real clients. */
class BackupS3IT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TARGET = "s3://" + S3TestServer.BUCKET + "/nodes/n1";

  @TempDir Path dir;
  S3TestServer s3;

  @BeforeEach
  void startS3() throws Exception {
    s3 = S3TestServer.start(dir.resolve("s3"));
  }

  @AfterEach
  void stopS3() throws Exception {
    s3.close();
  }

  private String[] nodeSets(String secret, String... more) {
    return Stream.concat(
            Stream.of(s3.sets(secret)),
            Stream.concat(Stream.of("auth.users.orbit=pw", "backup.partSize=5Mi"), Stream.of(more)))
        .toArray(String[]::new);
  }

  @Test
  void backupDuringWritesAndTierMovesRestoresEveryAcknowledgedKeyAndRow() throws Exception {
    Map<String, String> acked = new ConcurrentHashMap<>();
    List<Integer> rowsAcked = new ArrayList<>();
    Map<String, String> keysBefore;
    List<Integer> rowsBefore;
    String id;
    try (TestNode n =
        TestNode.start(
            dir.resolve("data"),
            nodeSets(
                S3TestServer.SECRET_KEY,
                "tiering.interval=100ms",
                "tiering.warm.minAge=300ms",
                "tiering.cold.minAge=600ms"))) {
      try (Connection c = pg(n);
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE t (id integer PRIMARY KEY, v text)");
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger seq = new AtomicInteger();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        writers.add(
            start(
                () -> {
                  try (Jedis j = redis(n)) {
                    while (!stop.get()) {
                      int i = seq.incrementAndGet();
                      j.set("key" + i, "value" + i);
                      acked.put("key" + i, "value" + i);
                    }
                  }
                }));
      }
      writers.add(
          start(
              () -> {
                try (Connection c = pg(n);
                    Statement st = c.createStatement()) {
                  for (int i = 0; !stop.get(); i++) {
                    st.execute("INSERT INTO t VALUES (" + i + ", 'row" + i + "')");
                    synchronized (rowsAcked) {
                      rowsAcked.add(i);
                    }
                  }
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              }));
      waitFor(
          () ->
              n.node.metrics().recordsMoved("redis", Tier.WARM) > 0
                  && n.node.metrics().recordsMoved("postgres", Tier.HOT) > 0
                  && acked.size() > 200
                  && rowCount(rowsAcked) > 20,
          "writes, and records moved hot → warm → cold");
      keysBefore = new HashMap<>(acked);
      synchronized (rowsAcked) {
        rowsBefore = new ArrayList<>(rowsAcked);
      }
      HttpResponse<String> started = post(n, "{\"target\":\"" + TARGET + "\",\"wait\":false}");
      assertEquals(202, started.statusCode(), started.body());
      id = JSON.readTree(started.body()).get("id").asText();
      JsonNode done = awaitBackup(n, id);
      assertEquals("COMPLETED", done.get("phase").asText(), done.toString());
      assertEquals(100.0, done.get("percent").asDouble());
      assertTrue(done.get("bytesUploaded").asLong() > 0, done.toString());
      assertTrue(
          n.node.backups().metrics().contains("orbit_backup_running 0"),
          n.node.backups().metrics());
      stop.set(true);
      for (Thread t : writers) {
        t.join();
      }
    }
    assertTrue(
        keysBefore.size() > 200 && rowsBefore.size() > 20,
        "writes ran before the backup: " + keysBefore.size() + " keys, " + rowsBefore.size());

    Path restored = dir.resolve("restored");
    String[] creds = s3.sets(S3TestServer.SECRET_KEY);
    List<String> args =
        new ArrayList<>(
            List.of("restore", "--from", TARGET, "--id", id, "--data-dir", restored.toString()));
    for (String s : creds) {
      args.add("--set");
      args.add(s);
    }
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());

    try (TestNode n = TestNode.start(restored, "tiering.enabled=false", "auth.users.orbit=pw");
        Jedis j = redis(n);
        Connection c = pg(n);
        Statement st = c.createStatement()) {
      for (Map.Entry<String, String> e : keysBefore.entrySet()) {
        assertEquals(e.getValue(), j.get(e.getKey()), e.getKey());
      }
      Set<Integer> rows = new java.util.HashSet<>();
      try (ResultSet rs = st.executeQuery("SELECT id, v FROM t")) {
        while (rs.next()) {
          assertEquals("row" + rs.getInt(1), rs.getString(2));
          rows.add(rs.getInt(1));
        }
      }
      assertTrue(rows.containsAll(rowsBefore), "every row acknowledged before the backup");
    }
  }

  @Test
  void aBackupOfDataUnchangedSinceThePreviousOneUploadsNoDataFile() throws Exception {
    try (TestNode n =
            TestNode.start(
                dir.resolve("data"), nodeSets(S3TestServer.SECRET_KEY, "tiering.enabled=false"));
        Jedis j = redis(n)) {
      String big = "x".repeat(4000);
      for (int i = 0; i < 3000; i++) {
        j.set("key" + i, i + big); // about 12 MB: compacted files go up in parts
      }
      HttpResponse<String> first = post(n, "{\"target\":\"" + TARGET + "\"}");
      assertEquals(201, first.statusCode(), first.body());
      JsonNode b1 = JSON.readTree(first.body());
      assertTrue(b1.get("uploadedBytes").asLong() > 10_000_000L, b1.toString());
      // the backup's flush may start a compaction, which rewrites files: let it finish
      waitFor(() -> !compacting(n), "compactions finished");
      HttpResponse<String> second = post(n, "{\"target\":\"" + TARGET + "\"}");
      assertEquals(201, second.statusCode(), second.body());
      Set<String> sstAfterSecond = sstKeys();
      assertTrue(!sstAfterSecond.isEmpty(), "the backups sent the data files");
      waitFor(() -> !compacting(n), "compactions finished");

      HttpResponse<String> third = post(n, "{\"target\":\"" + TARGET + "\"}");
      assertEquals(201, third.statusCode(), third.body());
      JsonNode b3 = JSON.readTree(third.body());
      assertEquals(sstAfterSecond, sstKeys(), "no data file sent again");
      assertEquals(
          JSON.readTree(second.body()).get("sizeBytes").asLong(),
          b3.get("sizeBytes").asLong(),
          b3.toString());
      assertTrue(b3.get("uploadedBytes").asLong() < 64 * 1024, "incremental: " + b3);

      HttpResponse<String> v = post(n, "/v1/backups/verify", "{\"target\":\"" + TARGET + "\"}");
      assertEquals(202, v.statusCode(), v.body());
      String vid = JSON.readTree(v.body()).get("id").asText();
      JsonNode outcome = awaitPhase(n, "/v1/backups/verify/" + vid);
      assertEquals("COMPLETED", outcome.get("phase").asText(), outcome.toString());
      assertEquals(b3.get("id").asText(), outcome.get("backupId").asText());
      long manifestRecords = 0;
      for (JsonNode db : b3.at("/databases/redis")) {
        manifestRecords += db.get("records").asLong();
      }
      assertTrue(manifestRecords >= 3000, b3.toString()); // a data-type record may come on top
      assertEquals(manifestRecords, outcome.at("/records/redis").asLong(), outcome.toString());
    }
    List<String> verify = new ArrayList<>(List.of("backup", "verify", "--target", TARGET));
    for (String s : s3.sets(S3TestServer.SECRET_KEY)) {
      verify.add("--set");
      verify.add(s);
    }
    CliRun v = CliRun.of(verify.toArray(String[]::new));
    assertEquals(0, v.code(), v.err());
    assertTrue(v.out().contains("records {redis="), v.out());
  }

  @Test
  void wrongCredentialsFailWithTheS3ErrorCodeAndTheNodeKeepsServing() throws Exception {
    try (TestNode n =
            TestNode.start(dir.resolve("data"), nodeSets("wrong-secret", "tiering.enabled=false"));
        Jedis j = redis(n)) {
      j.set("a", "1");
      HttpResponse<String> r = post(n, "{\"target\":\"" + TARGET + "\"}");
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("S3 error SignatureDoesNotMatch (HTTP 403)"), r.body());
      assertTrue(!r.body().contains("wrong-secret"), "the secret is never shown: " + r.body());
      j.set("b", "2");
      assertEquals("1", j.get("a"));
      assertEquals("2", j.get("b"));
      HttpResponse<String> again = post(n, "{\"target\":\"" + TARGET + "\"}");
      assertEquals(400, again.statusCode(), "no backup left running: " + again.body());
    }
    assertTrue(s3.keys("nodes/").isEmpty(), "nothing written with wrong credentials");
  }

  private static boolean compacting(TestNode n) {
    return n.node.storage().stores().stream()
        .anyMatch(s -> Stream.of(Tier.values()).anyMatch(t -> s.db(t).compacting()));
  }

  private Set<String> sstKeys() {
    Set<String> out = new java.util.TreeSet<>();
    for (String k : s3.keys("nodes/n1/data/")) {
      if (k.contains(".sst.")) {
        out.add(k);
      }
    }
    return out;
  }

  /** A Redis client logged in as orbit (the nodes here have auth.users.orbit=pw). */
  static Jedis redis(TestNode n) {
    Jedis j = new Jedis("127.0.0.1", n.redisPort());
    j.auth("pw");
    return j;
  }

  static Connection pg(TestNode n) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + n.postgresPort() + "/orbit", "orbit", "pw");
  }

  static HttpResponse<String> post(TestNode n, String body) throws Exception {
    return post(n, "/v1/backups", body);
  }

  static HttpResponse<String> post(TestNode n, String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(n.adminUrl() + path))
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode awaitBackup(TestNode n, String id) throws Exception {
    return awaitPhase(n, "/v1/backups/" + id);
  }

  static JsonNode awaitPhase(TestNode n, String path) throws Exception {
    String id = path;
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(n.adminUrl() + path)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode p = JSON.readTree(r.body());
      if (!p.get("phase").asText().equals("RUNNING")) {
        return p;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("backup " + id + " still running after 3 minutes");
  }

  static void waitFor(java.util.function.BooleanSupplier cond, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  static int rowCount(List<Integer> rows) {
    synchronized (rows) {
      return rows.size();
    }
  }

  static Thread start(Runnable r) {
    Thread t = new Thread(r);
    t.start();
    return t;
  }

  /** One run of the {@code orbit-node} command line. */
  record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
      var out = new java.io.ByteArrayOutputStream();
      var err = new java.io.ByteArrayOutputStream();
      int code =
          dev.orbit.node.cli.Main.run(
              args,
              new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
              new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      return new CliRun(
          code,
          out.toString(java.nio.charset.StandardCharsets.UTF_8),
          err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
