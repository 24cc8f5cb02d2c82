package dev.orbit.node.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes RESP2 requests: multi-bulk arrays of bulk strings ({@code
 * *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline commands ({@code PING\r\n}). Emits {@code
 * List<byte[]>} per command; a malformed frame emits one {@link ProtocolError} and everything after
 * it on the connection is dropped.
 */
public final class RespDecoder extends ByteToMessageDecoder {
  static final int MAX_INLINE = 64 * 1024;
  static final int MAX_MULTIBULK = 1024 * 1024;
  static final long MAX_BULK = 512L * 1024 * 1024;

  /** A malformed frame; the connection answers it and closes. */
  public record ProtocolError(String message) {}

  private boolean failed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!failed && in.isReadable()) {
      int start = in.readerIndex();
      Object cmd;
      try {
        cmd = in.getByte(start) == '*' ? multiBulk(in) : inline(in);
      } catch (Malformed e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new ProtocolError("Protocol error: " + e.getMessage()));
        return;
      }
      if (cmd == null) {
        in.readerIndex(start); // incomplete: wait for more bytes
        return;
      }
      if (cmd instanceof List<?> l && !l.isEmpty()) {
        out.add(cmd);
      }
    }
    if (failed) {
      in.skipBytes(in.readableBytes());
    }
  }

  private static final class Malformed extends Exception {
    Malformed(String m) {
      super(m, null, false, false);
    }
  }

  private static List<byte[]> inline(ByteBuf in) throws Malformed {
    int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
    if (eol < 0) {
      if (in.readableBytes() > MAX_INLINE) {
        throw new Malformed("too big inline request");
      }
      return null;
    }
    String line = in.toString(in.readerIndex(), eol - in.readerIndex(), StandardCharsets.UTF_8);
    in.readerIndex(eol + 1);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
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

  private static List<byte[]> multiBulk(ByteBuf in) throws Malformed {
    in.skipBytes(1);
    long count = readNumber(in, "invalid multibulk length");
    if (count == Long.MIN_VALUE) {
      return null;
    }
    if (count > MAX_MULTIBULK) {
      throw new Malformed("invalid multibulk length");
    }
    List<byte[]> args = new ArrayList<>((int) Math.max(0, Math.min(count, 1024)));
    for (long i = 0; i < count; i++) {
      if (!in.isReadable()) {
        return null;
      }
      byte b = in.readByte();
      if (b != '$') {
        throw new Malformed("expected '$', got '" + (char) b + "'");
      }
      long len = readNumber(in, "invalid bulk length");
      if (len == Long.MIN_VALUE) {
        return null;
      }
      if (len < 0 || len > MAX_BULK) {
        throw new Malformed("invalid bulk length");
      }
      if (in.readableBytes() < len + 2) {
        return null;
      }
      byte[] arg = new byte[(int) len];
      in.readBytes(arg);
      if (in.readByte() != '\r' || in.readByte() != '\n') {
        throw new Malformed("bulk string not terminated by CRLF");
      }
      args.add(arg);
    }
    return args;
  }

  /** Reads digits up to CRLF; Long.MIN_VALUE when the line is not complete yet. */
  private static long readNumber(ByteBuf in, String error) throws Malformed {
    int start = in.readerIndex();
    int limit = in.writerIndex();
    int i = start;
    boolean negative = i < limit && in.getByte(i) == '-';
    if (negative) {
      i++;
    }
    long n = 0;
    int digits = 0;
    for (; i < limit; i++) {
      byte b = in.getByte(i);
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
    if (digits == 0 || in.getByte(i + 1) != '\n') {
      throw new Malformed(error);
    }
    in.readerIndex(i + 2);
    return negative ? -n : n;
  }
}
