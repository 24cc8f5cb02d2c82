package dev.orbit.node.protocol.cql;

import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.Segment;
import com.datastax.oss.protocol.internal.SegmentCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Response frames to bytes: plain frames, or for v5 after STARTUP one self-contained segment per
 * frame (frames larger than a segment are split into slices). Errors about versions older than v3
 * are written with the 8-byte header those versions use, so such a client can read them.
 */
final class FrameEncoder extends MessageToMessageEncoder<Frame> {
  private final Framing framing;

  FrameEncoder(Framing framing) {
    this.framing = framing;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    if (frame.protocolVersion < 3) {
      out.add(legacyError(ctx, frame));
      return;
    }
    SegmentCodec<ByteBuf> segments = framing.segments();
    if (segments == null) {
      out.add(framing.frames().encode(frame));
      return;
    }
    ByteBuf bytes = Framing.PLAIN.encode(frame);
    int max = Segment.MAX_PAYLOAD_LENGTH;
    if (bytes.readableBytes() <= max) {
      segments.encode(new Segment<>(bytes, true), out);
      return;
    }
    try {
      while (bytes.isReadable()) {
        int n = Math.min(max, bytes.readableBytes());
        segments.encode(new Segment<>(bytes.readRetainedSlice(n), false), out);
      }
    } finally {
      bytes.release();
    }
  }

  private static ByteBuf legacyError(ChannelHandlerContext ctx, Frame frame) {
    com.datastax.oss.protocol.internal.response.Error e =
        (com.datastax.oss.protocol.internal.response.Error) frame.message;
    byte[] msg = e.message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteBuf b = ctx.alloc().buffer(8 + 6 + msg.length);
    b.writeByte(0x80 | frame.protocolVersion);
    b.writeByte(0);
    b.writeByte(frame.streamId);
    b.writeByte(0); // ERROR
    b.writeInt(6 + msg.length);
    b.writeInt(e.code);
    b.writeShort(msg.length);
    b.writeBytes(msg);
    return b;
  }
}
