package dev.orbit.node.admin;

import dev.orbit.config.Durations;
import dev.orbit.config.NodeConfig;
import dev.orbit.node.metrics.ConnectionMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read deadlines of one admin connection: a request's line and headers must arrive within {@code
 * admin.headerTimeout} (counted from the connection's start or the previous response), its body
 * within {@code admin.bodyTimeout} after them. A late request gets 408 and the connection closes;
 * an idle kept-alive connection is closed without a word. Two handlers share the state: one before
 * the HTTP codec sees bytes arrive, one after it sees where a request stands.
 */
final class AdminTimeouts {
  private static final Logger LOG = LoggerFactory.getLogger(AdminTimeouts.class);

  private enum Phase {
    HEADERS,
    BODY,
    HANDLING
  }

  private final NodeConfig.Admin config;
  private final ConnectionMetrics metrics;
  private final Waiting waiting;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private Phase phase = Phase.HEADERS;
  private boolean bytesSinceResponse;

  AdminTimeouts(NodeConfig.Admin config, ConnectionMetrics metrics, Waiting waiting) {
    this.config = config;
    this.metrics = metrics;
    this.waiting = waiting;
  }

  /**
   * The connections of one admin server waiting for a request, oldest first. When every connection
   * is taken, the one that has waited longest is closed to let a new one in, so idle or stalled
   * clients cannot lock health probes out. Used on the server's one event loop only.
   */
  static final class Waiting {
    private final java.util.LinkedHashSet<AdminTimeouts> queue = new java.util.LinkedHashSet<>();

    /** Reads of request bytes on every connection so far (for tests: what the server has seen). */
    final java.util.concurrent.atomic.AtomicLong reads =
        new java.util.concurrent.atomic.AtomicLong();

    /** Closes the connection that has waited longest for its request; false when none waits. */
    boolean evictOldest() {
      java.util.Iterator<AdminTimeouts> it = queue.iterator();
      if (!it.hasNext()) {
        return false;
      }
      AdminTimeouts t = it.next();
      it.remove();
      t.evict();
      return true;
    }
  }

  private void evict() {
    cancel();
    metrics.dropped("admin", "evicted");
    if (bytesSinceResponse) {
      Replies.send(
          ctx,
          "request",
          false,
          AdminResponse.error(
              408, "request not complete when admin.maxConnections was reached; closed"),
          Map.of());
    } else {
      Replies.WARN.warn(
          "admin: closed idle connection from {} to make room (admin.maxConnections is {})",
          ctx.channel().remoteAddress(),
          config.maxConnections);
      ctx.close();
    }
  }

  /** Goes before the HTTP codec. */
  ChannelHandler bytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) {
        bytesSinceResponse = true;
        waiting.reads.incrementAndGet();
        c.fireChannelRead(msg);
      }
    };
  }

  /** Goes right after the HTTP codec. */
  ChannelHandler messages() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void handlerAdded(ChannelHandlerContext c) {
        ctx = c;
        arm(Phase.HEADERS);
      }

      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) {
        if (msg instanceof LastHttpContent) {
          arm(Phase.HANDLING);
        } else if (msg instanceof HttpRequest) {
          arm(Phase.BODY);
        }
        c.fireChannelRead(msg);
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext c, Object evt) {
        if (evt == Replies.Sent.INSTANCE) {
          bytesSinceResponse = false;
          arm(Phase.HEADERS);
        }
        c.fireUserEventTriggered(evt);
      }

      @Override
      public void channelInactive(ChannelHandlerContext c) {
        cancel();
        waiting.queue.remove(AdminTimeouts.this);
        c.fireChannelInactive();
      }
    };
  }

  private void arm(Phase p) {
    cancel();
    phase = p;
    waiting.queue.remove(this);
    if (p == Phase.HEADERS) {
      waiting.queue.add(this); // to the end: it starts waiting now
    }
    Duration d = p == Phase.HEADERS ? config.headerTimeout : config.bodyTimeout;
    if (p != Phase.HANDLING) {
      timer = ctx.executor().schedule(() -> expire(p, d), d.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(Phase p, Duration d) {
    if (phase != p || !ctx.channel().isActive()) {
      return;
    }
    if (p == Phase.HEADERS && !bytesSinceResponse) {
      LOG.debug("admin: closing idle connection from {}", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    String key = p == Phase.HEADERS ? "admin.headerTimeout" : "admin.bodyTimeout";
    metrics.dropped("admin", p == Phase.HEADERS ? "header_timeout" : "body_timeout");
    String what = p == Phase.HEADERS ? "request line and headers" : "request body";
    Replies.send(
        ctx,
        "request",
        false,
        AdminResponse.error(
            408, what + " not received within " + Durations.format(d) + " (" + key + ")"),
        Map.of());
  }
}
