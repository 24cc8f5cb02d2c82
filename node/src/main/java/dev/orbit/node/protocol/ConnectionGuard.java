package dev.orbit.node.protocol;

import dev.orbit.config.Durations;
import dev.orbit.node.metrics.WarnLog;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
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

  private final Channel ch;
  private final String listener;
  private final ListenerOptions o;
  private ScheduledFuture<?> authDeadline;
  private ScheduledFuture<?> check;
  private boolean authenticated;

  /** Whether a decoder was found to tell when a message is complete. */
  private boolean framesTracked;

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
        g.framesTracked = true;
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
    if (frameStart != 0 && framesTracked && on(o.frameTimeout)) {
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

  /** First in the pipeline: notes bytes in and out. */
  private final class Head extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      long now = System.nanoTime();
      lastActivity = now;
      if (frameStart == 0) {
        frameStart = now;
      }
      ctx.fireChannelRead(msg);
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

  /** Right after the decoder: a message came out, so no frame is pending. */
  private final class Messages extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      frameStart = 0;
      if (o.firstMessageAuthenticates && !authenticated) {
        markAuthenticated();
      }
      ctx.fireChannelRead(msg);
    }
  }
}
