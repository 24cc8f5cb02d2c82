package dev.orbit.node.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a complete admin request's handler in its route's lane and sends the answer. A connection
 * reads its next request only after this one's answer went out, so answers keep request order.
 */
final class AdminDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final AdminRoutes routes;
  private final Map<AdminRoutes.Lane, Executor> lanes;

  /** {@code lanes} has no entry for {@link AdminRoutes.Lane#LOOP}: those run inline. */
  AdminDispatcher(AdminRoutes routes, Map<AdminRoutes.Lane, Executor> lanes) {
    this.routes = routes;
    this.lanes = lanes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    QueryStringDecoder qs = new QueryStringDecoder(req.uri());
    String what = req.method().name() + " " + qs.path();
    AdminRoutes.Match m = routes.match(req.method().name(), qs.path());
    if (m == null) { // the gate answers these; a route cannot vanish in between
      Replies.send(ctx, what, false, AdminResponse.error(404, "no such endpoint"), Map.of());
      return;
    }
    Map<String, String> query = new HashMap<>();
    for (Map.Entry<String, List<String>> e : qs.parameters().entrySet()) {
      query.put(e.getKey(), e.getValue().get(0));
    }
    AdminRequest r =
        new AdminRequest(
            req.method().name(),
            qs.path(),
            m.params(),
            query,
            ByteBufUtil.getBytes(req.content()),
            ctx.channel().remoteAddress());
    ctx.channel().config().setAutoRead(false);
    Executor lane = lanes.get(m.route().lane());
    if (lane == null) {
      Replies.send(ctx, what, keepAlive, run(m.route(), r), Map.of());
      return;
    }
    try {
      lane.execute(() -> Replies.send(ctx, what, keepAlive, run(m.route(), r), Map.of()));
    } catch (RejectedExecutionException e) {
      Replies.send(
          ctx,
          what,
          keepAlive,
          AdminResponse.error(503, "the admin API is busy with other requests; try again"),
          Map.of("Retry-After", "1"));
    }
  }

  private static AdminResponse run(AdminRoutes.Route route, AdminRequest r) {
    try {
      return route.handler().handle(r);
    } catch (AdminException e) {
      return AdminResponse.error(e.status(), e.getMessage());
    } catch (IllegalArgumentException e) {
      return AdminResponse.error(400, e.getMessage());
    } catch (Exception | Error e) {
      Replies.WARN.warn("admin: {} {} failed from {}", r.method(), r.path(), r.remote(), e);
      return AdminResponse.error(500, String.valueOf(e.getMessage()));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!ctx.channel().isActive()) {
      return; // e.g. the client closed in the middle of a body: nothing to answer
    }
    Replies.WARN.warn(
        "admin: connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
