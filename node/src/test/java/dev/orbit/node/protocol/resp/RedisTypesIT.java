package dev.orbit.node.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.Tuple;

/** Hashes, lists, sets and sorted sets through Jedis, and that they survive a restart. */
class RedisTypesIT {
  @TempDir Path dir;
  TestNode node;
  Jedis j;

  @BeforeEach
  void start() {
    node = TestNode.start(dir);
    j = new Jedis("127.0.0.1", node.redisPort(), 60_000);
  }

  @AfterEach
  void stop() {
    j.close();
    node.close();
  }

  @Test
  void hashes() {
    assertEquals(2, j.hset("h", Map.of("a", "1", "b", "2")));
    assertEquals(0, j.hset("h", "a", "10"));
    assertEquals("10", j.hget("h", "a"));
    assertEquals(Map.of("a", "10", "b", "2"), j.hgetAll("h"));
    assertEquals(2, j.hlen("h"));
    assertEquals(15, j.hincrBy("h", "a", 5));
    assertEquals(2.5, j.hincrByFloat("h", "c", 2.5));
    assertEquals(0, j.hsetnx("h", "a", "x"));
    assertEquals(Arrays.asList("15", null), j.hmget("h", "a", "zz"));
    assertTrue(j.hexists("h", "b"));
    assertEquals(2, j.hstrlen("h", "a"));
    assertEquals(Set.of("a", "b", "c"), j.hkeys("h"));
    assertEquals(3, j.hvals("h").size());
    assertTrue(Set.of("a", "b", "c").contains(j.hrandfield("h")));
    assertEquals(3, j.hdel("h", "a", "b", "c"));
    assertFalse(j.exists("h"), "an emptied hash is removed");
    j.set("s", "v");
    JedisDataException e = assertThrows(JedisDataException.class, () -> j.hget("s", "f"));
    assertEquals(
        "WRONGTYPE Operation against a key holding the wrong kind of value", e.getMessage());
    j.hincrBy("s2", "f", Long.MAX_VALUE);
    e = assertThrows(JedisDataException.class, () -> j.hincrBy("s2", "f", 1));
    assertEquals("ERR increment or decrement would overflow", e.getMessage());
  }

