package dev.orbit.node.protocol.pg;

import static dev.orbit.node.protocol.pg.PgFixture.connect;
import static dev.orbit.node.protocol.pg.PgFixture.one;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.node.TestNode;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed input closes only the connection that sent it. */
class PgBadInputIT {
  @TempDir static Path dir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = PgFixture.start(dir, "auth.method=trust");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /**
   * Reads until the server closes the socket; returns the bytes seen. A server that closes with
   * bytes of ours still unread resets the connection: that is a close too.
   */
  private static int drainUntilClosed(Socket s) throws Exception {
    s.setSoTimeout(60_000);
    InputStream in = s.getInputStream();
    int n = 0;
    try {
      while (in.read() >= 0) {
        n++;
      }
    } catch (java.net.SocketException reset) {
      // closed with our unread bytes in its buffer
    }
    return n;
  }

  @Test
  void randomBytesAndBadLengthsCloseOnlyThatConnection() throws Exception {
    try (Connection good = connect(node);
        Statement st = good.createStatement()) {
      byte[] junk = new byte[512];
      new Random(42).nextBytes(junk);
      try (Socket s = new Socket("127.0.0.1", node.postgresPort())) {
        s.getOutputStream().write(junk);
        drainUntilClosed(s);
      }
      try (Socket s = new Socket("127.0.0.1", node.postgresPort())) {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(2);
        out.writeInt(196608);
        out.flush();
        drainUntilClosed(s);
      }
      try (Socket s = new Socket("127.0.0.1", node.postgresPort())) {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        byte[] params = "user\0orbit\0database\0orbit\0\0".getBytes();
        out.writeInt(8 + params.length);
        out.writeInt(196608);
        out.write(params);
        out.writeByte('Q');
        out.writeInt(-5);
        out.flush();
        drainUntilClosed(s);
      }
      try (Socket s = new Socket("127.0.0.1", node.postgresPort())) {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        byte[] params = "user\0orbit\0database\0orbit\0\0".getBytes();
        out.writeInt(8 + params.length);
        out.writeInt(196608);
        out.write(params);
        out.writeByte('B');
        out.writeInt(6);
        out.writeShort(7);
        out.writeByte('S');
        out.writeInt(4);
        out.flush();
        drainUntilClosed(s);
      }
      assertEquals("1", one(st, "select 1"));
    }
  }

  @Test
  void sslAndGssEncRequestsAreAnsweredN() throws Exception {
    for (int code : new int[] {80877103, 80877104}) {
      try (Socket s = new Socket("127.0.0.1", node.postgresPort())) {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(8);
        out.writeInt(code);
        out.flush();
        s.setSoTimeout(5000);
        assertEquals('N', s.getInputStream().read());
      }
    }
  }
}
