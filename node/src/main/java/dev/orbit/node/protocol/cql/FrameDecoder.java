package dev.orbit.node.protocol.cql;

import com.datastax.oss.protocol.internal.FrameCodec;
import com.datastax.oss.protocol.internal.Segment;
import com.datastax.oss.protocol.internal.SegmentCodec;
import dev.orbit.node.protocol.FrameAware;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Bytes to request frames, in plain framing or in v5 segments. A frame it cannot read becomes a
 * {@link BadFrame} (answered with a protocol error and the end of this connection only); after one,
 * the rest of the input is discarded.
 */
final class FrameDecoder extends ByteToMessageDecoder implements FrameAware {
  private static final int HEADER = FrameCodec.V3_ENCODED_HEADER_SIZE;

  /** A frame that cannot be served: version (as asked for), stream id, message. */
  record BadFrame(int version, int streamId, String message) {}

  private final Framing framing;
  private boolean failed;
  private SegmentCodec.Header segmentHeader;
  private CompositeByteBuf slices;
  private int slicesTarget;

  FrameDecoder(Framing framing) {
    this.framing = framing;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      if (framing.segments() == null) {
        decodeFrame(in, out);
      } else {
        decodeSegment(ctx, in, out);
      }
    } catch (RuntimeException e) {
      fail(out, lastVersion, 0, "Invalid frame: " + e.getMessage());
      in.skipBytes(in.readableBytes());
    }
  }

  private int lastVersion = 4;

  private void decodeFrame(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 1) {
      return;
    }
    int first = in.getUnsignedByte(in.readerIndex());
    int version = first & 0x7F;
    if (version < 3 || version > 5 || (first & 0x80) != 0) {
      // before v3 the header is 8 bytes with a 1-byte stream id; read it as the client wrote it
      int stream = version < 3 && in.readableBytes() >= 3 ? in.getByte(in.readerIndex() + 2) : 0;
      fail(
          out,
          version,
          stream,
          (first & 0x80) != 0
              ? "Invalid frame: a response frame was sent to the server"
              : "Invalid or unsupported protocol version ("
                  + version
                  + "); supported versions are (3/v3, 4/v4, 5/v5)");
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < HEADER) {
      return;
    }
    lastVersion = version;
    int flags = in.getUnsignedByte(in.readerIndex() + 1);
    int stream = in.getShort(in.readerIndex() + 2);
    long length = in.getUnsignedInt(in.readerIndex() + 5);
    if ((flags & 0x10) != 0) {
      fail(out, version, stream, "Beta version of the protocol used (" + version + "/v5)");
      in.skipBytes(in.readableBytes());
      return;
    }
    if (length > Framing.MAX_FRAME_BYTES) {
      fail(
          out,
          version,
          stream,
          "Request is too big: length "
              + length
              + " exceeds maximum allowed length "
              + Framing.MAX_FRAME_BYTES);
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < HEADER + length) {
      return;
    }
    ByteBuf frame = in.readRetainedSlice(HEADER + (int) length);
    try {
      out.add(framing.frames().decode(frame));
    } catch (RuntimeException e) {
      fail(out, version, stream, "Invalid frame: " + e.getMessage());
      in.skipBytes(in.readableBytes());
    } finally {
      frame.release();
    }
  }

  private void decodeSegment(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    SegmentCodec<ByteBuf> codec = framing.segments();
    while (true) {
      if (segmentHeader == null) {
        int headerBytes = codec.headerLength() + SegmentCodec.CRC24_LENGTH;
        if (in.readableBytes() < headerBytes) {
          return;
        }
        try {
          segmentHeader = codec.decodeHeader(in.readSlice(headerBytes));
        } catch (com.datastax.oss.protocol.internal.CrcMismatchException e) {
          throw new IllegalArgumentException(e.getMessage());
        }
      }
      int bodyBytes = segmentHeader.payloadLength + SegmentCodec.CRC32_LENGTH;
      if (in.readableBytes() < bodyBytes) {
        return;
      }
      Segment<ByteBuf> segment;
      try {
        segment = codec.decode(segmentHeader, in.readRetainedSlice(bodyBytes));
      } catch (com.datastax.oss.protocol.internal.CrcMismatchException e) {
        throw new IllegalArgumentException(e.getMessage());
      } finally {
        segmentHeader = null;
      }
      try {
        if (segment.isSelfContained) {
          while (segment.payload.isReadable()) {
            out.add(framing.frames().decode(segment.payload));
          }
        } else {
          addSlice(ctx, segment.payload.retain(), out);
        }
      } finally {
        segment.payload.release();
      }
    }
  }

  /** Part of a frame larger than one segment; the frame is decoded once all parts are in. */
  private void addSlice(ChannelHandlerContext ctx, ByteBuf slice, List<Object> out) {
    if (slices == null) {
      if (slice.readableBytes() < HEADER) {
        slice.release();
        throw new IllegalArgumentException("first slice of a frame is shorter than its header");
      }
      slicesTarget = HEADER + framing.frames().decodeBodySize(slice);
      if (slicesTarget > Framing.MAX_FRAME_BYTES || slicesTarget < HEADER) {
        slice.release();
        throw new IllegalArgumentException("frame of " + slicesTarget + " bytes is too big");
      }
      slices = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    }
    slices.addComponent(true, slice);
    if (slices.readableBytes() > slicesTarget) {
      throw new IllegalArgumentException("slices run past their frame");
    }
    if (slices.readableBytes() == slicesTarget) {
      CompositeByteBuf whole = slices;
      slices = null;
      try {
        out.add(framing.frames().decode(whole));
      } finally {
        whole.release();
      }
    }
  }

  /** Part of a frame is here: bytes not yet decoded, a segment header, or slices of a frame. */
  @Override
  public boolean midFrame() {
    return !failed && (segmentHeader != null || slices != null || internalBuffer().isReadable());
  }

  private void fail(List<Object> out, int version, int stream, String message) {
    failed = true;
    out.add(new BadFrame(version, stream, message));
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (slices != null) {
      slices.release();
      slices = null;
    }
  }
}
