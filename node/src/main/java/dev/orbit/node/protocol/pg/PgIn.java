package dev.orbit.node.protocol.pg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads the fields of a frontend message body; malformed bodies throw {@link Malformed}. */
final class PgIn {
  /** The message does not follow its format; the connection is closed. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private final ByteBuffer b;

  PgIn(byte[] body) {
    this.b = ByteBuffer.wrap(body);
  }

  int int16() {
    need(2);
    return b.getShort();
  }

  int int32() {
    need(4);
    return b.getInt();
  }

  int int8() {
    need(1);
    return b.get();
  }

  byte[] bytes(int n) {
    if (n < 0) {
      throw new Malformed("negative length " + n);
    }
    need(n);
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  String cstring() {
    int start = b.position();
    for (int i = start; i < b.limit(); i++) {
      if (b.get(i) == 0) {
        String s = new String(b.array(), start, i - start, StandardCharsets.UTF_8);
        b.position(i + 1);
        return s;
      }
    }
    throw new Malformed("unterminated string");
  }

  boolean hasMore() {
    return b.hasRemaining();
  }

  byte[] rest() {
    return bytes(b.remaining());
  }

  private void need(int n) {
    if (b.remaining() < n) {
      throw new Malformed("message too short");
    }
  }
}
