package dev.orbit.node.protocol;

import dev.orbit.config.Durations;
import dev.orbit.node.metrics.WarnLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The timeouts of one connection: authentication (one deadline from connect until the protocol
 * reports a login), partial frames (a message begun must be complete in time) and idleness. One
 * handler before the protocol's decoder sees bytes arrive and leave; one after it sees messages
 * come out. Everything runs on the connection's event loop.
 */
final class ConnectionGuard {
  private static final AttributeKey<ConnectionGuard> KEY = AttributeKey.valueOf("orbit-guard");
  private static final WarnLog WARN = new WarnLog(LoggerFactory.getLogger(ConnectionGuard.class));

  /**
   * The bytes a decoder holds that no message has used yet. Netty keeps them in a package-private
   * field; reading it is the one exact way to tell a partial frame from none.
   */
  private static final VarHandle CUMULATION = cumulation();

  private static VarHandle cumulation() {
    try {
      return MethodHandles.privateLookupIn(ByteToMessageDecoder.class, MethodHandles.lookup())
          .findVarHandle(ByteToMessageDecoder.class, "cumulation", ByteBuf.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LoggerFactory.getLogger(ConnectionGuard.class)
          .warn("cannot see decoders' buffered bytes; frame timeouts are off: {}", e.toString());
      return null;
    }
  }

  private final Channel ch;
  private final String listener;
  private final ListenerOptions o;
  private ScheduledFuture<?> authDeadline;
  private ScheduledFuture<?> check;
  private boolean authenticated;

  /** The protocol's decoder, whose buffered bytes tell whether a message is incomplete. */
  private ByteToMessageDecoder decoder;

  private boolean messageSeen;

  /** Bytes of the current read, and of the pending frame since its clock last started. */
  private long readBytes;

  private long frameBytes;

  /** A partial frame that grows by this much restarts its clock: slow uploads are not attacks. */
  static final long PROGRESS_BYTES = 1 << 20;

  /** When the first byte of a message not yet decoded arrived; 0 when none is pending. */
  private long frameStart;

  private long lastActivity = System.nanoTime();

  private ConnectionGuard(Channel ch, String listener, ListenerOptions o) {
    this.ch = ch;
    this.listener = listener;
    this.o = o;
  }

  /** Puts the guard first in {@code ch}'s pipeline; call on its event loop before the protocol. */
  static void install(Channel ch, String listener, ListenerOptions o) {
    ConnectionGuard g = new ConnectionGuard(ch, listener, o);
    ch.attr(KEY).set(g);
    ch.pipeline().addFirst("orbit-guard", g.new Head());
    if (on(o.authenticationTimeout)) {
      g.authDeadline =
          ch.eventLoop()
              .schedule(g::authTimedOut, nanos(o.authenticationTimeout), TimeUnit.NANOSECONDS);
    }
    long period = checkPeriodNanos(o);
    if (period > 0) {
      g.check =
          ch.eventLoop().scheduleAtFixedRate(g::checkTimes, period, period, TimeUnit.NANOSECONDS);
    }
  }

  /** Puts the message watcher right after the protocol's decoder (call after the protocol). */
  static void afterDecoder(Channel ch) {
    ConnectionGuard g = ch.attr(KEY).get();
    for (Map.Entry<String, ChannelHandler> e : ch.pipeline()) {
      if (e.getValue() instanceof ByteToMessageDecoder) {
        ch.pipeline().addAfter(e.getKey(), "orbit-messages", g.new Messages());
        boolean knowable = CUMULATION != null || e.getValue() instanceof FrameAware;
        g.decoder = knowable ? (ByteToMessageDecoder) e.getValue() : null;
        return;
      }
    }
  }

  /** The protocol authenticated the client on {@code ch}: its login deadline no longer applies. */
  static void authenticated(Channel ch) {
    ConnectionGuard g = ch.attr(KEY).get();
    if (g == null) {
      return;
    }
    if (ch.eventLoop().inEventLoop()) {
      g.markAuthenticated();
    } else {
      ch.eventLoop().execute(g::markAuthenticated);
    }
  }

  private void markAuthenticated() {
    authenticated = true;
    if (authDeadline != null) {
      authDeadline.cancel(false);
      authDeadline = null;
    }
  }

  private static long checkPeriodNanos(ListenerOptions o) {
    long shortest = Long.MAX_VALUE;
    for (Duration d : new Duration[] {o.frameTimeout, o.idleTimeout}) {
      if (on(d)) {
        shortest = Math.min(shortest, nanos(d));
      }
    }
    return shortest == Long.MAX_VALUE ? 0 : Math.max(shortest / 4, 50_000_000L);
  }

  private static boolean on(Duration d) {
    return !d.isZero() && !d.isNegative();
  }

  private static long nanos(Duration d) {
    return d.toNanos();
  }

  private void authTimedOut() {
    if (!authenticated && ch.isActive()) {
      drop(
          "authentication_timeout",
          "not authenticated within",
          o.authenticationTimeout,
          "authenticationTimeout");
    }
  }

  private void checkTimes() {
    long now = System.nanoTime();
    if (frameStart != 0 && on(o.frameTimeout)) {
      if (!ch.config().isAutoRead()) {
        frameStart = now; // the node paused reading (backpressure): the client is not to blame
      } else if (now - frameStart > nanos(o.frameTimeout)) {
        drop("frame_timeout", "a message still incomplete after", o.frameTimeout, "frameTimeout");
        return;
      }
    }
    if (on(o.idleTimeout) && now - lastActivity > nanos(o.idleTimeout)) {
      drop("idle_timeout", "idle for", o.idleTimeout, "timeout");
    }
  }

  private void drop(String reason, String what, Duration d, String key) {
    o.metrics.dropped(listener, reason);
    WARN.warn(
        "{}: closing connection from {}: {} {} ({}{})",
        listener,
        ch.remoteAddress(),
        what,
        Durations.format(d),
        o.keyPrefix,
        key);
    cancel();
    ch.close();
  }

  private void cancel() {
    if (authDeadline != null) {
      authDeadline.cancel(false);
    }
    if (check != null) {
      check.cancel(false);
    }
  }

  /** Whether the decoder holds part of a frame: its own word, else the bytes Netty keeps for it. */
  private boolean midFrame() {
    if (decoder instanceof FrameAware f) {
      return f.midFrame();
    }
    ByteBuf pending = (ByteBuf) CUMULATION.get(decoder);
    return pending != null && pending.isReadable();
  }

  /** First in the pipeline: notes bytes in and out. */
  private final class Head extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      lastActivity = System.nanoTime();
      if (msg instanceof ByteBuf b) {
        readBytes += b.readableBytes();
      }
      ctx.fireChannelRead(msg);
    }

    /** Runs after the decoder handled this read: is a message left incomplete? */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (decoder != null) {
        if (!midFrame()) {
          frameStart = 0;
        } else if (messageSeen || frameStart == 0) {
          frameStart = lastActivity; // a message began in this read
          frameBytes = 0;
        } else if ((frameBytes += readBytes) >= PROGRESS_BYTES) {
          frameStart = lastActivity;
          frameBytes = 0;
        }
        messageSeen = false;
      }
      readBytes = 0;
      ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      lastActivity = System.nanoTime();
      ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      cancel();
      ctx.fireChannelInactive();
    }
  }

  /** Right after the decoder: notes that messages come out. */
  private final class Messages extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      messageSeen = true;
      if (o.firstMessageAuthenticates && !authenticated) {
        markAuthenticated();
      }
      ctx.fireChannelRead(msg);
    }
  }
}
