package dev.orbit.node.protocol.resp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A RESP2 reply, encoded by {@link #writeTo}. */
public sealed interface Reply {
  Reply OK = new Simple("OK");
  Reply PONG = new Simple("PONG");
  Reply NIL = new Bulk(null);
  Reply ZERO = new Int(0);
  Reply ONE = new Int(1);

  void writeTo(ByteBuf out);

  static Reply error(String message) {
    return new Error(message);
  }

  static Reply bulk(byte[] b) {
    return new Bulk(b);
  }

  static Reply bulk(String s) {
    return new Bulk(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
  }

  static Reply integer(long n) {
    return new Int(n);
  }

  /** {@code +text} */
  record Simple(String text) implements Reply {
    @Override
    public void writeTo(ByteBuf out) {
      if (this == OK) {
        out.writeBytes(OK_LINE);
        return;
      }
      out.writeByte('+').writeCharSequence(text, StandardCharsets.UTF_8);
      crlf(out);
    }
  }

  /** {@code -message}; the message starts with its error code, e.g. {@code ERR ...}. */
  record Error(String message) implements Reply {
    @Override
    public void writeTo(ByteBuf out) {
      out.writeByte('-')
          .writeCharSequence(message.replace("\r", " ").replace("\n", " "), StandardCharsets.UTF_8);
      crlf(out);
    }
  }

  /** {@code :n} */
  record Int(long value) implements Reply {
    @Override
    public void writeTo(ByteBuf out) {
      out.writeByte(':');
      number(out, value);
      crlf(out);
    }
  }

  /** {@code $len data}, or the nil bulk string when {@code data} is null. */
  record Bulk(byte[] data) implements Reply {
    @Override
    public void writeTo(ByteBuf out) {
      if (data == null) {
        out.writeBytes(NIL_BULK);
        return;
      }
      out.writeByte('$');
      number(out, data.length);
      crlf(out);
      out.writeBytes(data);
      crlf(out);
    }
  }

  /** {@code *n items}, or the nil array when {@code items} is null. */
  record Array(List<Reply> items) implements Reply {
    @Override
    public void writeTo(ByteBuf out) {
      if (items == null) {
        out.writeBytes(NIL_ARR);
        return;
      }
      out.writeByte('*');
      number(out, items.size());
      crlf(out);
      for (Reply r : items) {
        r.writeTo(out);
      }
    }
  }

  byte[] NIL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
  byte[] OK_LINE = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
  byte[] NIL_ARR = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);

  /** Writes {@code v} in decimal ASCII without making a String. */
  private static void number(ByteBuf out, long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        out.writeCharSequence(Long.toString(v), StandardCharsets.US_ASCII);
        return;
      }
      out.writeByte('-');
      v = -v;
    }
    long div = 1;
    while (div <= v / 10) {
      div *= 10;
    }
    for (; div > 0; div /= 10) {
      out.writeByte((int) ('0' + (v / div) % 10));
    }
  }

  private static void crlf(ByteBuf out) {
    out.writeByte('\r').writeByte('\n');
  }
}