  @Test
  void lists() {
    assertEquals(3, j.rpush("l", "a", "b", "c"));
    assertEquals(4, j.lpush("l", "z"));
    assertEquals(List.of("z", "a", "b", "c"), j.lrange("l", 0, -1));
    assertEquals("b", j.lindex("l", -2));
    assertEquals("OK", j.lset("l", 1, "A"));
    assertEquals(5, j.linsert("l", ListPosition.BEFORE, "b", "x"));
    assertEquals(List.of("z", "A", "x", "b", "c"), j.lrange("l", 0, -1));
    j.rpush("l", "x");
    assertEquals(2, j.lrem("l", 0, "x"));
    assertEquals(List.of("z", "A", "b", "c"), j.lrange("l", 0, -1));
    assertEquals(2L, j.lpos("l", "b"));
    assertEquals("OK", j.ltrim("l", 1, 2));
    assertEquals(List.of("A", "b"), j.lrange("l", 0, -1));
    assertEquals("b", j.rpop("l"));
    assertEquals("A", j.lmove("l", "l2", ListDirection.LEFT, ListDirection.RIGHT));
    assertEquals(0, j.llen("l"));
    assertEquals(List.of("A"), j.lrange("l2", 0, -1));
    JedisDataException e = assertThrows(JedisDataException.class, () -> j.lset("l2", 5, "v"));
    assertEquals("ERR index out of range", e.getMessage());
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add("e" + i);
    }
    j.rpush("big", many.toArray(String[]::new));
    assertEquals(many.subList(100, 200), j.lrange("big", 100, 199));
    assertEquals(many.subList(4900, 5000), j.lrange("big", -100, -1));
    assertEquals(List.of("e0", "e1"), j.lpop("big", 2));
  }

  @Test
  void blockingPopsWaitForAPushOrTheirTimeout() throws Exception {
    try (Jedis other = new Jedis("127.0.0.1", node.redisPort(), 60_000)) {
      var popped =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> other.blpop(30, "q1", "q2"));
      // wait until the client is blocked, then push
      long deadline = System.currentTimeMillis() + 30_000;
      while (!j.info("clients").contains("blocked_clients:1")) {
        assertTrue(System.currentTimeMillis() < deadline, "the client never blocked");
        Thread.sleep(20);
      }
      j.rpush("q2", "job");
      assertEquals(List.of("q2", "job"), popped.get(30, java.util.concurrent.TimeUnit.SECONDS));
      assertFalse(j.exists("q2"));
      assertNull(other.brpop(1, "nothing"));
      j.zadd("zq", 5, "m");
      assertEquals("m", other.bzpopmin(1, "zq").getValue().getElement());
    }
  }

  @Test
  void aBlockedSortedSetPopIsServedByTheAddThatWakesIt() throws Exception {
    try (Jedis other = new Jedis("127.0.0.1", node.redisPort(), 60_000)) {
      for (boolean max : new boolean[] {false, true}) {
        var popped =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> max ? other.bzpopmax(30, "zb") : other.bzpopmin(30, "zb"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (!j.info("clients").contains("blocked_clients:1")) {
          assertTrue(System.currentTimeMillis() < deadline, "the client never blocked");
          Thread.sleep(20);
        }
        // served right after the add is proposed: it reads the set's new members all the same
        j.zadd("zb", java.util.Map.of("a", 1.0, "b", 2.0));
        var e = popped.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("zb", e.getKey());
        assertEquals(max ? "b" : "a", e.getValue().getElement());
        assertEquals(1, j.zcard("zb"));
        j.del("zb");
      }
    }
  }

  @Test
  void sets() {
    assertEquals(3, j.sadd("s1", "a", "b", "c"));
    assertEquals(0, j.sadd("s1", "a"));
    j.sadd("s2", "b", "c", "d");
    assertEquals(Set.of("b", "c"), j.sinter("s1", "s2"));
    assertEquals(Set.of("a", "b", "c", "d"), j.sunion("s1", "s2"));
    assertEquals(Set.of("a"), j.sdiff("s1", "s2"));
    assertEquals(2, j.sinterstore("s3", "s1", "s2"));
    assertEquals(Set.of("b", "c"), j.smembers("s3"));
    assertTrue(j.sismember("s1", "a"));
    assertEquals(List.of(true, false), j.smismember("s1", "a", "z"));
    assertEquals(1, j.smove("s1", "s2", "a"));
    assertEquals(2, j.scard("s1"));
    Set<String> popped = new HashSet<>(j.spop("s2", 10));
    assertEquals(Set.of("a", "b", "c", "d"), popped);
    assertFalse(j.exists("s2"));
    assertEquals(1, j.srem("s1", "b"));
  }

  @Test
  void spopDrainsASetMemberByMemberWhileMembersAreAdded() {
    // popping moves the members left into a new generation from time to time (away from the
    // popped members' tombstones): nothing may be lost, duplicated or popped twice on the way
    Set<String> in = new HashSet<>();
    String[] first = new String[1200];
    for (int i = 0; i < first.length; i++) {
      first[i] = "m" + i;
      in.add(first[i]);
    }
    assertEquals(first.length, j.sadd("drain", first));
    Set<String> popped = new HashSet<>();
    int added = 0;
    while (true) {
      String m = j.spop("drain");
      if (m == null) {
        break;
      }
      assertTrue(in.remove(m), m + " popped but not in the set");
      assertTrue(popped.add(m), m + " popped twice");
      if (popped.size() % 100 == 0 && added < 5) {
        String extra = "extra" + added++;
        assertEquals(1, j.sadd("drain", extra));
        in.add(extra);
      }
      if (popped.size() == 1000) {
        assertEquals(in, j.smembers("drain"));
      }
      assertEquals(in.size(), j.scard("drain"));
    }
    assertEquals(Set.of(), in);
    assertEquals(first.length + added, popped.size());
    assertFalse(j.exists("drain"));
  }

  @Test
  void sortedSets() {
    assertEquals(3, j.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0)));
    assertEquals(List.of("a", "b", "c"), j.zrange("z", 0, -1));
    assertEquals(List.of("c", "b"), j.zrevrange("z", 0, 1));
    assertEquals(2.0, j.zscore("z", "b"));
    assertEquals(1L, j.zrank("z", "b"));
    assertEquals(0L, j.zrevrank("z", "c"));
    assertEquals(4.5, j.zincrby("z", 2.5, "b"));
    assertEquals(List.of("a", "c"), j.zrangeByScore("z", "(0", "3"));
    assertEquals(List.of("c"), j.zrangeByScore("z", 2, 10, 0, 1));
    assertEquals(2, j.zcount("z", "-inf", "3"));
    assertEquals(0, j.zadd("z", 10, "a", ZAddParams.zAddParams().xx().gt()));
    assertEquals(10.0, j.zscore("z", "a"));
    List<Tuple> all = j.zrangeWithScores("z", 0, -1);
    assertEquals(List.of(new Tuple("c", 3.0), new Tuple("b", 4.5), new Tuple("a", 10.0)), all);
    j.zadd("lex", Map.of("a", 0.0, "b", 0.0, "c", 0.0, "d", 0.0));
    assertEquals(List.of("b", "c"), j.zrangeByLex("lex", "(a", "[c"));
    assertEquals(
        List.of("d", "c"), j.zrange("lex", ZRangeParams.zrangeByLexParams("+", "[c").rev()));
    assertEquals(3, j.zlexcount("lex", "[b", "+"));
    j.zadd("u1", Map.of("x", 1.0, "y", 2.0));
    j.zadd("u2", Map.of("y", 3.0, "w", 4.0));
    assertEquals(3, j.zunionstore("un", "u1", "u2"));
    assertEquals(5.0, j.zscore("un", "y"));
    assertEquals(1, j.zinterstore("in", "u1", "u2"));
    assertEquals(List.of(new Tuple("c", 3.0)), j.zpopmin("z", 1));
    assertEquals(1, j.zremrangeByScore("z", 4, 5));
    assertEquals(1, j.zcard("z"));
    assertEquals(1, j.zrem("z", "a"));
    assertFalse(j.exists("z"));
  }

  @Test
  void largeCollectionsKeepEveryElementAcrossARestart() {
    Map<String, String> fields = new java.util.HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      fields.put("f" + i, "v" + i);
    }
    j.hset("bighash", fields);
    for (int i = 0; i < 20_000; i += 1000) {
      List<String> members = new ArrayList<>();
      for (int k = i; k < i + 1000; k++) {
        members.add("m" + k);
      }
      j.sadd("bigset", members.toArray(String[]::new));
      j.rpush("biglist", members.toArray(String[]::new));
    }
    j.expire("bigset", 1000);
    j.close();
    node.close();
    node = TestNode.start(dir);
    j = new Jedis("127.0.0.1", node.redisPort(), 60_000);
    assertEquals(20_000, j.hlen("bighash"));
    assertEquals("v12345", j.hget("bighash", "f12345"));
    assertEquals(20_000, j.scard("bigset"));
    assertTrue(j.ttl("bigset") > 900);
    assertEquals("m19999", j.lindex("biglist", -1));
    assertEquals(1, j.del("bighash"), "a large collection is dropped at once");
    assertEquals(0, j.hlen("bighash"));
    assertEquals("hashtable", j.objectEncoding("bigset"));
  }

  @Test
  void transactionsAndWatch() {
    j.set("n", "1");
    var t = j.multi();
    t.incr("n");
    t.lpush("l", "x");
    assertEquals(List.of(2L, 1L), t.exec());
    j.watch("n");
    try (Jedis other = new Jedis("127.0.0.1", node.redisPort(), 60_000)) {
      other.set("n", "100");
    }
    var aborted = j.multi();
    aborted.incr("n");
    assertNull(aborted.exec(), "a watched key changed: EXEC runs nothing");
    assertEquals("100", j.get("n"));

    j.sadd("src", "a", "b");
    j.sadd("dst", "a");
    j.watch("dst");
    try (Jedis other = new Jedis("127.0.0.1", node.redisPort(), 60_000)) {
      assertEquals(1, other.smove("src", "dst", "a"), "moved, but dst already had it");
    }
    var kept = j.multi();
    kept.sadd("dst", "c");
    assertEquals(List.of(1L), kept.exec(), "an SMOVE that left dst unchanged does not abort");
    assertEquals(2, j.scard("dst"));
  }

  @Test
  void databasesAreSeparateAndSwap() {
    j.set("k", "db0");
    j.select(3);
    assertNull(j.get("k"));
    j.set("k", "db3");
    assertEquals("OK", j.swapDB(0, 3));
    assertEquals("db0", j.get("k"));
    j.select(0);
    assertEquals("db3", j.get("k"));
    assertEquals(1, j.move("k", 5));
    assertNull(j.get("k"));
  }

  @Test
  void publishReachesChannelAndPatternSubscribers() throws Exception {
    List<String> got = java.util.Collections.synchronizedList(new ArrayList<>());
    var sub =
        new redis.clients.jedis.JedisPubSub() {
          @Override
          public void onMessage(String channel, String message) {
            got.add(channel + ":" + message);
            if (got.size() == 2) {
              unsubscribe();
              punsubscribe();
            }
          }

          @Override
          public void onPMessage(String pattern, String channel, String message) {
            got.add(pattern + ">" + message);
            if (got.size() == 2) {
              unsubscribe();
              punsubscribe();
            }
          }
        };
    Jedis subscriber = new Jedis("127.0.0.1", node.redisPort(), 60_000);
    Thread t = new Thread(() -> subscriber.subscribe(sub, "news"));
    t.start();
    long deadline = System.currentTimeMillis() + 30_000;
    while (j.pubsubNumSub("news").get("news") == 0) {
      assertTrue(System.currentTimeMillis() < deadline, "never subscribed");
      Thread.sleep(20);
    }
    sub.psubscribe("ne*");
    while (j.pubsubNumPat() == 0) {
      assertTrue(System.currentTimeMillis() < deadline, "never subscribed to the pattern");
      Thread.sleep(20);
    }
    assertEquals(2, j.publish("news", "hello"));
    t.join(30_000);
    assertEquals(Set.of("news:hello", "ne*>hello"), new HashSet<>(got));
    subscriber.close();
  }

  static final class Arrays {
    static List<String> asList(String... s) {
      return java.util.Arrays.asList(s);
    }
  }
}
