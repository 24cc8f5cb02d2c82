package dev.orbit.node.protocol.resp;

import dev.orbit.node.metrics.NodeMetrics;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis connection. Requests run in order: consecutive data commands as one batch (one lock
 * set, one commit, one wait for durability), others one by one. Work that may take long (keyspace
 * walks, large collections, many keys, a lock held by another run) moves to a worker thread; the
 * connection then reads nothing more until it is done, so replies keep request order. Replies wait
 * in a queue until their writes are durable and go out in request order; a client whose unread
 * replies pass the output buffer limit is disconnected. With replication a write is visible only
 * once committed, so a request that follows writes of this connection not yet committed waits for
 * them (requests of one batch see each other's writes in their run), and sees them.
 */
final class RespHandler extends ChannelInboundHandlerAdapter implements Session.Connection {
  private static final Logger LOG = LoggerFactory.getLogger(RespHandler.class);

  /** Bounds the commands (and so the keys locked together) of one batch. */
  static final int MAX_BATCH = 512;

  /** Requests read but not run yet past which the connection stops reading. */
  static final int MAX_PENDING = 10_000;

  /** Bytes of requests read but not run yet past which the connection stops reading. */
  static final long MAX_PENDING_BYTES = 64L << 20;

  private long pendingBytes;

  private final Engine engine;
  private final Executor workers;
  private final NodeMetrics.Requests metrics;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private final ArrayDeque<Out> queue = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Session session;

  /** A worker runs this connection's commands, or a command blocks it: nothing else runs. */
  private boolean busy;

  private boolean closing;
  private volatile boolean closed;

  /** The reply of the blocked command, once it comes; {@code early} if it came first. */
  private CompletableFuture<List<Reply>> blockedReply;

  private Engine.Outcome early;

  /** When the last writes of this connection commit; later requests wait for it. */
  private CompletableFuture<Void> committing;

  /** Replies of some requests, sent when {@code replies} is set (or {@code later} completes). */
  private static final class Out {
    List<Reply> replies;
    final CompletableFuture<List<Reply>> later;
    final long start;
    boolean close;
    int resp;

    /** Leading replies not to send (CLIENT REPLY OFF/SKIP). */
    int drop;

    /** Replies already sent (a paused drain resumes after them). */
    int next;

    Out(List<Reply> replies, CompletableFuture<List<Reply>> later, long start, int resp) {
      this.replies = replies;
      this.later = later;
      this.start = start;
      this.resp = resp;
    }

    List<Reply> ready() {
      if (replies == null && later.isDone()) {
        replies = later.join();
      }
      return replies;
    }
  }

  RespHandler(Engine engine, Executor workers, NodeMetrics.Requests metrics) {
    this.engine = engine;
    this.workers = workers;
    this.metrics = metrics;
  }

  /** Whether the connection has authenticated (the decoder bounds requests before it has). */
  boolean authenticated() {
    return session == null || session.authenticated;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.session = engine.state.newSession(String.valueOf(ctx.channel().remoteAddress()), this);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    engine.state.disconnected(session, engine);
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    for (Object item : ((RespDecoder.Requests) msg).items()) {
      pending.add(item);
      pendingBytes += size(item);
    }
    if (pending.size() > MAX_PENDING || pendingBytes > MAX_PENDING_BYTES) {
      ctx.channel().config().setAutoRead(false); // taken up again as the requests run
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!busy) {
      process();
    }
    drain();
  }

  // ---- running requests ----

  @SuppressWarnings("unchecked")
  private void process() {
    long start = System.nanoTime();
    List<Call> batch = new ArrayList<>();
    while (!busy && !closing && !paused && !cut && !pending.isEmpty()) {
      if (batch.isEmpty() && writesInFlight()) {
        break; // runs once the writes before it are committed, so it sees them
      }
      Object msg = pending.peekFirst();
      if (msg instanceof List<?> args && engine.batchable(session, (List<byte[]>) args)) {
        take();
        batch.add(new Call(engine.table().get(((List<byte[]>) args).get(0)), (List<byte[]>) args));
        if (batch.size() >= MAX_BATCH) {
          runBatch(batch, start);
          drain(); // a pipeline's replies go out (or hit the output limit) as they are made
        }
        continue;
      }
      runBatch(batch, start);
      if (busy || cut || writesInFlight()) {
        break; // (after a cut the requests it put back come first)
      }
      take();
      if (msg instanceof RespDecoder.ProtocolError err) {
        enqueue(List.of(Reply.error("ERR " + err.message())), start).close = true;
        LOG.warn("redis client {}: {}, closing the connection", session.address, err.message());
        stop();
      } else if (msg instanceof RespDecoder.QueryTooLarge big) {
        LOG.warn(
            "redis client {} sent a request of more than {} bytes (query buffer limit), closing"
                + " the connection",
            session.address,
            big.bytes());
        stop();
        ctx.close();
      } else {
        Object r = engine.resolve(session, (List<byte[]>) msg);
        if (r instanceof Reply reply) {
          enqueue(List.of(reply), start);
        } else {
          runAlone((Call) r, start);
        }
      }
    }
    runBatch(batch, start);
    if (cut && !busy) {
      cut = false; // the rest of a batch that stopped early runs as a task of its own
      ctx.executor().execute(this::resume);
    }
    if (!busy
        && pending.size() < MAX_PENDING / 2
        && pendingBytes < MAX_PENDING_BYTES / 2
        && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** True while writes of this connection are proposed but not yet committed. */
  private boolean writesInFlight() {
    return committing != null && !committing.isDone();
  }

  /** Notes writes being committed; the requests after them run once they are. */
  private void committing(CompletableFuture<Void> durable) {
    if (durable == null || durable.isDone()) {
      return;
    }
    committing = durable;
    durable.whenComplete((v, e) -> ctx.executor().execute(this::committed));
  }

  /** The writes that later requests waited for are committed (or failed): take those up. */
  private void committed() {
    if (!busy && !closing && ctx.channel().isActive() && !writesInFlight()) {
      process();
    }
    drain();
  }

  @SuppressWarnings("unchecked")
  private static long size(Object item) {
    long n = 16;
    if (item instanceof PackedArgs args) {
      n += args.bytes() + 16L * args.size();
    } else if (item instanceof PiecedArgs args) {
      for (int i = 0; i < args.size(); i++) {
        n += args.length(i) + 16; // without joining a large argument's pieces
      }
    } else if (item instanceof List<?> args) {
      for (byte[] a : (List<byte[]>) args) {
        n += a.length + 16;
      }
    }
    return n;
  }

  private Object take() {
    Object msg = pending.pollFirst();
    pendingBytes -= size(msg);
    return msg;
  }

  private void stop() {
    closing = true;
    pending.clear();
    pendingBytes = 0;
  }

  private void runBatch(List<Call> batch, long start) {
    if (batch.isEmpty() || busy) {
      return;
    }
    List<Call> calls = new ArrayList<>(batch);
    batch.clear();
    run(onLoop -> engine.run(session, calls, onLoop), bigReads, start, calls);
  }

  /**
   * The last batch read so much that it stopped early on a worker: the next goes to a worker
   * directly rather than read up to the event loop's budget first and start again there.
   */
  private boolean bigReads;

  /**
   * A batch stopped early (it read {@link Ctx#RUN_BYTES}): its calls that did not run go back to
   * the head of the requests, to run once the replies made so far are on their way, so the replies
   * a client has not read stay bounded.
   */
  private boolean cut;

  /** Puts back the calls of {@code batch} after its first {@code ran}. */
  private void requeue(List<Call> batch, int ran) {
    if (batch == null || ran >= batch.size()) {
      return;
    }
    for (int i = batch.size() - 1; i >= ran; i--) {
      List<byte[]> args = batch.get(i).args();
      pending.addFirst(args);
      pendingBytes += size(args);
    }
    cut = true;
  }

  private void runAlone(Call call, long start) {
    run(onLoop -> engine.runAlone(session, call, onLoop), call.cmd().has(Cmd.WORKER), start, null);
    if (session.quit) {
      queue.peekLast().close = true;
      stop();
    }
  }

  /**
   * Runs {@code task} here, or on a worker when it must or when it says it must; {@code batch}: the
   * calls it runs when it is a batch, which may stop early.
   */
  private void run(
      Function<Boolean, Engine.Outcome> task, boolean worker, long start, List<Call> batch) {
    if (!worker) {
      try {
        Engine.Outcome o = task.apply(true);
        if (!o.offLoop()) {
          bigReads = false;
          requeue(batch, o.replies().size());
          if (isBlocked(o)) {
            blocked(start);
          } else {
            enqueue(o, start);
          }
          return;
        }
      } catch (RuntimeException e) {
        failed(e);
        return;
      }
    }
    busy = true;
    CompletableFuture<List<Reply>> replies = new CompletableFuture<>();
    Out out = new Out(null, replies, start, session.resp);
    out.drop = dropping(Integer.MAX_VALUE);
    queue.add(out);
    replies.whenComplete((r, e) -> ctx.executor().execute(this::drain));
    try {
      workers.execute(
          () -> {
            Engine.Outcome o = null;
            RuntimeException failure = null;
            try {
              o = task.apply(false);
            } catch (RuntimeException e) {
              failure = e;
            }
            Engine.Outcome done = o;
            RuntimeException err = failure;
            ctx.executor()
                .execute(
                    () -> {
                      out.resp = session.resp;
                      if (err != null) {
                        replies.complete(List.of());
                        failed(err);
                      } else if (isBlocked(done)) {
                        queue.remove(out);
                        blocked(start);
                        return;
                      } else {
                        if (batch != null) {
                          bigReads = done.replies().size() < batch.size();
                          requeue(batch, done.replies().size());
                        }
                        settle(done, replies);
                        committing(done.durable());
                      }
                      resume();
                    });
          });
    } catch (RejectedExecutionException e) {
      replies.complete(List.of());
      ctx.close(); // the server is stopping
    }
  }

  private static boolean isPush(Reply r) {
    return r instanceof Reply.Push
        || (r instanceof Reply.Many m
            && !m.items().isEmpty()
            && m.items().stream().allMatch(RespHandler::isPush));
  }

  private static boolean isBlocked(Engine.Outcome o) {
    return o.replies().size() == 1 && o.replies().get(0) == Reply.BLOCKED;
  }

  /** The command blocked the client: nothing else runs until its reply comes. */
  private void blocked(long start) {
    busy = true;
    blockedReply = new CompletableFuture<>();
    Out out = new Out(null, blockedReply, start, session.resp);
    out.drop = dropping(Integer.MAX_VALUE);
    queue.add(out);
    if (early != null) {
      Engine.Outcome o = early;
      early = null;
      unblock(o);
    }
  }

  private void unblock(Engine.Outcome o) {
    CompletableFuture<List<Reply>> replies = blockedReply;
    blockedReply = null;
    for (Out out : queue) {
      if (out.later == replies) {
        out.resp = session.resp;
      }
    }
    settle(o, replies);
    committing(o.durable());
    replies.whenComplete((r, e) -> ctx.executor().execute(this::resume));
  }

  /** Back from a worker (or a blocked command): take up the requests that waited. */
  void resume() {
    busy = false;
    drain(); // first: a client that does not read is paused before more of its requests run
    if (!closing && ctx.channel().isActive()) {
      process();
    }
    drain();
  }

  private static void settle(Engine.Outcome o, CompletableFuture<List<Reply>> replies) {
    if (o.durable() == null) {
      replies.complete(o.replies());
    } else {
      o.durable()
          .whenComplete(
              (v, e) ->
                  replies.complete(
                      e == null
                          ? o.replies()
                          : Collections.nCopies(o.replies().size(), Engine.storageError(e))));
    }
  }

  private void failed(RuntimeException e) {
    if (e instanceof RedisError.ReplyTooLarge) {
      LOG.warn(
          "redis client {}: {} exceeds the client output buffer limit, closing the connection",
          session.address,
          e.getMessage());
    } else if (!(e instanceof RedisError.Cancelled)) {
      LOG.warn("redis client {}: command failed", session.address, e);
    }
    stop();
    ctx.close();
  }

  private void enqueue(Engine.Outcome o, long start) {
    if (o.durable() == null) {
      enqueue(o.replies(), start);
      return;
    }
    CompletableFuture<List<Reply>> replies = new CompletableFuture<>();
    settle(o, replies);
    committing(o.durable());
    Out out = new Out(null, replies, start, session.resp);
    out.drop = dropping(o.replies().size());
    queue.add(out);
    replies.whenComplete((r, e) -> ctx.executor().execute(this::drain));
  }

  private Out enqueue(List<Reply> replies, long start) {
    Out o = new Out(replies, null, start, session.resp);
    o.drop = dropping(replies.size());
    queue.add(o);
    return o;
  }

  /** How many of the next {@code n} replies CLIENT REPLY OFF or SKIP suppresses (all: n). */
  private int dropping(int n) {
    switch (session.replyMode) {
      case "OFF":
        return n;
      case "SKIP":
        if (n > 0 && !skipArmed) {
          skipArmed = true; // CLIENT REPLY SKIP's own (empty) reply
          return 0;
        }
        session.replyMode = "ON";
        skipArmed = false;
        return Math.min(1, n);
      default:
        return 0;
    }
  }

  private boolean skipArmed;

  // ---- sending ----

  /** Sends every reply ready at the head of the queue, then flushes once. */
  private void drain() {
    if (queue.isEmpty() || !ctx.channel().isActive()) {
      return;
    }
    boolean close = false;
    boolean wrote = false;
    long now = System.nanoTime();
    ReplyWriter w = null;
    int resp = -1;
    while (!queue.isEmpty()) {
      Out o = queue.peekFirst();
      List<Reply> replies = o.ready();
      if (replies == null) {
        break;
      }
      if (w == null || resp != o.resp) {
        if (w != null) {
          w.finish();
        }
        resp = o.resp;
        w = new ReplyWriter(ctx.alloc(), resp == 3, ctx::write);
      }
      int failed = 0;
      boolean pause = false;
      for (int i = o.next; i < replies.size(); i++) {
        Reply r = replies.get(i);
        if (i < o.drop && !(resp == 3 && isPush(r))) {
          continue; // CLIENT REPLY OFF/SKIP; RESP3 push messages still go out
        }
        r.write(w);
        wrote = true;
        failed += r instanceof Reply.Error ? 1 : 0;
        if (mustPause()) {
          w.finish();
          ctx.flush();
          if (!ctx.channel().isWritable()) {
            o.next = i + 1;
            pause = true;
            break;
          }
        }
      }
      if (pause) {
        paused = true;
        queuedBytes = waitingBytes();
        w.finish();
        checkOutputLimit();
        return;
      }
      queue.pollFirst();
      metrics.observe(now - o.start, replies.size(), failed);
      if (!replies.isEmpty() && checkOutputLimit()) {
        w.finish();
        return;
      }
      if (o.close) {
        close = true;
        queue.clear();
        break;
      }
    }
    if (w != null) {
      w.finish();
    }
    if (close) {
      ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (wrote) {
      ctx.flush();
      checkOutputLimit();
    }
  }

  /**
   * The client does not read its replies fast enough: nothing more is sent or run for it until its
   * socket drains (Netty's writability), so a client that stops reading holds at most the replies
   * of the requests already run, not of every request it sent.
   */
  private boolean paused;

  /** Bytes of replies made but held back while paused (read by CLIENT LIST on other threads). */
  private volatile long queuedBytes;

  /** Unread replies past which a normal client's drain stops for the socket to drain. */
  private static final long PAUSE_BYTES = 1 << 20;

  private boolean mustPause() {
    if (session.subscriptions() > 0) {
      return false; // messages are not held back: the pubsub limits apply to them
    }
    ChannelOutboundBuffer ob = ctx.channel().unsafe().outboundBuffer();
    return ob != null && ob.totalPendingWriteBytes() > PAUSE_BYTES;
  }

  private long waitingBytes() {
    long n = 0;
    for (Out o : queue) {
      List<Reply> replies = o.replies;
      if (replies != null) {
        for (int i = o.next; i < replies.size(); i++) {
          n += approxSize(replies.get(i));
        }
      }
    }
    return n;
  }

  private static long approxSize(Reply r) {
    if (r instanceof Reply.Bulk b) {
      return b.data().length + 16;
    }
    if (r instanceof Reply.Array a) {
      long n = 16;
      for (Reply i : a.items()) {
        n += approxSize(i);
      }
      return n;
    }
    return 16;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && paused) {
      paused = false;
      queuedBytes = 0;
      drain();
      if (!busy && !paused && !closing && ctx.channel().isActive()) {
        process();
        drain();
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  /** When the unread replies first passed the soft limit (0: they are below it). */
  private long softSince;

  /**
   * Redis's client-output-buffer-limit: a client whose unread replies pass the hard limit, or stay
   * past the soft limit for its seconds, is disconnected. Tells whether it was.
   */
  private boolean checkOutputLimit() {
    long unread = outputBytes();
    boolean pubsub = session.subscriptions() > 0;
    ServerConfig.OutputLimit limit = engine.state.outputLimit(pubsub);
    String broken = null;
    if (unread > limit.hard()) {
      broken = "hard limit of " + limit.hard();
    } else if (unread > limit.soft()) {
      long now = System.nanoTime();
      if (softSince == 0) {
        softSince = now;
      } else if (now - softSince > limit.softNanos()) {
        broken =
            "soft limit of " + limit.soft() + " for " + limit.softNanos() / 1_000_000_000L + " s";
      }
    } else {
      softSince = 0;
    }
    if (broken == null) {
      return false;
    }
    LOG.warn(
        "redis client {} has {} bytes of unread replies, past the {} client output buffer {}:"
            + " closing the connection",
        session.address,
        unread,
        pubsub ? "pubsub" : "normal",
        broken);
    stop();
    queue.clear();
    ctx.close();
    return true;
  }

  // ---- Session.Connection ----

  @Override
  public void push(Reply r) {
    ctx.executor()
        .execute(
            () -> {
              if (closed) {
                return;
              }
              enqueue(List.of(r), System.nanoTime());
              drain();
            });
  }

  @Override
  public void blockedDone(Engine.Outcome o) {
    ctx.executor()
        .execute(
            () -> {
              if (blockedReply != null) {
                unblock(o);
              } else {
                early = o; // served before the loop took in that the command blocked
              }
            });
  }

  @Override
  public Runnable schedule(Runnable task, long millis) {
    var f = ctx.executor().schedule(task, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void loggedIn() {
    dev.orbit.node.protocol.NettyListener.authenticated(ctx.channel());
  }

  @Override
  public boolean closed() {
    return closed;
  }

  @Override
  public long outputBytes() {
    ChannelOutboundBuffer ob = ctx.channel().unsafe().outboundBuffer();
    return (ob == null ? 0 : ob.totalPendingWriteBytes()) + queuedBytes;
  }

  @Override
  public void kill() {
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("redis connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
