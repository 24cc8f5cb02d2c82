package dev.orbit.node.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Encodes replies into buffers for one flush. Small replies share one buffer; a large bulk string
 * is handed on as its own (wrapped, not copied) buffer, so encoding is linear in the reply size
 * however large the replies are and however many of them are pipelined.
 */
public final class ReplyWriter {
  static final byte[] NIL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] NIL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

  /** Bulk strings at least this long are not copied into the shared buffer. */
  static final int LARGE = 16 * 1024;

  private final ByteBufAllocator alloc;
  private final Consumer<ByteBuf> sink;
  private final boolean resp3;
  private ByteBuf buf;
  private long written;

  /**
   * @param sink receives the encoded buffers in order (and owns them)
   */
  public ReplyWriter(ByteBufAllocator alloc, boolean resp3, Consumer<ByteBuf> sink) {
    this.alloc = alloc;
    this.resp3 = resp3;
    this.sink = sink;
  }

  public boolean resp3() {
    return resp3;
  }

  /** Bytes encoded so far. */
  public long written() {
    return written + (buf == null ? 0 : buf.readableBytes());
  }

  public void write(Reply r) {
    r.write(this);
  }

  /** Hands the last buffer on; the writer can be used again afterwards. */
  public void finish() {
    if (buf != null && buf.isReadable()) {
      written += buf.readableBytes();
      sink.accept(buf);
      buf = null;
    }
  }

  private ByteBuf buf() {
    if (buf == null) {
      buf = alloc.ioBuffer(4096);
    } else if (buf.readableBytes() >= 64 * 1024) {
      finish(); // keep shared buffers small: they are copied when they grow
      buf = alloc.ioBuffer(4096);
    }
    return buf;
  }

  void raw(byte[] b) {
    buf().writeBytes(b);
  }

  void line(char marker, String text) {
    ByteBuf b = buf();
    b.writeByte(marker);
    b.writeCharSequence(text, StandardCharsets.UTF_8);
    b.writeByte('\r').writeByte('\n');
  }

  void number(char marker, long v) {
    ByteBuf b = buf();
    b.writeByte(marker);
    writeLong(b, v);
    b.writeByte('\r').writeByte('\n');
  }

  void bulk(byte[] data) {
    bulk('$', data);
  }

  void bulk(char marker, byte[] data) {
    ByteBuf b = buf();
    b.writeByte(marker);
    writeLong(b, data.length);
    b.writeByte('\r').writeByte('\n');
    if (data.length >= LARGE) {
      finish();
      written += data.length;
      sink.accept(Unpooled.wrappedBuffer(data));
      buf().writeByte('\r').writeByte('\n');
    } else {
      b.writeBytes(data);
      b.writeByte('\r').writeByte('\n');
    }
  }

  private static void writeLong(ByteBuf out, long v) {
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
}
