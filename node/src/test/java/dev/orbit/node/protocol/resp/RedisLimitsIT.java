package dev.orbit.node.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * What one client can do to a node: patterns, huge and trickled requests, many keys, unread
 * replies. Each case ends in a clear answer or a closed connection, and other clients go on. The
 * deadlines are generous: they only catch work that never ends (or ends after hours).
 */
class RedisLimitsIT {
  @TempDir Path dir;
  TestNode node;

  private Jedis client() {
    return new Jedis("127.0.0.1", node.redisPort(), 600_000);
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aPatternThatBacktracksExponentiallyAnswersAndOthersAreServed() {
    node = TestNode.start(dir);
    try (Jedis j = client();
        Jedis other = client()) {
      j.set("a".repeat(40), "v");
      String pattern = "a*".repeat(20) + "b";
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            assertEquals(List.of(), new ArrayList<>(j.keys(pattern)));
            assertEquals(
                List.of(),
                j.scan("0", new redis.clients.jedis.params.ScanParams().match(pattern).count(100))
                    .getResult());
          });
      assertEquals("PONG", other.ping());
    }
  }

  @Test
  void manyKeysInOneCommandAreHandledOffTheEventLoop() {
    node = TestNode.start(dir, "storage.blockCacheSize=128Mi");
    int n = 300_000;
    String[] kv = new String[2 * n];
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = "k" + i;
      kv[2 * i] = keys[i];
      kv[2 * i + 1] = "v" + i;
    }
    try (Jedis j = client();
        Jedis other = client()) {
      CompletableFuture<String> mset = CompletableFuture.supplyAsync(() -> j.mset(kv));
      // the bystander is answered while the big write runs
      assertEquals("PONG", other.ping());
      assertEquals("OK", mset.join());
      List<String> values = j.mget(keys);
      assertEquals(n, values.size());
      assertEquals("v0", values.get(0));
      assertEquals("v" + (n - 1), values.get(n - 1));
      assertEquals(n, j.dbSize());
      String[] twice = Arrays.copyOf(keys, 2 * n);
      System.arraycopy(keys, 0, twice, n, n);
      assertEquals(2L * n, j.exists(twice), "EXISTS counts a key named twice twice");
      assertEquals(n, j.del(keys));
      assertEquals(0, j.dbSize());
    }
  }

  @Test
  void pipelinedGetsOfLargeValuesAreAnsweredInLinearTime() {
    node = TestNode.start(dir);
    byte[] big = new byte[1 << 20];
    Arrays.fill(big, (byte) 'x');
    try (Jedis j = client()) {
      j.set("big".getBytes(), big);
      assertTimeoutPreemptively(
          Duration.ofSeconds(120),
          () -> {
            Pipeline p = j.pipelined();
            List<Response<byte[]>> rs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
              rs.add(p.get("big".getBytes()));
            }
            p.sync();
            for (Response<byte[]> r : rs) {
              assertArrayEquals(big, r.get());
            }
          });
    }
  }

  @Test
  void aLargeValueIsStoredWholeWhateverItsSize() {
    node = TestNode.start(dir);
    byte[] big = new byte[64 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) ('a' + i % 26);
    }
    try (Jedis j = client()) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(120), () -> assertEquals("OK", j.set("big".getBytes(), big)));
      assertEquals(big.length, j.strlen("big"));
      assertArrayEquals(
          Arrays.copyOfRange(big, 1000, 1010), j.getrange("big".getBytes(), 1000, 1009));
    }
  }

  @Test
  void aLargeStringKeepsItsBytesThroughAppendRenameCopyMoveAndExpiry() {
    node = TestNode.start(dir);
    byte[] big = new byte[(5 << 20) + 123];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + i / 7);
    }
    byte[] tail = "-tail".getBytes(StandardCharsets.US_ASCII);
    byte[] whole = Arrays.copyOf(big, big.length + tail.length);
    System.arraycopy(tail, 0, whole, big.length, tail.length);
    try (Jedis j = client()) {
      assertEquals("OK", j.set("s".getBytes(), big));
      assertEquals(whole.length, j.append("s".getBytes(), tail));
      assertArrayEquals(whole, j.get("s".getBytes()));
      assertEquals(1, j.expire("s", 1000));
      assertArrayEquals(whole, j.get("s".getBytes()));
      assertEquals("OK", j.rename("s", "r"));
      assertEquals(false, j.exists("s"));
      assertTrue(j.copy("r", "c", false));
      assertEquals(1, j.move("c", 3));
      assertArrayEquals(whole, j.get("r".getBytes()));
      assertTrue(j.ttl("r") > 0);
      assertArrayEquals(
          Arrays.copyOfRange(whole, (1 << 20) - 3, (1 << 20) + 3),
          j.getrange("r".getBytes(), (1 << 20) - 3, (1 << 20) + 2));
      assertEquals("OK", j.set("r", "small"));
      assertEquals("small", j.get("r"));
      j.select(3);
      assertArrayEquals(whole, j.get("c".getBytes()));
      assertEquals(1, j.del("c"));
      assertEquals(null, j.get("c"));
    }
  }

  @Test
  void pipelinedLargeValuesAreAllStored() {
    node = TestNode.start(dir);
    byte[] v = new byte[300_000];
    Arrays.fill(v, (byte) 'p');
    try (Jedis j = client()) {
      Pipeline p = j.pipelined();
      List<Response<String>> rs = new ArrayList<>();
      for (int i = 0; i < 200; i++) { // 60 MB in one pipeline: more than one log entry holds
        rs.add(p.set(("p" + i).getBytes(), v));
      }
      p.sync();
      for (Response<String> r : rs) {
        assertEquals("OK", r.get());
      }
      assertEquals(200, j.dbSize());
      assertArrayEquals(v, j.get("p199".getBytes()));
    }
  }

  @Test
  void aHashValueLargerThanARecordIsRefusedAndNothingIsWritten() {
    node = TestNode.start(dir);
    try (Jedis j = client()) {
      j.hset("h", "a", "1");
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              redis.clients.jedis.exceptions.JedisDataException.class,
              () -> j.hset("h".getBytes(), "b".getBytes(), new byte[5 << 20]));
      assertTrue(e.getMessage().startsWith("ERR value of 5242880 bytes"), e.getMessage());
      assertEquals(java.util.Map.of("a", "1"), j.hgetAll("h"));
    }
  }

  @Test
  void aBulkLongerThanTheLimitIsAProtocolError() throws Exception {
    node = TestNode.start(dir, "protocols.redis.protoMaxBulkLen=1Ki");
    String reply = exchange("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1025\r\n" + "x".repeat(1025) + "\r\n");
    assertEquals("-ERR Protocol error: invalid bulk length\r\n", reply);
  }

  @Test
  void anInlineCommandWithUnbalancedQuotesIsAProtocolErrorAndCloses() throws Exception {
    node = TestNode.start(dir);
    String reply = exchange("set \"\"\"test-key\"\"\" test-value\r\nping\r\n");
    assertEquals("-ERR Protocol error: unbalanced quotes in request\r\n", reply);
  }

  @Test
  void aClientThatPipelinesGetsWithoutReadingIsDisconnectedAtTheHardLimit() {
    node = TestNode.start(dir, "protocols.redis.clientOutputBufferLimit=4Mi");
    Jedis slow = client();
    try (Jedis other = client()) {
      slow.set("v".getBytes(), new byte[100_000]);
      slow.clientSetname("slow");
      Pipeline p = slow.pipelined(); // sent as its buffer fills; the replies are never read
      try {
        for (int i = 0; i < 2000; i++) { // 200 MB of replies
          p.get("v");
        }
      } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
        // dropped while it was still sending
      }
      waitFor(() -> !other.clientList().contains("name=slow"), "the slow client to be dropped");
      assertEquals("PONG", other.ping(), "the node serves others");
      assertEquals(100_000, other.strlen("v"));
    } finally {
      try {
        slow.close();
      } catch (redis.clients.jedis.exceptions.JedisException e) {
        // its pipeline cannot be synced: the node closed it
      }
    }
  }

  @Test
  void aSlowSubscriberIsDisconnectedOnceItStaysPastTheSoftLimit() {
    node = TestNode.start(dir);
    try (Jedis subscriber = client();
        Jedis publisher = client()) {
      assertEquals("OK", publisher.configSet("client-output-buffer-limit", "pubsub 512mb 1mb 1"));
      assertTrue(
          publisher
              .configGet("client-output-buffer-limit")
              .get("client-output-buffer-limit")
              .matches("normal \\d+ 0 0 slave .* pubsub 512mb 1mb 1"),
          "CONFIG SET changes only the class it names");
      // subscribes (reading the confirmation), then reads nothing more
      subscriber
          .getConnection()
          .executeCommand(
              new redis.clients.jedis.CommandArguments(
                      redis.clients.jedis.Protocol.Command.SUBSCRIBE)
                  .add("news"));
      waitFor(() -> publisher.pubsubNumSub("news").get("news") == 1L, "the subscription");
      byte[] message = new byte[100_000];
      long published = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (publisher.pubsubNumSub("news").get("news") == 1L) {
        assertTrue(System.nanoTime() < deadline, "the subscriber was never dropped");
        publisher.publish("news".getBytes(), message);
        published += message.length;
      }
      assertTrue(
          published < 512L << 20,
          "dropped by the soft limit, before the hard one: " + published + " bytes published");
      assertEquals(0L, publisher.publish("news", "after"));
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      java.util.concurrent.locks.LockSupport.parkNanos(
          1_000_000); // poll, leaving the cores to the node
    }
  }

  @Test
  void closingTheNodeStopsALongWalkWithinSeconds() throws Exception {
    node = TestNode.start(dir);
    try (Jedis j = client()) {
      Pipeline p = j.pipelined();
      for (int i = 0; i < 300_000; i++) {
        p.set("key" + i, "v");
      }
      p.sync();
    }
    Jedis walker = client();
    CompletableFuture<Object> keys =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return walker.keys("*" + "a*".repeat(30) + "b");
              } catch (RuntimeException e) {
                return e;
              }
            });
    RedisServer redis = (RedisServer) node.node.servers().get(RedisServer.PROTOCOL);
    waitFor(() -> redis.running("keys") > 0 || keys.isDone(), "KEYS to be running");
    assertTrue(!keys.isDone(), "KEYS ended before the node was closed: " + keys.getNow(null));
    TestNode n = node;
    node = null;
    assertTimeoutPreemptively(Duration.ofSeconds(60), n::close, "the node did not stop");
    keys.get(60, TimeUnit.SECONDS);
    walker.close();
  }

  private String exchange(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.redisPort())) {
      s.setSoTimeout(60_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      s.getInputStream().transferTo(got);
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
