package dev.orbit.node.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A client that pipelines many reads of a large value and does not read the replies: the node makes
 * only a bounded part of them ahead of the client (not the whole pipeline batch, which filled the
 * heap), and once the client reads, every reply comes, in order.
 */
class RedisUnreadRepliesIT {
  private static final int VALUE = 1 << 20;
  private static final int GETS = 200;

  @TempDir Path dir;
  TestNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aClientThatPipelinesLargeGetsAndReadsNothingHoldsFewRepliesThenGetsThemAllInOrder()
      throws Exception {
    node = TestNode.start(dir);
    byte[] big = new byte[VALUE];
    Arrays.fill(big, (byte) 'b');
    try (Jedis other = new Jedis("127.0.0.1", node.redisPort(), 600_000);
        Socket slow = new Socket("127.0.0.1", node.redisPort())) {
      other.set("big".getBytes(), big);
      slow.setSoTimeout(600_000);
      ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
      pipeline.writeBytes(command("CLIENT", "SETNAME", "slow"));
      for (int i = 0; i < GETS; i++) { // writes between the reads: a batch cut short keeps order
        pipeline.writeBytes(command("GET", "big"));
        pipeline.writeBytes(command("INCR", "n"));
      }
      slow.getOutputStream().write(pipeline.toByteArray());
      slow.getOutputStream().flush();

      LongSupplier omem = () -> omem(other.clientList(), "slow");
      waitFor(() -> omem.getAsLong() > 1 << 20, "the slow client's replies to back up");
      long held = omem.getAsLong();
      assertTrue(
          held < 64L << 20,
          "unread replies held for a client that reads nothing: "
              + held
              + " bytes, of "
              + (long) GETS * VALUE);
      assertEquals(VALUE, other.strlen("big"), "others are served meanwhile");

      DataInputStream in = new DataInputStream(new BufferedInputStream(slow.getInputStream()));
      assertEquals("+OK", line(in));
      for (int i = 1; i <= GETS; i++) {
        assertEquals("$" + VALUE, line(in), "reply to GET " + i);
        byte[] got = new byte[VALUE];
        in.readFully(got);
        assertArrayEquals(big, got, "GET " + i);
        assertEquals("", line(in));
        assertEquals(":" + i, line(in), "reply to INCR " + i);
      }
      assertEquals(String.valueOf(GETS), other.get("n"));
    }
  }

  private static byte[] command(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String line(DataInputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\r'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed after '" + sb + "'");
      }
      sb.append((char) c);
    }
    assertEquals('\n', in.read());
    return sb.toString();
  }

  /** The omem field of the client named {@code name} in CLIENT LIST output (0 if absent). */
  static long omem(String clientList, String name) {
    for (String l : clientList.split("\n")) {
      if (l.contains(" name=" + name + " ")) {
        for (String field : l.trim().split(" ")) {
          if (field.startsWith("omem=")) {
            return Long.parseLong(field.substring(5));
          }
        }
      }
    }
    return 0;
  }

  private static void waitFor(java.util.function.BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      LockSupport.parkNanos(10_000_000);
    }
  }
}
