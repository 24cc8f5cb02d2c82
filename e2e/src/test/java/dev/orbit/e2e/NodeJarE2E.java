package dev.orbit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The README's run path: the built jar starts, answers its admin API and serves Redis. */
class NodeJarE2E {
  /** Generous: a loaded CI machine may pause a fresh JVM for seconds. */
  static final Duration READY = Duration.ofSeconds(120);

  static final int CLIENT_TIMEOUT = 60_000;

  @TempDir Path dir;

  @Test
  void builtJarServesAdminAndRedisAndKeepsDataAcrossRestart() throws Exception {
    Path data = dir.resolve("data");
    try (NodeProcess n = NodeProcess.start(data).awaitReady(READY)) {
      assertEquals(200, n.get("/livez"));
      try (Jedis j = new Jedis("127.0.0.1", n.redisPort, CLIENT_TIMEOUT)) {
        assertEquals("PONG", j.ping());
        assertEquals("OK", j.set("greeting", "hello"));
      }
      String status = n.getBody("/v1/status");
      assertTrue(status.contains("\"durability\" : \"group\""), status);
    }
    assertTrue(Files.isDirectory(data.resolve("hot/redis")));
    assertTrue(Files.isDirectory(data.resolve("wal/redis")));
    try (NodeProcess n = NodeProcess.start(data).awaitReady(READY);
        Jedis j = new Jedis("127.0.0.1", n.redisPort, CLIENT_TIMEOUT)) {
      assertEquals("hello", j.get("greeting"));
    }
  }

  @Test
  void aSecondNodeOnTheSameDataDirStopsWithTheLockedPath() throws Exception {
    Path data = dir.resolve("shared");
    try (NodeProcess first = NodeProcess.start(data).awaitReady(READY);
        NodeProcess second = NodeProcess.start(data)) {
      IllegalStateException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalStateException.class, () -> second.awaitReady(READY));
      assertTrue(e.getMessage().contains("locked by another running orbit-node"), e.getMessage());
      assertTrue(e.getMessage().contains(data.resolve("wal").toString()), e.getMessage());
      assertEquals(200, first.get("/readyz"), "the first node keeps serving");
    }
  }

  @Test
  void badConfigStopsStartupNamingTheKey() throws Exception {
    try (NodeProcess n = NodeProcess.start(dir.resolve("d"), "tiering.warm.minAge=yesterday")) {
      IllegalStateException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalStateException.class, () -> n.awaitReady(READY));
      assertTrue(e.getMessage().contains("'tiering.warm.minAge'"), e.getMessage());
    }
  }
}
