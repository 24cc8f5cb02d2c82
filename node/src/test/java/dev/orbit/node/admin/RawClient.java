package dev.orbit.node.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A socket that sends exactly the bytes a test gives it: half requests, stalled bodies. */
final class RawClient implements AutoCloseable {
  final Socket socket;

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
  }

  RawClient send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** Everything the server sends until it closes the connection (at most {@code seconds}). */
  String readUntilClosed(int seconds) throws IOException {
    socket.setSoTimeout(seconds * 1000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "the server kept the connection open for " + seconds + " s; got: " + out, e);
    } catch (java.net.SocketException e) {
      // reset after the answer: what was read is what counts
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
