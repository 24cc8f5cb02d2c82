package dev.orbit.node.protocol.cql;

import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.Message;
import com.datastax.oss.protocol.internal.ProtocolConstants.ErrorCode;
import com.datastax.oss.protocol.internal.request.AuthResponse;
import com.datastax.oss.protocol.internal.request.Batch;
import com.datastax.oss.protocol.internal.request.Execute;
import com.datastax.oss.protocol.internal.request.Options;
import com.datastax.oss.protocol.internal.request.Prepare;
import com.datastax.oss.protocol.internal.request.Query;
import com.datastax.oss.protocol.internal.request.Register;
import com.datastax.oss.protocol.internal.request.Startup;
import com.datastax.oss.protocol.internal.response.AuthSuccess;
import com.datastax.oss.protocol.internal.response.Authenticate;
import com.datastax.oss.protocol.internal.response.Error;
import com.datastax.oss.protocol.internal.response.Ready;
import com.datastax.oss.protocol.internal.response.Supported;
import dev.orbit.node.cql.Session;
import dev.orbit.node.protocol.NettyListener;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CQL connection: STARTUP, authentication, REGISTER on the event loop; queries on worker
 * threads, answered on their stream id when done (writes once durable), so requests multiplex.
 */
final class CqlConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(CqlConnection.class);
  private static final int PAUSE_READS_AT = 2048;

  private final CqlServer server;
  private final Framing framing;
  private final Executor workers;
  private final Session session = new Session();
  private ChannelHandlerContext ctx;
  private int version = -1;
  private boolean ready;
  private int inFlight;

  CqlConnection(CqlServer server, Framing framing, Executor workers) {
    this.server = server;
    this.framing = framing;
    this.workers = workers;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    this.ctx = ctx;
    if (msg instanceof FrameDecoder.BadFrame bad) {
      int v = bad.version() > 5 || bad.version() < 1 ? 4 : bad.version();
      ctx.writeAndFlush(
              Frame.forResponse(
                  v,
                  bad.streamId(),
                  null,
                  Frame.NO_PAYLOAD,
                  List.of(),
                  new Error(ErrorCode.PROTOCOL_ERROR, bad.message())))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    Frame f = (Frame) msg;
    if (version >= 0 && f.protocolVersion != version) {
      protocolError(
          f,
          "Invalid message version. Got v"
              + f.protocolVersion
              + " but previous messages on this connection had version v"
              + version);
      return;
    }
    Message m = f.message;
    if (m instanceof Options) {
      reply(
          f,
          new Supported(
              Map.of(
                  "CQL_VERSION", List.of("3.4.6"),
                  "COMPRESSION", List.of("lz4"),
                  "PROTOCOL_VERSIONS", List.of("3/v3", "4/v4", "5/v5"))));
    } else if (m instanceof Startup s) {
      startup(f, s);
    } else if (m instanceof AuthResponse a) {
      authenticate(f, a);
    } else if (!ready) {
      protocolError(
          f,
          "Unexpected message "
              + m.getClass().getSimpleName().toUpperCase()
              + ", expecting STARTUP or AUTH_RESPONSE");
    } else if (m instanceof Register r) {
      server.register(ctx.channel(), f.protocolVersion, r.eventTypes);
      reply(f, new Ready());
    } else if (m instanceof Query
        || m instanceof Prepare
        || m instanceof Execute
        || m instanceof Batch) {
      dispatch(f);
    } else {
      protocolError(f, "Unexpected message " + m);
    }
  }

  private void startup(Frame f, Startup s) {
    if (version >= 0) {
      protocolError(f, "Unexpected message STARTUP, the connection is already initialized");
      return;
    }
    String compression = s.options.get("COMPRESSION");
    if (compression != null && !compression.equalsIgnoreCase("lz4")) {
      protocolError(f, "Unknown compression algorithm: " + compression);
      return;
    }
    version = f.protocolVersion;
    if (server.auth().required()) {
      reply(f, new Authenticate("org.apache.cassandra.auth.PasswordAuthenticator"));
    } else {
      ready = true;
      NettyListener.authenticated(ctx.channel());
      reply(f, new Ready());
    }
    framing.established(version, compression != null);
  }

  private void authenticate(Frame f, AuthResponse a) {
    String user = server.auth().check(a.token);
    if (user == null) {
      reply(f, new Error(ErrorCode.AUTH_ERROR, "Provided username and/or password are incorrect"));
      return;
    }
    ready = true;
    NettyListener.authenticated(ctx.channel());
    reply(f, new AuthSuccess(null));
  }

  private void dispatch(Frame f) {
    if (++inFlight > PAUSE_READS_AT) {
      ctx.channel().config().setAutoRead(false);
    }
    try {
      workers.execute(() -> run(f));
    } catch (RejectedExecutionException e) {
      done(f, new Error(ErrorCode.OVERLOADED, "server is shutting down"));
    }
  }

  private void run(Frame f) {
    CompletableFuture<? extends Message> result;
    try {
      result = server.handle(session, f.message, ctx.channel());
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete((r, err) -> done(f, err == null ? r : CqlErrors.toMessage(err)));
  }

  private void done(Frame f, Message response) {
    ctx.channel()
        .eventLoop()
        .execute(
            () -> {
              if (--inFlight == PAUSE_READS_AT) {
                ctx.channel().config().setAutoRead(true);
              }
              reply(f, response);
            });
  }

  private void reply(Frame f, Message m) {
    ctx.writeAndFlush(
        Frame.forResponse(f.protocolVersion, f.streamId, null, Frame.NO_PAYLOAD, List.of(), m));
  }

  private void protocolError(Frame f, String message) {
    ctx.writeAndFlush(
            Frame.forResponse(
                f.protocolVersion,
                f.streamId,
                null,
                Frame.NO_PAYLOAD,
                List.of(),
                new Error(ErrorCode.PROTOCOL_ERROR, message)))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("cql connection {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  InetSocketAddress local() {
    return (InetSocketAddress) ctx.channel().localAddress();
  }
}
