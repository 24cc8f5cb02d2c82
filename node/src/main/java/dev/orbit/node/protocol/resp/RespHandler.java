package dev.orbit.node.protocol.resp;

import dev.orbit.node.metrics.NodeMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis connection. The requests of one read (a pipeline) are parsed first; runs of keyed
 * commands then execute as one transaction with one durable write, other commands one by one, and
 * the replies are written strictly in request order.
 */
final class RespHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(RespHandler.class);

  /** Bounds the keys locked together by one pipeline batch. */
  static final int MAX_BATCH = 512;

  private final RedisCommands commands;
  private final NodeMetrics.Requests metrics;
  private final RedisCommands.Session session = new RedisCommands.Session();
  private final List<Object> pending = new ArrayList<>();

  /** Completes once every reply so far has been written. */
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  /** A flush is queued on the event loop behind the replies written so far. */
  private boolean flushQueued;

  RespHandler(RedisCommands commands, NodeMetrics.Requests metrics) {
    this.commands = commands;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    pending.add(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    process(ctx);
    ctx.flush();
  }

  @SuppressWarnings("unchecked")
  private void process(ChannelHandlerContext ctx) {
    long start = System.nanoTime();
    List<Command.Keyed> batch = new ArrayList<>();
    for (Object msg : pending) {
      if (session.quit) {
        break;
      }
      if (msg instanceof RespDecoder.ProtocolError err) {
        runBatch(ctx, batch, start);
        enqueue(ctx, CompletableFuture.completedFuture(Reply.error("ERR " + err.message())), true);
        break;
      }
      Command c = commands.parse((List<byte[]>) msg, session);
      if (c instanceof Command.Keyed k) {
        batch.add(k);
        if (batch.size() >= MAX_BATCH) {
          runBatch(ctx, batch, start);
        }
      } else {
        runBatch(ctx, batch, start);
        CompletableFuture<Reply> reply = commands.run((Command.Standalone) c);
        observe(reply, start);
        enqueue(ctx, reply, session.quit);
      }
    }
    runBatch(ctx, batch, start);
    pending.clear();
  }

  private void runBatch(ChannelHandlerContext ctx, List<Command.Keyed> batch, long start) {
    if (batch.isEmpty()) {
      return;
    }
    for (CompletableFuture<Reply> reply : commands.runKeyed(batch)) {
      observe(reply, start);
      enqueue(ctx, reply, false);
    }
    batch.clear();
  }

  private void observe(CompletableFuture<Reply> reply, long start) {
    reply.whenComplete(
        (r, e) ->
            metrics.observe(System.nanoTime() - start, e != null || r instanceof Reply.Error));
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
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("redis connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
