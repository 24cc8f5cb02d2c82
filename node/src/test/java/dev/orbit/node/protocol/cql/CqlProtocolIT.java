package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.orbit.node.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CQL port against bad frames and with compression. */
class CqlProtocolIT {
  @TempDir Path dir;

  /** Sends {@code bytes} on a new connection; returns all it reads until the server closes it. */
  private static byte[] sendAndReadToClose(int port, byte[] bytes) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port));
      s.setSoTimeout(120_000); // generous: the test waits for the close, not a timeout
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static int errorCode(byte[] frame) {
    // v4 response header: version, flags, stream(2), opcode, length(4); ERROR body starts with code
    assertTrue(frame.length >= 13, "an error frame, got " + frame.length + " bytes");
    assertEquals(0x00, frame[4], "ERROR opcode");
    return ByteBuffer.wrap(frame, 9, 4).getInt();
  }

  @Test
  void malformedFramesGetAProtocolErrorAndCloseOnlyTheirConnection() throws Exception {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession good = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(good, "ks");
      good.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)");
      good.execute("INSERT INTO ks.t (k, v) VALUES (1, 'kept')");
      int port = n.node.port("cql");

      // unknown opcode 0x7F
      byte[] unknownOpcode = {0x04, 0, 0, 1, 0x7F, 0, 0, 0, 0};
      assertEquals(0x000A, errorCode(sendAndReadToClose(port, unknownOpcode)));
      // a body longer than the frame limit
      byte[] tooLong = {0x04, 0, 0, 1, 0x05, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
      assertEquals(0x000A, errorCode(sendAndReadToClose(port, tooLong)));
      // a QUERY whose string length runs past the body
      byte[] truncated = {0x04, 0, 0, 1, 0x07, 0, 0, 0, 4, 0, 0, 0x10, 0};
      assertEquals(0x000A, errorCode(sendAndReadToClose(port, truncated)));

      Row r = good.execute("SELECT v FROM ks.t WHERE k = 1").one();
      assertEquals("kept", r.getString("v"));
    }
  }

  @Test
  void driverWithLz4CompressionReadsAndWritesLargeValues() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s =
            CqlSession.builder()
                .addContactPoint(new InetSocketAddress("127.0.0.1", n.node.port("cql")))
                .withLocalDatacenter("datacenter1")
                .withAuthCredentials("orbit", "secret")
                .withConfigLoader(
                    DriverConfigLoader.programmaticBuilder()
                        .withString(DefaultDriverOption.PROTOCOL_COMPRESSION, "lz4")
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofMinutes(2))
                        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                        .build())
                .build()) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)");
      String big = "orbit ".repeat(100_000); // 600 kB: several v5 segments, compressible
      for (int k = 0; k < 20; k++) {
        s.execute("INSERT INTO ks.t (k, v) VALUES (?, ?)", k, big + k);
      }
      List<Row> rows = s.execute("SELECT k, v FROM ks.t").all();
      assertEquals(20, rows.size());
      for (Row r : rows) {
        assertEquals(big + r.getInt("k"), r.getString("v"));
      }
    }
  }
}
