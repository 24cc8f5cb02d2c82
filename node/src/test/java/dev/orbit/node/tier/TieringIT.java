package dev.orbit.node.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import dev.orbit.node.redis.KeyLayout;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.Tier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class TieringIT {
  @TempDir Path dir;

  @Test
  void keysMoveHotToWarmToColdAndStayReadableThroughRedis() throws Exception {
    try (TestNode n =
            TestNode.start(
                dir, "tiering.interval=200ms", "tiering.warm.minAge=1s", "tiering.cold.minAge=2s");
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      // one pipeline: the keys are written within milliseconds of each other, so each one's time
      // in the warm tier (between 1 s and 2 s of age) is the same for all
      redis.clients.jedis.Pipeline p = j.pipelined();
      for (int i = 0; i < 300; i++) {
        p.set("k" + i, "v" + i);
      }
      p.set("updated", "before");
      p.set("deleted", "x");
      p.sync();
      ProtocolStore store = n.node.storage().store("redis");
      awaitTier(store, "k0", Tier.WARM, 10_000);
      awaitTier(store, "k299", Tier.COLD, 10_000);
      // the mover flushes the colder tier after its moves, through the log: wait for it
      awaitSst(dir.resolve("warm/redis"));
      awaitSst(dir.resolve("cold/redis"));
      assertTrue(hasSst(dir.resolve("warm/redis")), "SST files in the warm folder");
      assertTrue(hasSst(dir.resolve("cold/redis")), "SST files in the cold folder");
      for (int i = 0; i < 300; i++) {
        assertEquals("v" + i, j.get("k" + i));
      }
      awaitTier(store, "updated", Tier.COLD, 10_000);
      j.set("updated", "after");
      j.del("deleted");
      assertEquals("after", j.get("updated"));
      assertNull(j.get("deleted"));
      String metrics = get(n.adminUrl() + "/metrics");
      assertTrue(
          metrics.matches(
              "(?s).*orbit_tier_records_moved_total\\{protocol=\"redis\",from=\"hot\",to=\"warm\"} [1-9].*"),
          metrics);
      assertTrue(
          metrics.matches(
              "(?s).*orbit_tier_records_moved_total\\{protocol=\"redis\",from=\"warm\",to=\"cold\"} [1-9].*"),
          metrics);
      // the update and the delete keep winning while they move down too
      awaitTier(store, "updated", Tier.COLD, 10_000);
      assertEquals("after", j.get("updated"));
      assertNull(j.get("deleted"));
    }
  }

  /** Waits until the record of Redis key {@code key} (database 0) is in {@code tier}. */
  private static void awaitTier(ProtocolStore s, String name, Tier tier, long ms) throws Exception {
    byte[] key = KeyLayout.meta(0, name.getBytes(StandardCharsets.UTF_8));
    long deadline = System.currentTimeMillis() + ms;
    while (s.tierOf(key) != tier) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(name + " did not reach " + tier + ", is in " + s.tierOf(key));
      }
      Thread.sleep(50);
    }
  }

  private static void awaitSst(Path dir) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!hasSst(dir) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
  }

  private static boolean hasSst(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.toString().endsWith(".sst"));
    }
  }

  static String get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
