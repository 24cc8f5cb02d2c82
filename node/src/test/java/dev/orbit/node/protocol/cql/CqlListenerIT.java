package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import dev.orbit.node.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CQL listener's connection limit and timeouts, as the other protocols' listeners have. */
class CqlListenerIT {
  private static final int PATIENCE_SECONDS = 120;

  @TempDir Path dir;

  private static final byte[] OPTIONS = {0x04, 0, 0, 1, 0x05, 0, 0, 0, 0};

  /** STARTUP v4 with {CQL_VERSION: 3.0.0}. */
  private static byte[] startup() {
    ByteBuffer b = ByteBuffer.allocate(9 + 22);
    b.put(new byte[] {0x04, 0, 0, 2, 0x01, 0, 0, 0, 22});
    b.putShort((short) 1).putShort((short) 11).put("CQL_VERSION".getBytes(StandardCharsets.UTF_8));
    b.putShort((short) 5).put("3.0.0".getBytes(StandardCharsets.UTF_8));
    return b.array();
  }

  private static Socket open(TestNode n) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", n.node.port("cql")));
    s.setSoTimeout(PATIENCE_SECONDS * 1000);
    return s;
  }

  /** Sends {@code request} and reads one response frame: its opcode and body. */
  private static Response call(Socket s, byte[] request) throws IOException {
    s.getOutputStream().write(request);
    s.getOutputStream().flush();
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] header = new byte[9];
    in.readFully(header);
    byte[] body = new byte[ByteBuffer.wrap(header, 5, 4).getInt()];
    in.readFully(body);
    return new Response(header[0] & 0xFF, header[4], body);
  }

  record Response(int version, int opcode, byte[] body) {
    int errorCode() {
      assertEquals(0x00, opcode, "an ERROR frame");
      return ByteBuffer.wrap(body).getInt();
    }

    String errorMessage() {
      int len = ByteBuffer.wrap(body, 4, 2).getShort();
      return new String(body, 6, len, StandardCharsets.UTF_8);
    }
  }

  /** Blocks until the server closes {@code s}; fails if it stays open past the patience. */
  private static void awaitClosed(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int r; (r = in.read(buf)) >= 0; ) {
        got.write(buf, 0, r);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + PATIENCE_SECONDS + " s; got " + got, e);
    } catch (SocketException e) {
      // reset by the server as it closed
    }
  }

  private static void awaitOpen(TestNode n, int count) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE_SECONDS * 1_000_000_000L;
    while (n.node.metrics().connections().open("cql") > count) {
      assertTrue(System.nanoTime() < deadline, "cql connections never closed");
      Thread.sleep(10);
    }
  }

  @Test
  void connectionsBeyondMaxConnectionsGetAnOverloadedErrorNamingTheLimit() throws Exception {
    try (TestNode n = CqlFixture.start(dir, "protocols.cql.maxConnections=2")) {
      try (Socket a = open(n);
          Socket b = open(n)) {
        assertEquals(0x06, call(a, OPTIONS).opcode(), "SUPPORTED");
        assertEquals(0x06, call(b, OPTIONS).opcode(), "SUPPORTED");
        try (Socket c = open(n)) {
          Response r = call(c, OPTIONS);
          assertEquals(0x84, r.version(), "a v4 response: the version the client asked for");
          assertEquals(0x1001, r.errorCode(), "OVERLOADED");
          assertTrue(r.errorMessage().contains("protocols.cql.maxConnections"), r.errorMessage());
          awaitClosed(c);
        }
        AllNodesFailedException e =
            assertThrows(AllNodesFailedException.class, () -> CqlFixture.connect(n).close());
        assertTrue(e.getMessage().contains("Too many connections"), e.getMessage());
      }
      awaitOpen(n, 0);
      try (CqlSession s = CqlFixture.connect(n)) {
        assertEquals(
            "Orbit", s.execute("SELECT cluster_name FROM system.local").one().getString(0));
      }
      assertTrue(n.node.metrics().connections().droppedCount("cql", "max_connections") >= 2);
      StringBuilder metrics = new StringBuilder();
      n.node.watchdog().render(metrics);
      assertTrue(
          metrics.toString().contains("loop=\"cql-io-0\""), "the watchdog watches cql's loops");
    }
  }

  @Test
  void aConnectionThatDoesNotLogInWithinAuthenticationTimeoutIsClosed() throws Exception {
    try (TestNode n = CqlFixture.start(dir, "protocols.cql.authenticationTimeout=5s");
        CqlSession logged = CqlFixture.connect(n)) {
      try (Socket s = open(n)) {
        assertEquals(0x06, call(s, OPTIONS).opcode());
        assertEquals(0x03, call(s, startup()).opcode(), "AUTHENTICATE, then nothing more");
        awaitClosed(s);
      }
      assertEquals(1, n.node.metrics().connections().droppedCount("cql", "authentication_timeout"));
      // the driver's connections are older than the timeout and logged in: still served
      assertEquals(
          "Orbit", logged.execute("SELECT cluster_name FROM system.local").one().getString(0));
    }
  }

  @Test
  void aFrameTrickledSlowerThanFrameTimeoutClosesOnlyItsConnection() throws Exception {
    try (TestNode n = CqlFixture.startTrusting(dir, "protocols.cql.frameTimeout=1s");
        CqlSession other = CqlFixture.connect(n, "orbit", "any")) {
      try (Socket s = open(n)) {
        assertEquals(0x02, call(s, startup()).opcode(), "READY");
        s.getOutputStream().write(new byte[] {0x04, 0, 0, 3, 0x07}); // half a QUERY header
        s.getOutputStream().flush();
        awaitClosed(s);
      }
      assertEquals(1, n.node.metrics().connections().droppedCount("cql", "frame_timeout"));
      assertEquals(
          "Orbit", other.execute("SELECT cluster_name FROM system.local").one().getString(0));
    }
  }

  @Test
  void idleTimeoutClosesAnIdleConnection() throws Exception {
    try (TestNode n = CqlFixture.startTrusting(dir, "protocols.cql.idleTimeout=1s")) {
      try (Socket s = open(n)) {
        assertEquals(0x02, call(s, startup()).opcode(), "READY");
        awaitClosed(s);
      }
      assertEquals(1, n.node.metrics().connections().droppedCount("cql", "idle_timeout"));
    }
  }
}
