package dev.orbit.node.protocol.cql;

import com.datastax.oss.protocol.internal.Compressor;
import com.datastax.oss.protocol.internal.FrameCodec;
import com.datastax.oss.protocol.internal.SegmentCodec;
import io.netty.buffer.ByteBuf;

/**
 * How one connection's bytes are framed: plain v3/v4 frames (optionally LZ4-compressed bodies)
 * until STARTUP is answered, then for v5 the segments of the modern framing (optionally LZ4
 * compressed). Read and changed only on the connection's event loop.
 */
final class Framing {
  /** Largest frame a client may send, as Cassandra's default native_transport_max_frame_size. */
  static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  static final FrameCodec<ByteBuf> PLAIN =
      FrameCodec.defaultServer(ByteBufCodec.INSTANCE, Compressor.none());
  static final FrameCodec<ByteBuf> LZ4 =
      FrameCodec.defaultServer(ByteBufCodec.INSTANCE, new Lz4(MAX_FRAME_BYTES));

  private FrameCodec<ByteBuf> frames = PLAIN;
  private SegmentCodec<ByteBuf> segments;

  FrameCodec<ByteBuf> frames() {
    return frames;
  }

  /** The segment codec once modern framing is on, else null. */
  SegmentCodec<ByteBuf> segments() {
    return segments;
  }

  /** After READY or AUTHENTICATE: compression and, for v5, segments apply from now on. */
  void established(int version, boolean lz4) {
    if (version >= 5) {
      segments =
          new SegmentCodec<>(
              ByteBufCodec.INSTANCE,
              lz4
                  ? new Lz4(com.datastax.oss.protocol.internal.Segment.MAX_PAYLOAD_LENGTH)
                  : Compressor.none());
    } else if (lz4) {
      frames = LZ4;
    }
  }
}
