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
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private Phase phase = Phase.HEADERS;
  private boolean bytesSinceResponse;

  AdminTimeouts(NodeConfig.Admin config, ConnectionMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  /** Goes before the HTTP codec. */
  ChannelHandler bytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) {
        bytesSinceResponse = true;
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
        c.fireChannelInactive();
      }
    };
  }

  private void arm(Phase p) {
    cancel();
    phase = p;
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
