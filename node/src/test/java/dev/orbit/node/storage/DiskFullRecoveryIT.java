package dev.orbit.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.node.TestNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A full disk is not sticky: /readyz fails while a database refuses writes; once space is freed
 * RocksDB resumes by itself where it can, and where it cannot /livez asks for the restart that
 * does. Needs permission to mount a tmpfs (root, as in CI); skipped elsewhere.
 */
class DiskFullRecoveryIT {
  static final long PATIENCE = TimeUnit.SECONDS.toNanos(90);

  @TempDir Path dir;
  Path small;

  @BeforeEach
  void mount() throws Exception {
    small = Files.createDirectories(dir.resolve("small"));
    assumeTrue(
        FullDiskIT.run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", small.toString()),
        "cannot mount a tmpfs here (needs root)");
  }

  @AfterEach
  void unmount() throws Exception {
    FullDiskIT.run("umount", small.toString());
  }

  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(TestNode n, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(n.adminUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> await(TestNode n, String path, int status) throws Exception {
    long deadline = System.nanoTime() + PATIENCE;
    HttpResponse<String> r = get(n, path);
    while (r.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(100);
      r = get(n, path);
    }
    return r;
  }

  /** Writes a file until the filesystem is full; deleting it frees the space. */
  static void fill(Path file) throws IOException {
    byte[] chunk = new byte[64 << 10];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      // the disk is full
    }
  }

  /** Writes, fills the disk, writes until a write fails; returns the keys acknowledged. */
  List<String> writeUntilFull(Jedis j) throws IOException {
    byte[] value = new byte[4096];
    List<String> acked = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      j.set(("early" + i).getBytes(), value);
      acked.add("early" + i);
    }
    fill(small.resolve("filler"));
    String error = null;
    for (int i = 0; i < 50_000 && error == null; i++) {
      try {
        j.set(("key" + i).getBytes(), value);
        acked.add("key" + i);
      } catch (JedisDataException e) {
        error = e.getMessage();
      }
    }
    assertNotNull(error, "writes fail on the full disk");
    return acked;
  }

  TestNode start(String durability) {
    return TestNode.start(
        small.resolve("data"),
        "storage.writeBufferSize=4Mi",
        "storage.blockCacheSize=4Mi",
        "tiering.enabled=false",
        "storage.durability=" + durability);
  }

  /**
   * After space is freed: true when the node took writes again by itself (ready again), false when
   * it asked for a restart through /livez. Never stuck unready with a passing liveness check.
   */
  static boolean recoversOrAsksForARestart(TestNode n) throws Exception {
    long deadline = System.nanoTime() + PATIENCE;
    while (System.nanoTime() < deadline) {
      if (get(n, "/readyz").statusCode() == 200) {
        return true;
      }
      HttpResponse<String> live = get(n, "/livez");
      if (live.statusCode() == 503) {
        assertTrue(live.body().contains("redis hot database needs a restart"), live.body());
        return false;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "neither ready again nor asking for a restart: " + get(n, "/readyz").body());
  }

  void fullDiskIsNotSticky(String durability) throws Exception {
    List<String> acked;
    boolean recovered;
    try (TestNode n = start(durability);
        Jedis j = new Jedis("127.0.0.1", n.redisPort(), 30_000)) {
      acked = writeUntilFull(j);
      HttpResponse<String> unready = await(n, "/readyz", 503);
      assertEquals(503, unready.statusCode(), "a node that cannot write is not ready");
      assertTrue(unready.body().contains("redis hot database refuses writes"), unready.body());
      assertEquals(200, get(n, "/livez").statusCode(), "no restart while the disk is full");
      assertEquals(4096, j.get(acked.get(0).getBytes()).length, "reads work meanwhile");

      Files.delete(small.resolve("filler"));
      recovered = recoversOrAsksForARestart(n);
      if (recovered) {
        assertEquals("OK", j.set("after", "space"), "writes work again without a restart");
        assertTrue(
            get(n, "/metrics")
                .body()
                .contains("orbit_storage_writable{protocol=\"redis\",tier=\"hot\"} 1"));
      }
    }
    try (TestNode n = start(durability);
        Jedis j = new Jedis("127.0.0.1", n.redisPort(), 30_000)) {
      assertEquals("OK", j.set("after-restart", "v"));
      for (String k : acked) {
        assertEquals(4096, j.get(k.getBytes()).length, k + " was acknowledged");
      }
      assertEquals(200, get(n, "/readyz").statusCode());
    }
  }

  @Test
  void underSyncDurabilityAFullDiskIsNotSticky() throws Exception {
    fullDiskIsNotSticky("sync");
  }

  @Test
  void underGroupDurabilityAFullDiskIsNotSticky() throws Exception {
    fullDiskIsNotSticky("group");
  }
}
