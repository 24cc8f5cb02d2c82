package dev.orbit.node.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Large values received in pieces: stored whole and in order by the commands that store strings,
 * joined for every other command, and nothing at all when the client goes away mid-request.
 */
class RedisLargeValueIT {
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

  /** Bytes that differ from piece to piece, so a piece out of order or lost shows. */
  private static byte[] pattern(int len, int seed) {
    byte[] v = new byte[len];
    for (int i = 0; i < len; i++) {
      v[i] = (byte) (i * 31 + i / 4099 + seed);
    }
    return v;
  }

  @Test
  void largeValuesAreStoredWholeBySetSetexMsetAndReadBackByEveryCommand() {
    node = TestNode.start(dir);
    byte[] a = pattern((3 << 20) + 777, 1);
    byte[] b = pattern((2 << 20) + 5, 2);
    try (Jedis j = client()) {
      assertEquals("OK", j.set("a".getBytes(), a));
      assertArrayEquals(a, j.get("a".getBytes()));
      assertEquals("OK", j.setex("e".getBytes(), 1000, a));
      assertArrayEquals(a, j.get("e".getBytes()));
      assertTrue(j.ttl("e") > 0);
      assertEquals("OK", j.mset("b".getBytes(), b, "s".getBytes(), "small".getBytes()));
      assertArrayEquals(b, j.get("b".getBytes()));
      assertEquals("small", j.get("s"));
      // SET … GET answers the old large value and stores the new one whole
      assertArrayEquals(a, j.setGet("a".getBytes(), b));
      assertArrayEquals(b, j.get("a".getBytes()));
      // a command that does not store a string gets the value joined
      assertEquals(b.length + a.length, j.append("b".getBytes(), a));
      byte[] both = new byte[b.length + a.length];
      System.arraycopy(b, 0, both, 0, b.length);
      System.arraycopy(a, 0, both, b.length, a.length);
      assertArrayEquals(both, j.get("b".getBytes()));
      assertEquals(1, j.rpush("l".getBytes(), a));
      assertArrayEquals(a, j.lindex("l".getBytes(), 0));
      assertEquals(5, j.dbSize());
    }
  }

  @Test
  void aClientThatLeavesMidValueStoresNothing() throws Exception {
    node = TestNode.start(dir);
    int len = 12 << 20;
    try (Jedis j = client()) {
      leaveMidRequest("*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$" + len + "\r\n", len / 2);
      assertFalse(j.exists("half"), "nothing of a value cut short is stored");
      // the value is whole but the command is not: still nothing
      byte[] v = pattern(len, 3);
      leaveMidRequest("*5\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$" + len + "\r\n", len, "\r\n$2\r\nEX\r\n");
      assertFalse(j.exists("half"));
      assertEquals(0, j.dbSize());
      assertEquals("OK", j.set("half".getBytes(), v), "the key takes a whole value after");
      assertArrayEquals(v, j.get("half".getBytes()));
    }
  }

  @Test
  void otherClientsAreAnsweredWhileALargeSetIsBeingStored() throws Exception {
    node = TestNode.start(dir);
    java.util.concurrent.CountDownLatch storing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
    // the large SET's store pauses after its second chunk entry: it is in the log, half stored
    node.node
        .storage()
        .store("redis")
        .setLoadHook(
            chunks -> {
              if (chunks == 2) {
                storing.countDown();
                try {
                  resume.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    byte[] big = pattern(40 << 20, 5);
    java.util.concurrent.ExecutorService setter =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try (Jedis other = client()) {
      java.util.concurrent.Future<String> set =
          setter.submit(
              () -> {
                try (Jedis j = client()) {
                  return j.set("big".getBytes(), big);
                }
              });
      assertTrue(storing.await(5, TimeUnit.MINUTES), "the large SET started storing");
      // writes and reads of other keys, also in a pipeline, go on meanwhile
      assertEquals("OK", other.set("small", "v"));
      assertEquals("v", other.get("small"));
      assertEquals(1, other.incr("counter"));
      assertEquals(3, other.rpush("list", "a", "b", "c"));
      // (a command on the key itself would wait for the SET, as in Redis)
      assertEquals(3, other.dbSize(), "nothing of the large value is visible yet");
      assertFalse(set.isDone(), "the large SET is still in progress");
      resume.countDown();
      assertEquals("OK", set.get(5, TimeUnit.MINUTES));
      assertArrayEquals(big, other.get("big".getBytes()));
      assertEquals("v", other.get("small"));
      assertEquals(4, other.dbSize());
    } finally {
      resume.countDown();
      setter.shutdownNow();
    }
  }

  @Test
  void otherClientsAreAnsweredWhileALargeValueIsBeingReceived() throws Exception {
    node = TestNode.start(dir);
    int len = 24 << 20;
    byte[] v = pattern(len, 6);
    try (Socket s = new Socket("127.0.0.1", node.redisPort());
        Jedis other = client()) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(ascii("*3\r\n$3\r\nSET\r\n$4\r\nslow\r\n$" + len + "\r\n"));
      out.write(v, 0, len / 2);
      out.flush();
      // half of the value is on its way: another client is served meanwhile
      assertEquals("OK", other.set("small", "v"));
      assertEquals("v", other.get("small"));
      assertFalse(other.exists("slow"));
      out.write(v, len / 2, len - len / 2);
      out.write(ascii("\r\n"));
      out.flush();
      assertEquals("+OK\r\n", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
      assertArrayEquals(v, other.get("slow".getBytes()));
    }
  }

  /**
   * Names a raw connection, sends {@code head}, {@code n} bytes of value and {@code tail}, then
   * closes it, and waits until the node has dropped it (it has read all that came before).
   */
  private void leaveMidRequest(String head, int n, String... tail) throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.redisPort());
        Jedis other = client()) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(ascii("*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$7\r\nleaving\r\n"));
      out.flush();
      assertEquals("+OK\r\n", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
      out.write(ascii(head));
      out.write(pattern(n, 4));
      for (String t : tail) {
        out.write(ascii(t));
      }
      out.flush();
      waitFor(() -> other.clientList().contains("name=leaving"), "the client to be listed");
      s.close();
      waitFor(() -> !other.clientList().contains("name=leaving"), "the client to be dropped");
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void waitFor(java.util.function.BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.onSpinWait();
    }
  }
}
