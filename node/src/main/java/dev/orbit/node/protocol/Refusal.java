package dev.orbit.node.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * What a connection over a listener's limit gets: the protocol's own "too many clients" error, then
 * the connection is closed. Installed instead of the protocol's pipeline.
 */
@FunctionalInterface
public interface Refusal {
  void install(SocketChannel ch);

  /** Sends {@code text} as soon as the connection is open, then closes it (Redis's way). */
  static Refusal message(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return ch ->
        ch.pipeline()
            .addLast(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelActive(ChannelHandlerContext ctx) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes))
                        .addListener(ChannelFutureListener.CLOSE);
                  }

                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                  }
                });
  }

  /** Closes the connection without a word. */
  static Refusal close() {
    return ch -> ch.close();
  }
}
