package dev.orbit.node.protocol.resp;

import dev.orbit.node.metrics.NodeMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis connection. The requests of one read (a pipeline) are parsed first; runs of keyed
 * commands then execute as one transaction with one durable write, other commands one by one. The
 * replies wait in a queue, in request order, until their writes are durable; everything ready at
 * the head of the queue goes out in one buffer with one flush. A request that follows writes not
 * yet committed waits for them (reading stops meanwhile), so it sees them.
 */
final class RespHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(RespHandler.class);

  /** Bounds the keys locked together by one pipeline batch. */
  static final int MAX_BATCH = 512;

  private final RedisCommands commands;
  private final NodeMetrics.Requests metrics;
  private final RedisCommands.Session session = new RedisCommands.Session();
  private final List<Object> pending = new ArrayList<>();

  /** Replies not sent yet, in request order; touched only on the event loop. */
  private final ArrayDeque<Out> queue = new ArrayDeque<>();

  private ChannelHandlerContext ctx;
  private boolean closing;

  /** A command parsed after writes that were still being committed: it runs after them. */
  private Command.Standalone deferred;

  /**
   * Replies of some requests: {@code replies} to send now, or {@code later} to send when it
   * completes. {@code start} is when their pipeline was read (for the latency metric).
   */
  private static final class Out {
    List<Reply> replies;
    final CompletableFuture<List<Reply>> later;
    final long start;
    final boolean close;

    Out(List<Reply> replies, CompletableFuture<List<Reply>> later, long start, boolean close) {
      this.replies = replies;
      this.later = later;
      this.start = start;
      this.close = close;
    }

    /** The replies if they can be sent now, else null. */
    List<Reply> ready() {
      if (replies == null && later.isDone()) {
        replies = later.join();
      }
      return replies;
    }
  }

  RespHandler(RedisCommands commands, NodeMetrics.Requests metrics) {
    this.commands = commands;
    this.metrics = metrics;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    pending.addAll(((RespDecoder.Requests) msg).items());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (writesInFlight()) {
      // a later command must see the writes of the earlier ones: it runs once they commit
      ctx.channel().config().setAutoRead(false);
      return;
    }
    process();
    drain();
  }

  /** True while a reply in the queue waits for its writes to commit. */
  private boolean writesInFlight() {
    for (Out o : queue) {
      if (o.replies == null && !o.later.isDone()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the requests read so far, in order. A request that follows writes still being committed
   * waits (with the ones after it) until they are, so it sees them, as a Redis client expects.
   */
  @SuppressWarnings("unchecked")
  private void process() {
    long start = System.nanoTime();
    if (deferred != null) {
      Command.Standalone c = deferred;
      deferred = null;
      runStandalone(c, start);
    }
    List<Command.Keyed> batch = new ArrayList<>();
    int done = 0;
    for (; done < pending.size(); done++) {
      Object msg = pending.get(done);
      if (session.quit || closing) {
        done = pending.size();
        break;
      }
      if (batch.isEmpty() && writesInFlight()) {
        break; // runs once the writes before it are committed
      }
      if (msg instanceof RespDecoder.ProtocolError err) {
        runBatch(batch, start);
        queue.add(new Out(List.of(Reply.error("ERR " + err.message())), null, start, true));
        closing = true;
        done = pending.size();
        break;
      }
      Command c = commands.parse((List<byte[]>) msg, session);
      if (c instanceof Command.Keyed k) {
        batch.add(k);
        if (batch.size() >= MAX_BATCH) {
          runBatch(batch, start);
        }
      } else {
        runBatch(batch, start);
        if (writesInFlight()) {
          deferred = (Command.Standalone) c; // runs once the writes before it are committed
          done++;
          break;
        }
        runStandalone((Command.Standalone) c, start);
      }
    }
    runBatch(batch, start);
    pending.subList(0, Math.min(done, pending.size())).clear();
  }

  private void runStandalone(Command.Standalone c, long start) {
    CompletableFuture<Reply> reply = commands.run(c);
    if (reply.isDone() && !reply.isCompletedExceptionally()) {
      queue.add(new Out(List.of(reply.join()), null, start, session.quit));
    } else {
      later(
          reply.handle((r, e) -> List.of(e == null ? r : RedisCommands.storageError(e))),
          start,
          session.quit);
    }
  }

  private void runBatch(List<Command.Keyed> batch, long start) {
    if (batch.isEmpty()) {
      return;
    }
    RedisCommands.Batch b = commands.runKeyed(batch);
    if (b.durable() == null) {
      queue.add(new Out(b.replies(), null, start, false));
    } else {
      later(b.durable().handle((v, e) -> b.settled(e)), start, false);
    }
    batch.clear();
  }

  /** Queues replies that wait; when they are ready the event loop sends what it can. */
  private void later(CompletableFuture<List<Reply>> replies, long start, boolean close) {
    queue.add(new Out(null, replies, start, close));
    replies.whenComplete((r, e) -> ctx.executor().execute(this::drain));
  }

  /** Sends every reply that is ready at the head of the queue, in one buffer and one flush. */
  private void drain() {
    ByteBuf buf = null;
    boolean close = false;
    long now = System.nanoTime();
    while (!queue.isEmpty()) {
      Out o = queue.peekFirst();
      List<Reply> replies = o.ready();
      if (replies == null) {
        break;
      }
      queue.pollFirst();
      if (buf == null) {
        buf = ctx.alloc().ioBuffer();
      }
      int failed = 0;
      for (Reply r : replies) {
        r.writeTo(buf);
        failed += r instanceof Reply.Error ? 1 : 0;
      }
      metrics.observe(now - o.start, replies.size(), failed);
      if (o.close) {
        close = true;
        queue.clear();
        break;
      }
    }
    if (buf != null) {
      if (close) {
        ctx.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.writeAndFlush(buf);
      }
    }
    if (!close && (deferred != null || !pending.isEmpty()) && !writesInFlight()) {
      ctx.channel().config().setAutoRead(true);
      process();
      drain();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("redis connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
