package dev.orbit.node.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Connection limits with the reference systems' errors; storage keeps serving after a flood. */
class ConnectionLimitsIT {
  static final int PATIENCE = 30_000;

  @TempDir Path dir;

  static Connection pg(TestNode n) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "orbit");
    p.setProperty("password", "pw");
    p.setProperty("connectTimeout", "30");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + n.postgresPort() + "/orbit", p);
  }

  /** Waits until the node has seen closes down to {@code count} open connections. */
  static void awaitOpen(TestNode n, String listener, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (n.node.metrics().connections().open(listener) > count) {
      assertTrue(System.nanoTime() < deadline, listener + " connections never closed");
      Thread.sleep(10);
    }
  }

  @Test
  void postgresRefusesConnectionsBeyondMaxConnectionsWith53300() throws Exception {
    try (TestNode n =
            TestNode.start(dir, "auth.users.orbit=pw", "protocols.postgres.maxConnections=2");
        Connection a = pg(n);
        Connection b = pg(n)) {
      SQLException e = assertThrows(SQLException.class, () -> pg(n).close());
      assertEquals("53300", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("sorry, too many clients already"), e.getMessage());
      a.close();
      awaitOpen(n, "postgres", 1);
      try (Connection c = pg(n);
          Statement st = c.createStatement()) {
        assertTrue(st.execute("select 1"), "a slot freed by a close is usable again");
      }
      assertEquals(1, n.node.metrics().connections().droppedCount("postgres", "max_connections"));
    }
  }

  @Test
  void redisRefusesClientsBeyondMaxClientsWithItsError() throws Exception {
    try (TestNode n = TestNode.start(dir, "protocols.redis.maxClients=2");
        Jedis a = new Jedis("127.0.0.1", n.redisPort(), PATIENCE);
        Jedis b = new Jedis("127.0.0.1", n.redisPort(), PATIENCE)) {
      assertEquals("PONG", a.ping());
      assertEquals("PONG", b.ping());
      try (Socket c = Sockets.open(n.redisPort(), new byte[0])) {
        assertEquals("-ERR max number of clients reached\r\n", Sockets.readUntilClosed(c, 30));
      }
      a.close();
      awaitOpen(n, "redis", 1);
      try (Jedis c = new Jedis("127.0.0.1", n.redisPort(), PATIENCE)) {
        assertEquals("PONG", c.ping());
      }
    }
  }

  @Test
  void aFloodOfHalfSentStartupPacketsLeavesEveryProtocolServing() throws Exception {
    try (TestNode n =
        TestNode.start(
            dir,
            "auth.users.orbit=pw",
            "protocols.postgres.maxConnections=40",
            "protocols.redis.maxClients=40",
            // the flood is closed by this timeout, and the real clients after it must log in
            // within it too: on a loaded machine pgjdbc's SCRAM login took longer than 2 s
            "protocols.postgres.authenticationTimeout=10s",
            "protocols.redis.authenticationTimeout=10s")) {
      List<Socket> flood = new ArrayList<>();
      try {
        for (int i = 0; i < 300; i++) {
          flood.add(Sockets.open(n.postgresPort(), Sockets.halfStartupPacket()));
          flood.add(
              Sockets.open(n.redisPort(), "*2\r\n$3\r\nGET".getBytes(StandardCharsets.US_ASCII)));
        }
        // the flood holds every slot until the authentication timeout closes it
        for (Socket s : flood) {
          Sockets.readUntilClosed(s, 60);
        }
      } finally {
        for (Socket s : flood) {
          s.close();
        }
      }
      try (Jedis j = new Jedis("127.0.0.1", n.redisPort(), PATIENCE);
          Connection c = pg(n);
          Statement st = c.createStatement()) {
        j.auth("pw"); // with auth.users set, Redis asks for AUTH (as the orbit user)
        for (int i = 0; i < 1000; i++) {
          j.set("after-flood-" + i, "v" + i);
        }
        assertEquals("v999", j.get("after-flood-999"));
        st.execute("create table t (id int primary key, v text)");
        assertEquals(1, st.executeUpdate("insert into t values (1, 'written after the flood')"));
      }
      assertTrue(
          n.node.metrics().connections().droppedCount("postgres", "max_connections") > 0,
          "the flood went past the limit");
      assertTrue(
          n.node.metrics().connections().droppedCount("redis", "authentication_timeout") > 0);
    }
  }
}
