package dev.orbit.node.protocol.pg;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Frames the PostgreSQL protocol: untyped startup packets (StartupMessage, SSLRequest,
 * GSSENCRequest, CancelRequest) until a StartupMessage, then typed messages. Impossible lengths
 * fail the connection.
 */
final class PgDecoder extends ByteToMessageDecoder {
  static final int SSL_REQUEST = 80877103;
  static final int GSSENC_REQUEST = 80877104;
  static final int CANCEL_REQUEST = 80877102;
  private static final int MAX_STARTUP = 10_000;
  private static final int MAX_MESSAGE = 256 << 20;

  /** CopyData messages are merged up to this many bytes (a single larger one stays whole). */
  private static final int MAX_COPY_BATCH = 256 << 10;

  /** An untyped packet: its code (protocol version or request code) and body. */
  record Startup(int code, byte[] body) {}

  /** A typed message. */
  record Message(char type, byte[] body) {}

  private boolean started;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!started) {
      if (in.readableBytes() < 4) {
        return;
      }
      int len = in.getInt(in.readerIndex());
      if (len < 8 || len > MAX_STARTUP) {
        throw new CorruptedFrameException("invalid length of startup packet: " + len);
      }
      if (in.readableBytes() < len) {
        return;
      }
      in.skipBytes(4);
      int code = in.readInt();
      byte[] body = new byte[len - 8];
      in.readBytes(body);
      if (code >> 16 == 3) {
        started = true;
      } else if (code != SSL_REQUEST && code != GSSENC_REQUEST && code != CANCEL_REQUEST) {
        throw new CorruptedFrameException(
            "unsupported frontend protocol " + (code >> 16) + "." + (code & 0xFFFF));
      }
      out.add(new Startup(code, body));
      return;
    }
    if (in.readableBytes() < 5) {
      return;
    }
    int start = in.readerIndex();
    char type = (char) in.getByte(start);
    int len = in.getInt(start + 1);
    if (len < 4 || len > MAX_MESSAGE) {
      throw new CorruptedFrameException("invalid message length " + len + " for type " + type);
    }
    if (in.readableBytes() < 1 + len) {
      return;
    }
    if (type == 'd') {
      out.add(new Message(type, copyData(in)));
      return;
    }
    in.skipBytes(5);
    byte[] body = new byte[len - 4];
    in.readBytes(body);
    out.add(new Message(type, body));
  }

  /**
   * The bodies of the complete CopyData messages at the head of {@code in}, as one: their
   * boundaries carry no meaning (clients such as pgbench send one per row), and handling them as
   * one saves a message, a queue hand-off and a parse call per row.
   */
  private static byte[] copyData(ByteBuf in) {
    int at = in.readerIndex();
    int end = in.writerIndex();
    int total = 0;
    int frames = 0;
    while (end - at >= 5 && in.getByte(at) == 'd') {
      int len = in.getInt(at + 1);
      if (len < 4 || end - at < 1 + len || (frames > 0 && total + len - 4 > MAX_COPY_BATCH)) {
        break;
      }
      total += len - 4;
      frames++;
      at += 1 + len;
    }
    byte[] body = new byte[total];
    int filled = 0;
    for (int i = 0; i < frames; i++) {
      int len = in.getInt(in.readerIndex() + 1);
      in.skipBytes(5);
      in.readBytes(body, filled, len - 4);
      filled += len - 4;
    }
    return body;
  }
}
