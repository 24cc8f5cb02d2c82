package dev.orbit.node.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Raw sockets for tests that must send exactly what a misbehaving client sends. */
final class Sockets {
  private Sockets() {}

  static Socket open(int port, byte[] first) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    if (first.length > 0) {
      s.getOutputStream().write(first);
      s.getOutputStream().flush();
    }
    return s;
  }

  /**
   * What the server sends until it closes {@code s}; fails if it is still open after {@code
   * seconds} (generous: the test waits for the close, not for a time).
   */
  static String readUntilClosed(Socket s, int seconds) throws IOException {
    s.setSoTimeout(seconds * 1000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + seconds + " s; got: " + out, e);
    } catch (SocketException e) {
      // reset by the server after its answer
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** The first 4 bytes of a startup packet: its length, and nothing of the packet itself. */
  static byte[] halfStartupPacket() {
    return new byte[] {0, 0, 0, 40};
  }
}
