package dev.orbit.node.protocol.cql;

import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.ProtocolConstants.ErrorCode;
import com.datastax.oss.protocol.internal.response.Error;
import dev.orbit.node.protocol.Refusal;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * What a connection over {@code protocols.cql.maxConnections} gets: its first request (OPTIONS or
 * STARTUP, in the protocol version it asked for) is answered with an {@code OVERLOADED} error that
 * names the limit, then the connection is closed. (Cassandra closes such a connection without a
 * word; the error tells the driver's user why.)
 */
final class CqlRefusal extends ChannelInboundHandlerAdapter {
  private final String message;

  private CqlRefusal(String message) {
    this.message = message;
  }

  static Refusal of(int maxConnections) {
    String message =
        "Too many connections: this node accepts at most "
            + maxConnections
            + " (protocols.cql.maxConnections)";
    return ch -> {
      Framing framing = new Framing();
      ch.pipeline()
          .addLast(new FrameDecoder(framing), new FrameEncoder(framing), new CqlRefusal(message));
    };
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    int version = 4;
    int stream = 0;
    if (msg instanceof Frame f) {
      version = f.protocolVersion;
      stream = f.streamId;
    } else if (msg instanceof FrameDecoder.BadFrame b && b.version() >= 3 && b.version() <= 5) {
      version = b.version();
      stream = b.streamId();
    }
    ReferenceCountUtil.release(msg);
    ctx.writeAndFlush(
            Frame.forResponse(
                version,
                stream,
                null,
                Frame.NO_PAYLOAD,
                List.of(),
                new Error(ErrorCode.OVERLOADED, message)))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
