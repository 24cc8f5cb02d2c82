package dev.orbit.node.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes RESP2 requests: multi-bulk arrays of bulk strings ({@code
 * *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline commands ({@code PING\r\n}). Emits one {@link
 * Requests} per read with a {@code List<byte[]>} per command (one message through the pipeline for
 * a whole client pipeline); a malformed frame ends it with a {@link ProtocolError} and everything
 * after it on the connection is dropped.
 *
 * <p>The readable bytes are copied once into an array and parsed from there (byte-at-a-time reads
 * through a ByteBuf cost more than the copy). When a frame is incomplete the decoder remembers how
 * many bytes it needs at least and does not look again before they are there, so a large value
 * arriving in many reads is copied once, not once per read.
 */
public final class RespDecoder extends ByteToMessageDecoder {
  static final int MAX_INLINE = 64 * 1024;
  static final int MAX_MULTIBULK = 1024 * 1024;
  static final long MAX_BULK = 512L * 1024 * 1024;

  /** Scratch arrays up to this size are kept per event loop thread; larger ones are transient. */
  private static final int KEPT_SCRATCH = 64 * 1024;

  private static final FastThreadLocal<byte[]> SCRATCH =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[4096];
        }
      };

  /** A malformed frame; the connection answers it and closes. */
  public record ProtocolError(String message) {}

  /** The requests of one read, in order: commands ({@code List<byte[]>}), maybe a last error. */
  public record Requests(List<Object> items) {}

  private boolean failed;

  /** The incomplete frame at the head of the buffer needs at least this many bytes. */
  private long needed;

  /** Where parsing stands in the copied bytes. */
  private byte[] buf;

  private int pos;
  private int limit;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int readable = in.readableBytes();
    if (failed) {
      in.skipBytes(readable);
      return;
    }
    if (readable < needed) {
      return;
    }
    buf = window(in, readable);
    pos = 0;
    limit = readable;
    List<Object> items = new ArrayList<>();
    try {
      while (pos < limit) {
        List<byte[]> cmd;
        try {
          cmd = buf[pos] == '*' ? multiBulk() : inline();
        } catch (Malformed e) {
          failed = true;
          items.add(new ProtocolError("Protocol error: " + e.getMessage()));
          pos = limit;
          break;
        }
        if (cmd == null) {
          break; // incomplete (pos is back at its start): wait for more bytes
        }
        needed = 0;
        if (!cmd.isEmpty()) {
          items.add(cmd);
        }
      }
      in.skipBytes(pos);
      if (!items.isEmpty()) {
        out.add(new Requests(items));
      }
    } finally {
      buf = null;
    }
  }

  private static byte[] window(ByteBuf in, int readable) {
    byte[] scratch = SCRATCH.get();
    if (scratch.length < readable) {
      if (readable > KEPT_SCRATCH) {
        scratch = new byte[readable];
      } else {
        scratch = new byte[Math.min(KEPT_SCRATCH, Math.max(readable, scratch.length * 2))];
        SCRATCH.set(scratch);
      }
    }
    in.getBytes(in.readerIndex(), scratch, 0, readable);
    return scratch;
  }

  private static final class Malformed extends Exception {
    Malformed(String m) {
      super(m, null, false, false);
    }
  }

  /** Records that the frame starting at {@code start} needs {@code bytes} bytes; returns null. */
  private List<byte[]> incomplete(int start, long bytes) {
    needed = bytes;
    pos = start;
    return null;
  }

  private List<byte[]> inline() throws Malformed {
    int start = pos;
    int eol = -1;
    for (int i = pos; i < limit; i++) {
      if (buf[i] == '\n') {
        eol = i;
        break;
      }
    }
    if (eol < 0) {
      if (limit - start > MAX_INLINE) {
        throw new Malformed("too big inline request");
      }
      return incomplete(start, limit - start + 1L);
    }
    int end = eol > start && buf[eol - 1] == '\r' ? eol - 1 : eol;
    String line = new String(buf, start, end - start, StandardCharsets.UTF_8);
    pos = eol + 1;
    return splitInline(line);
  }

  static List<byte[]> splitInline(String line) throws Malformed {
    List<byte[]> args = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      StringBuilder sb = new StringBuilder();
      char q = line.charAt(i);
      if (q == '"' || q == '\'') {
        i++;
        while (i < n && line.charAt(i) != q) {
          char c = line.charAt(i);
          if (c == '\\' && q == '"' && i + 1 < n) {
            i++;
            char e = line.charAt(i);
            sb.append(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e);
          } else {
            sb.append(c);
          }
          i++;
        }
        if (i >= n) {
          throw new Malformed("unbalanced quotes in request");
        }
        i++;
      } else {
        while (i < n && !Character.isWhitespace(line.charAt(i))) {
          sb.append(line.charAt(i++));
        }
      }
      args.add(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    return args;
  }

  private List<byte[]> multiBulk() throws Malformed {
    int start = pos;
    pos++;
    long count = readNumber("invalid multibulk length");
    if (count == Long.MIN_VALUE) {
      return incomplete(start, limit - start + 1L);
    }
    if (count > MAX_MULTIBULK) {
      throw new Malformed("invalid multibulk length");
    }
    List<byte[]> args = new ArrayList<>((int) Math.max(0, Math.min(count, 1024)));
    for (long i = 0; i < count; i++) {
      if (pos >= limit) {
        return incomplete(start, limit - start + 1L);
      }
      byte b = buf[pos++];
      if (b != '$') {
        throw new Malformed("expected '$', got '" + (char) b + "'");
      }
      long len = readNumber("invalid bulk length");
      if (len == Long.MIN_VALUE) {
        return incomplete(start, limit - start + 1L);
      }
      if (len < 0 || len > MAX_BULK) {
        throw new Malformed("invalid bulk length");
      }
      if (limit - pos < len + 2) {
        // the rest of this argument, its CRLF, and at least one byte per argument still to come
        return incomplete(start, (pos - start) + len + 2 + 4 * (count - i - 1));
      }
      byte[] arg = new byte[(int) len];
      System.arraycopy(buf, pos, arg, 0, (int) len);
      pos += (int) len;
      if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
        throw new Malformed("bulk string not terminated by CRLF");
      }
      pos += 2;
      args.add(arg);
    }
    return args;
  }

  /** Reads an optionally negative number up to CRLF; Long.MIN_VALUE when it is not complete. */
  private long readNumber(String error) throws Malformed {
    int start = pos;
    int i = pos;
    boolean negative = i < limit && buf[i] == '-';
    if (negative) {
      i++;
    }
    long n = 0;
    int digits = 0;
    for (; i < limit; i++) {
      byte b = buf[i];
      if (b >= '0' && b <= '9') {
        if (++digits > 18) {
          throw new Malformed(error);
        }
        n = n * 10 + (b - '0');
      } else if (b == '\r') {
        break;
      } else {
        throw new Malformed(error);
      }
    }
    if (i + 1 >= limit) {
      if (limit - start > 32) {
        throw new Malformed(error);
      }
      return Long.MIN_VALUE; // CRLF not here yet
    }
    if (digits == 0 || buf[i + 1] != '\n') {
      throw new Malformed(error);
    }
    pos = i + 2;
    return negative ? -n : n;
  }
}
