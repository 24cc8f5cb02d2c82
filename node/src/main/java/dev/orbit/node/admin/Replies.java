package dev.orbit.node.admin;

import dev.orbit.node.metrics.WarnLog;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Writes admin responses; every error answer leaves a WARN line with the client's address. */
final class Replies {
  static final WarnLog WARN = new WarnLog(LoggerFactory.getLogger(AdminServer.class));

  /** Fired through the pipeline once a response went out on a connection that stays open. */
  enum Sent {
    INSTANCE
  }

  private Replies() {}

  /**
   * Sends {@code r} for {@code what} (e.g. "GET /v1/status"). {@code keepAlive} false closes the
   * connection after it; true lets the connection read its next request.
   */
  static void send(
      ChannelHandlerContext ctx,
      String what,
      boolean keepAlive,
      AdminResponse r,
      Map<String, String> headers) {
    if (r.status() >= 400) {
      WARN.warn(
          "admin: {} {} from {}: {}",
          r.status(),
          what,
          ctx.channel().remoteAddress(),
          new String(r.body(), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip());
    }
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.status()),
            Unpooled.wrappedBuffer(r.body()));
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
        .set(
            HttpHeaderNames.CONNECTION,
            keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    headers.forEach(res.headers()::set);
    ChannelFuture f = ctx.channel().writeAndFlush(res);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    } else {
      f.addListener(
          done -> {
            if (done.isSuccess()) {
              ctx.pipeline().fireUserEventTriggered(Sent.INSTANCE);
              ctx.channel().config().setAutoRead(true);
            } else {
              ctx.channel().close();
            }
          });
    }
  }
}
