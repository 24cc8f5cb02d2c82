package dev.orbit.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.config.ConfigLoader;
import dev.orbit.node.TestNode;
import dev.orbit.node.storage.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Strings stored by the earlier layout (one record per key, no prefix) are served after upgrade.
 */
class FormatUpgradeIT {
  @TempDir Path dir;

  private static byte[] oldString(String value, long expireAt) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(9 + v.length).put((byte) 's').putLong(expireAt).put(v).array();
  }

  @Test
  void stringsOfTheEarlierLayoutAreReadAfterAnUpgrade() {
    long later = System.currentTimeMillis() + 3_600_000;
    try (StorageEngine e =
        StorageEngine.open(
            ConfigLoader.load(
                null,
                dir.toString(),
                List.of("storage.blockCacheSize=8Mi", "storage.writeBufferSize=8Mi"),
                Map.of()),
            List.of("redis"))) {
      var store = e.store("redis");
      for (int i = 0; i < 25_000; i++) {
        store.put(("old" + i).getBytes(StandardCharsets.UTF_8), oldString("v" + i, 0)).join();
      }
      store.put("Mkey".getBytes(StandardCharsets.UTF_8), oldString("m", 0)).join();
      store.put("ttl".getBytes(StandardCharsets.UTF_8), oldString("t", later)).join();
    }
    try (TestNode node = TestNode.start(dir);
        Jedis j = new Jedis("127.0.0.1", node.redisPort())) {
      assertEquals("v0", j.get("old0"));
      assertEquals("v24999", j.get("old24999"));
      assertEquals("m", j.get("Mkey"));
      assertTrue(j.ttl("ttl") > 3500);
      assertEquals(25_002, j.dbSize());
      j.set("new", "n");
      assertNull(j.get("missing"));
    }
    try (TestNode node = TestNode.start(dir);
        Jedis j = new Jedis("127.0.0.1", node.redisPort())) {
      assertEquals(25_003, j.dbSize(), "a second start upgrades nothing again");
      assertEquals("n", j.get("new"));
    }
  }

  @Test
  void recordsOfTodaysLayoutWithoutAFormatMarkAreLeftAsTheyAre() {
    // clients may write before a new leader's format check ran (it runs when the member leads)
    try (TestNode node = TestNode.start(dir);
        Jedis j = new Jedis("127.0.0.1", node.redisPort())) {
      j.hset("h", Map.of("f1", "a", "f2", "b"));
      j.rpush("l", "x", "y");
      j.setex("s", 3600, "v");
      j.select(1);
      j.set("in1", "one");
      node.node.storage().store("redis").delete(KeyLayout.system("format")).durable().join();
    }
    try (TestNode node = TestNode.start(dir);
        Jedis j = new Jedis("127.0.0.1", node.redisPort())) {
      assertEquals(Map.of("f1", "a", "f2", "b"), j.hgetAll("h"));
      assertEquals(List.of("x", "y"), j.lrange("l", 0, -1));
      assertEquals("v", j.get("s"));
      assertTrue(j.ttl("s") > 3500);
      assertEquals(3, j.dbSize());
      j.select(1);
      assertEquals("one", j.get("in1"));
    }
  }
}
