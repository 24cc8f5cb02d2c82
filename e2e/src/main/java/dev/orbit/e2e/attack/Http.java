package dev.orbit.e2e.attack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 request on a connection of its own, as a kubelet probe makes it. */
final class Http {
  private Http() {}

  /** The status line's code and the body of {@code GET path}. */
  static String[] get(int port, String path, String token, int timeoutMillis) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      String auth = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: orbit\r\n" + auth + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!all.startsWith("HTTP/1.1 ")) {
        throw new IOException("no HTTP answer: " + all);
      }
      int body = all.indexOf("\r\n\r\n");
      return new String[] {all.substring(9, 12), body < 0 ? "" : all.substring(body + 4)};
    }
  }
}
