package dev.orbit.node.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import dev.orbit.node.redis.KeyLayout;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

class RedisServerIT {
  @TempDir Path dir;
  TestNode node;
  Jedis jedis;

  @BeforeEach
  void start() {
    node = TestNode.start(dir);
    jedis = new Jedis("127.0.0.1", node.redisPort());
  }

  @AfterEach
  void stop() {
    jedis.close();
    node.close();
  }

  @Test
  void stringsCountersAndMultiKeyCommands() {
    assertEquals("PONG", jedis.ping());
    assertEquals("hi", jedis.echo("hi"));
    assertEquals("OK", jedis.set("a", "1"));
    assertEquals("1", jedis.get("a"));
    assertEquals(2, jedis.incr("a"));
    assertEquals(12, jedis.incrBy("a", 10));
    assertEquals(11, jedis.decr("a"));
    assertEquals(1, jedis.decrBy("a", 10));
    assertEquals("OK", jedis.mset("x", "1", "y", "2"));
    assertEquals(List.of("1", "2"), jedis.mget("x", "y").subList(0, 2));
    assertNull(jedis.mget("x", "y", "nope").get(2));
    assertEquals(2, jedis.exists("x", "y", "nope"));
    assertEquals(2, jedis.del("x", "y", "nope"));
    assertNull(jedis.get("x"));
    assertNull(jedis.set("a", "2", SetParams.setParams().nx()));
    assertNull(jedis.set("zz", "2", SetParams.setParams().xx()));
    assertEquals("OK", jedis.set("zz", "3", SetParams.setParams().nx()));
    jedis.set("text", "abc");
    JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.incr("text"));
    assertEquals("ERR value is not an integer or out of range", e.getMessage());
    assertEquals(3, jedis.dbSize());
    assertEquals("OK", jedis.flushDB());
    assertEquals(0, jedis.dbSize());
  }

  @Test
  void expiryFollowsRedisRules() throws Exception {
    jedis.set("k", "v");
    assertEquals(-1, jedis.ttl("k"));
    assertEquals(-2, jedis.ttl("missing"));
    assertEquals(1, jedis.expire("k", 100));
    assertTrue(jedis.ttl("k") > 98);
    assertTrue(jedis.pttl("k") > 98_000);
    assertEquals(1, jedis.persist("k"));
    assertEquals(-1, jedis.ttl("k"));
    assertEquals(0, jedis.expire("missing", 10));
    jedis.set("short", "v", SetParams.setParams().px(50));
    Thread.sleep(120);
    assertNull(jedis.get("short"));
    byte[] record = KeyLayout.meta(0, "short".getBytes(StandardCharsets.UTF_8));
    long deadline = System.currentTimeMillis() + 30_000;
    while (node.node.storage().store("redis").get(record) != null) {
      assertTrue(System.currentTimeMillis() < deadline, "the expired key is removed from storage");
      Thread.sleep(20);
    }
    assertFalse(jedis.exists("short"));
    assertEquals(-2, jedis.ttl("short"));
    assertFalse(jedis.keys("*").contains("short"));
    jedis.set("gone", "v");
    assertEquals(1, jedis.pexpire("gone", -1));
    assertNull(jedis.get("gone"));
  }

  @Test
  void keysAndScanWalkTheKeyspace() {
    for (int i = 0; i < 120; i++) {
      jedis.set("user:" + i, "x");
    }
    jedis.set("other", "x");
    assertEquals(120, jedis.keys("user:*").size());
    assertEquals(10, jedis.keys("user:1?").size(), "user:10 .. user:19");
    assertEquals(Set.of("user:5"), jedis.keys("user:[5]"));
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      ScanResult<String> r = jedis.scan(cursor, new ScanParams().match("user:*").count(25));
      seen.addAll(r.getResult());
      cursor = r.getCursor();
      calls++;
    } while (!cursor.equals("0"));
    assertEquals(120, seen.size());
    assertTrue(calls >= 4, "SCAN returned in pages");
  }

  @Test
  void serverCommandsAnswerWhatClientsExpect() {
    String info = jedis.info();
    assertTrue(info.startsWith("# Server"), info);
    assertTrue(info.contains("redis_version:"), info);
    assertEquals("OK", jedis.select(0));
    JedisDataException db = assertThrows(JedisDataException.class, () -> jedis.select(16));
    assertEquals("ERR DB index is out of range", db.getMessage());
    assertEquals(
        List.of("appendonly", "no"),
        jedis.configGet("appendonly").entrySet().stream()
            .flatMap(en -> java.util.stream.Stream.of(en.getKey(), en.getValue()))
            .toList());
    JedisDataException unknown =
        assertThrows(
            JedisDataException.class, () -> jedis.sendCommand(() -> "NOSUCH".getBytes(), "3"));
    assertEquals(
        "ERR unknown command 'NOSUCH', with args beginning with: '3'", unknown.getMessage());
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    Pipeline p = jedis.pipelined();
    Response<?>[] rs = new Response<?>[600];
    for (int i = 0; i < 200; i++) {
      rs[3 * i] = p.set("p" + i, "v" + i);
      rs[3 * i + 1] = p.incr("counter");
      rs[3 * i + 2] = p.get("p" + i);
    }
    p.sync();
    for (int i = 0; i < 200; i++) {
      assertEquals("OK", rs[3 * i].get());
      assertEquals((long) i + 1, rs[3 * i + 1].get());
      assertEquals("v" + i, rs[3 * i + 2].get());
    }
  }

  @Test
  void serverCommandsBetweenWritesKeepTheirPlaceInAPipeline() {
    Pipeline p = jedis.pipelined();
    List<Response<?>> rs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rs.add(p.set("q" + i, "v" + i));
      rs.add(p.sendCommand(redis.clients.jedis.Protocol.Command.ECHO, "e" + i));
      rs.add(p.incr("qcount"));
      rs.add(p.dbSize());
    }
    p.sync();
    for (int i = 0; i < 100; i++) {
      assertEquals("OK", rs.get(4 * i).get());
      assertEquals("e" + i, new String((byte[]) rs.get(4 * i + 1).get(), StandardCharsets.UTF_8));
      assertEquals((long) i + 1, rs.get(4 * i + 2).get());
      assertEquals((long) i + 2, rs.get(4 * i + 3).get(), "q0..q" + i + " and qcount");
    }
  }

  @Test
  void aPlainSetReplacesTheValueAndItsExpiry() {
    jedis.set("ttl", "old");
    jedis.expire("ttl", 100);
    assertEquals("OK", jedis.set("ttl", "new"));
    assertEquals("new", jedis.get("ttl"));
    assertEquals(-1, jedis.ttl("ttl"));
  }

  @Test
  void aFailingCommandInAPipelineLeavesTheOthersApplied() {
    Pipeline p = jedis.pipelined();
    Response<String> set = p.set("a", "text");
    Response<Long> bad = p.incr("a");
    Response<Long> counter = p.incrBy("n", 5);
    Response<String> a = p.get("a");
    Response<Long> n = p.decr("n");
    p.sync();
    assertEquals("OK", set.get());
    JedisDataException e = assertThrows(JedisDataException.class, bad::get);
    assertEquals("ERR value is not an integer or out of range", e.getMessage());
    assertEquals(5, counter.get());
    assertEquals("text", a.get());
    assertEquals(4, n.get());
    assertEquals("4", jedis.get("n"));
  }

  @Test
  void aMalformedFrameGetsAProtocolErrorAndClosesOnlyThatConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.redisPort())) {
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n*2\r\n$3\r\nGET\r\n!oops\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertEquals("+PONG\r\n-ERR Protocol error: expected '$', got '!'\r\n", reply);
    }
    try (Socket s = new Socket("127.0.0.1", node.redisPort())) {
      s.getOutputStream().write("*abc\r\n".getBytes(StandardCharsets.US_ASCII));
      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertEquals("-ERR Protocol error: invalid multibulk length\r\n", reply);
    }
    assertEquals("PONG", jedis.ping(), "other connections keep working");
  }

  @Test
  void restartKeepsEveryKey() {
    for (int i = 0; i < 1000; i++) {
      jedis.set("k" + i, "v" + i);
    }
    jedis.expire("k1", 1000);
    jedis.close();
    node.close();
    node = TestNode.start(dir);
    jedis = new Jedis("127.0.0.1", node.redisPort());
    for (int i = 0; i < 1000; i++) {
      assertEquals("v" + i, jedis.get("k" + i));
    }
    assertTrue(jedis.ttl("k1") > 990);
  }
}
