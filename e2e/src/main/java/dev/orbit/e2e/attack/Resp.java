package dev.orbit.e2e.attack;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A bare RESP2 client: exact bytes out, one reply in, nothing hidden (no retries, no pool). */
final class Resp implements Closeable {
  /** An error reply ({@code -ERR ...}). */
  record Error(String text) {}

  final Socket socket;
  private final BufferedInputStream in;
  private final OutputStream out;

  Resp(int port, int timeoutMillis) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    out = socket.getOutputStream();
  }

  static byte[] command(String... args) {
    byte[][] parts = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      parts[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return command(parts);
  }

  static byte[] command(byte[]... args) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] a : args) {
      b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(a);
      b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return b.toByteArray();
  }

  Object call(String... args) throws IOException {
    send(command(args));
    return read();
  }

  void send(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
  }

  Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by the server");
    }
    String line = line();
    return switch (type) {
      case '+' -> line;
      case '-' -> new Error(line);
      case ':' -> Long.parseLong(line);
      case '$' -> {
        int n = Integer.parseInt(line);
        if (n < 0) {
          yield null;
        }
        byte[] v = in.readNBytes(n);
        in.readNBytes(2);
        yield v;
      }
      case '*' -> {
        int n = Integer.parseInt(line);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(read());
        }
        yield items;
      }
      default -> throw new IOException("not a RESP reply: " + (char) type + line);
    };
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c; (c = in.read()) != '\r'; ) {
      if (c < 0) {
        throw new EOFException("connection closed by the server");
      }
      sb.append((char) c);
    }
    in.read();
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
