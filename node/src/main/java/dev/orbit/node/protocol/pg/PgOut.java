package dev.orbit.node.protocol.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Builds backend messages into one buffer that the connection flushes at protocol boundaries. */
final class PgOut {
  private ByteBuf buf = Unpooled.buffer(256);
  private int lengthAt = -1;

  PgOut begin(char type) {
    buf.writeByte(type);
    lengthAt = buf.writerIndex();
    buf.writeInt(0);
    return this;
  }

  PgOut int8(int v) {
    buf.writeByte(v);
    return this;
  }

  PgOut int16(int v) {
    buf.writeShort(v);
    return this;
  }

  PgOut int32(int v) {
    buf.writeInt(v);
    return this;
  }

  PgOut bytes(byte[] b) {
    buf.writeBytes(b);
    return this;
  }

  PgOut cstring(String s) {
    buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    buf.writeByte(0);
    return this;
  }

  void end() {
    buf.setInt(lengthAt, buf.writerIndex() - lengthAt);
    lengthAt = -1;
  }

  /** A raw byte outside any message (the answer to SSLRequest). */
  void raw(int b) {
    buf.writeByte(b);
  }

  boolean isEmpty() {
    return buf.readableBytes() == 0;
  }

  /** Hands over what was built and starts a new buffer. */
  ByteBuf take() {
    ByteBuf out = buf;
    buf = Unpooled.buffer(256);
    return out;
  }

  int size() {
    return buf.readableBytes();
  }
}
