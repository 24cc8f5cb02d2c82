package dev.orbit.node.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Authentication, partial-frame and idle timeouts close only the connections that earn it. */
class ConnectionTimeoutsIT {
  static final int PATIENCE = 30_000;

  @TempDir Path dir;

  @Test
  void postgresClosesConnectionsThatDoNotLogInWithinAuthenticationTimeout() throws Exception {
    try (TestNode n =
            TestNode.start(
                dir,
                "auth.method=trust",
                // long enough for a login on a cold, loaded machine; the half packet waits it out
                "protocols.postgres.authenticationTimeout=5s");
        Connection loggedIn = ConnectionLimitsIT.pg(n);
        Socket half = Sockets.open(n.postgresPort(), Sockets.halfStartupPacket())) {
      assertEquals("", Sockets.readUntilClosed(half, 30));
      try (Statement st = loggedIn.createStatement()) {
        assertTrue(st.execute("select 1"), "a logged-in connection outlives the timeout");
      }
      assertEquals(
          1, n.node.metrics().connections().droppedCount("postgres", "authentication_timeout"));
    }
  }

  @Test
  void redisClosesAConnectionThatSendsNoCompleteCommandInTime() throws Exception {
    try (TestNode n = TestNode.start(dir, "protocols.redis.authenticationTimeout=1s");
        Jedis j = new Jedis("127.0.0.1", n.redisPort(), PATIENCE);
        Socket silent = Sockets.open(n.redisPort(), new byte[0])) {
      assertEquals("PONG", j.ping());
      assertEquals("", Sockets.readUntilClosed(silent, 30));
      assertEquals("PONG", j.ping(), "a client that sent a command stays");
    }
  }

  @Test
  void aCommandTrickledSlowerThanFrameTimeoutClosesItsConnection() throws Exception {
    try (TestNode n = TestNode.start(dir, "protocols.redis.frameTimeout=1s");
        Jedis j = new Jedis("127.0.0.1", n.redisPort(), PATIENCE);
        Socket partial =
            Sockets.open(
                n.redisPort(),
                "PING\r\n*2\r\n$3\r\nGET\r\n$1".getBytes(StandardCharsets.US_ASCII))) {
      assertEquals("+PONG\r\n", Sockets.readUntilClosed(partial, 30));
      assertEquals(1, n.node.metrics().connections().droppedCount("redis", "frame_timeout"));
      assertEquals("PONG", j.ping(), "an idle client between commands is not affected");
    }
  }

  @Test
  void aLargeCommandThatKeepsArrivingIsNotCutOffByFrameTimeout() throws Exception {
    try (TestNode n = TestNode.start(dir, "protocols.redis.frameTimeout=2s");
        Socket s = Sockets.open(n.redisPort(), "PING\r\n".getBytes(StandardCharsets.US_ASCII))) {
      int size = 4 << 20;
      s.getOutputStream()
          .write(
              ("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + size + "\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] mib = new byte[1 << 20];
      java.util.Arrays.fill(mib, (byte) 'x');
      for (int i = 0; i < 4; i++) { // 4 s in all, each MiB well within the 2 s
        s.getOutputStream().write(mib);
        s.getOutputStream().flush();
        Thread.sleep(1000);
      }
      s.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.setSoTimeout(60_000);
      byte[] answer = s.getInputStream().readNBytes("+PONG\r\n+OK\r\n".length());
      assertEquals("+PONG\r\n+OK\r\n", new String(answer, StandardCharsets.US_ASCII));
      assertEquals(0, n.node.metrics().connections().droppedCount("redis", "frame_timeout"));
    }
  }

  @Test
  void redisTimeoutClosesIdleClientsOnly() throws Exception {
    try (TestNode n = TestNode.start(dir, "protocols.redis.timeout=1s");
        Jedis idle = new Jedis("127.0.0.1", n.redisPort(), PATIENCE);
        Socket probe =
            Sockets.open(n.redisPort(), "PING\r\n".getBytes(StandardCharsets.US_ASCII))) {
      assertEquals("PONG", idle.ping());
      assertEquals("+PONG\r\n", Sockets.readUntilClosed(probe, 30));
      // the Jedis client, idle about as long, is closed too
      ConnectionLimitsIT.awaitOpen(n, "redis", 0);
      assertThrows(JedisConnectionException.class, idle::ping);
      assertEquals(2, n.node.metrics().connections().droppedCount("redis", "idle_timeout"));
    }
  }
}
