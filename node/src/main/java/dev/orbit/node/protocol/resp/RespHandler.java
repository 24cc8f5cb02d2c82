package dev.orbit.node.protocol.resp;

import dev.orbit.node.metrics.NodeMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis connection: runs each decoded command and writes the replies strictly in request order,
 * even when a write's reply waits for its group commit.
 */
final class RespHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(RespHandler.class);

  private final RedisCommands commands;
  private final NodeMetrics.Requests metrics;
  private final RedisCommands.Session session = new RedisCommands.Session();

  /** Completes once every reply so far has been written. */
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  /** A flush is queued on the event loop behind the replies written so far. */
  private boolean flushQueued;

  RespHandler(RedisCommands commands, NodeMetrics.Requests metrics) {
    this.commands = commands;
    this.metrics = metrics;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (session.quit) {
      return;
    }
    if (msg instanceof RespDecoder.ProtocolError err) {
      enqueue(ctx, CompletableFuture.completedFuture(Reply.error("ERR " + err.message())), true);
      return;
    }
    long start = System.nanoTime();
    CompletableFuture<Reply> reply = commands.execute((List<byte[]>) msg, session);
    reply.whenComplete(
        (r, e) ->
            metrics.observe(System.nanoTime() - start, e != null || r instanceof Reply.Error));
    enqueue(ctx, reply, session.quit);
  }

  private void enqueue(ChannelHandlerContext ctx, CompletableFuture<Reply> reply, boolean close) {
    if (tail.isDone() && reply.isDone()) {
      write(ctx, reply.join(), close, false);
      return;
    }
    tail =
        tail.thenCombine(reply, (v, r) -> r)
            .thenAcceptAsync(r -> write(ctx, r, close, true), ctx.executor());
  }

  private void write(ChannelHandlerContext ctx, Reply r, boolean close, boolean flush) {
    ByteBuf buf = ctx.alloc().ioBuffer();
    r.writeTo(buf);
    if (close) {
      ctx.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
    } else if (flush) {
      // replies released by one group commit arrive as a burst of tasks: flush once behind them
      ctx.write(buf);
      if (!flushQueued) {
        flushQueued = true;
        ctx.executor()
            .execute(
                () -> {
                  flushQueued = false;
                  ctx.flush();
                });
      }
    } else {
      ctx.write(buf);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("redis connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
