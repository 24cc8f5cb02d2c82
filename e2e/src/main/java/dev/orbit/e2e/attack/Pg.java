package dev.orbit.e2e.attack;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A bare PostgreSQL v3 client for trust logins and simple queries, rows as text. */
final class Pg implements Closeable {
  /** An ErrorResponse: SQLSTATE and message. */
  static final class Failure extends IOException {
    final String code;

    Failure(String code, String message) {
      super(code + " " + message);
      this.code = code;
    }
  }

  final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  Pg(int port, int timeoutMillis) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    out = socket.getOutputStream();
    out.write(startupPacket("orbit", "orbit"));
    out.flush();
    untilReady(null);
  }

  static byte[] startupPacket(String user, String db) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String s : new String[] {"user", user, "database", db, ""}) {
      body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      body.write(0);
    }
    ByteBuffer b = ByteBuffer.allocate(8 + body.size());
    b.putInt(8 + body.size()).putInt(196608).put(body.toByteArray());
    return b.array();
  }

  /** Runs {@code sql} as one simple query; the rows of its last result. */
  List<List<String>> query(String sql) throws IOException {
    byte[] text = sql.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(5 + text.length + 1);
    b.put((byte) 'Q').putInt(4 + text.length + 1).put(text).put((byte) 0);
    out.write(b.array());
    out.flush();
    List<List<String>> rows = new ArrayList<>();
    untilReady(rows);
    return rows;
  }

  /** Runs {@code sql} and drops its rows unread; the bytes of the rows. */
  long queryDiscarding(String sql) throws IOException {
    byte[] text = sql.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(5 + text.length + 1);
    b.put((byte) 'Q').putInt(4 + text.length + 1).put(text).put((byte) 0);
    out.write(b.array());
    out.flush();
    long bytes = 0;
    Failure failure = null;
    while (true) {
      char type = (char) in.readUnsignedByte();
      int len = in.readInt() - 4;
      if (type == 'E') {
        byte[] body = new byte[len];
        in.readFully(body);
        failure = failure(body);
      } else if (type == 'Z') {
        in.skipNBytes(len);
        if (failure != null) {
          throw failure;
        }
        return bytes;
      } else {
        in.skipNBytes(len);
        bytes += type == 'D' ? len : 0;
      }
    }
  }

  private void untilReady(List<List<String>> rows) throws IOException {
    Failure failure = null;
    while (true) {
      char type = (char) in.readUnsignedByte();
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      ByteBuffer m = ByteBuffer.wrap(body);
      switch (type) {
        case 'R' -> {
          if (m.getInt() != 0) {
            throw new IOException("the attack client logs in with auth.method=trust only");
          }
        }
        case 'T' -> {
          if (rows != null) {
            rows.clear();
          }
        }
        case 'D' -> {
          List<String> row = new ArrayList<>();
          for (int i = m.getShort(); i > 0; i--) {
            int n = m.getInt();
            row.add(n < 0 ? null : new String(body, m.position(), n, StandardCharsets.UTF_8));
            m.position(m.position() + Math.max(n, 0));
          }
          rows.add(row);
        }
        case 'E' -> failure = failure(body);
        case 'Z' -> {
          if (failure != null) {
            throw failure;
          }
          return;
        }
        default -> {} // S, K, C, N, I, 1, 2 ...
      }
    }
  }

  private static Failure failure(byte[] body) {
    String code = "?";
    String message = "";
    int i = 0;
    while (i < body.length && body[i] != 0) {
      char field = (char) body[i++];
      int end = i;
      while (body[end] != 0) {
        end++;
      }
      String v = new String(body, i, end - i, StandardCharsets.UTF_8);
      if (field == 'C') {
        code = v;
      } else if (field == 'M') {
        message = v;
      }
      i = end + 1;
    }
    return new Failure(code, message);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
