package dev.orbit.node.admin;

import dev.orbit.config.Sizes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import java.util.TreeSet;

/**
 * Decides on a request from its headers alone, before any body is read: malformed or too long (400,
 * 414, 431), unknown (404, 405), without the bearer token (401) or announcing a body over {@code
 * admin.maxBodySize} (413). A refused request is answered at once and its connection closed; the
 * rest of its body is dropped unread.
 */
final class AdminGate extends ChannelInboundHandlerAdapter {
  private final AdminRoutes routes;
  private final BearerToken token;
  private final long maxBody;
  private boolean discarding;

  AdminGate(AdminRoutes routes, BearerToken token, long maxBody) {
    this.routes = routes;
    this.token = token;
    this.maxBody = maxBody;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      if (req.decoderResult().isFailure() && !ctx.channel().isActive()) {
        ReferenceCountUtil.release(msg); // the codec's last word on a closed connection
        return;
      }
      discarding = false;
      String what = req.method().name() + " " + new QueryStringDecoder(req.uri()).path();
      AdminResponse refusal = check(req);
      if (refusal != null) {
        discarding = true;
        ReferenceCountUtil.release(msg);
        Map<String, String> headers =
            refusal.status() == 401
                ? Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer realm=\"orbit\"")
                : refusal.status() == 405
                    ? Map.of("Allow", String.join(", ", routes.allowed(path(req))))
                    : Map.of();
        Replies.send(ctx, what, false, refusal, headers);
        return;
      }
    } else if (discarding && msg instanceof HttpContent) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private AdminResponse check(HttpRequest req) {
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      int status =
          cause instanceof TooLongHttpLineException
              ? 414
              : cause instanceof TooLongHttpHeaderException ? 431 : 400;
      String why = cause instanceof TooLongFrameException ? "too long" : "malformed";
      return AdminResponse.error(status, "request " + why + ": " + cause.getMessage());
    }
    String path = path(req);
    AdminRoutes.Match m = routes.match(req.method().name(), path);
    if (m == null) {
      TreeSet<String> allowed = routes.allowed(path);
      return allowed.isEmpty()
          ? AdminResponse.error(404, "no such endpoint: " + path)
          : AdminResponse.error(405, "use " + String.join(" or ", allowed) + " on " + path);
    }
    if (m.route().access() == AdminRoutes.Access.TOKEN
        && !token.accepts(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      return AdminResponse.error(
          401, "this endpoint needs the header 'Authorization: Bearer <admin.token>'");
    }
    long length = HttpUtil.getContentLength(req, -1L);
    if (length > maxBody) {
      return AdminResponse.error(
          413,
          "request body of "
              + length
              + " bytes is larger than admin.maxBodySize ("
              + Sizes.format(maxBody)
              + ")");
    }
    return null;
  }

  private static String path(HttpRequest req) {
    return new QueryStringDecoder(req.uri()).path();
  }
}
