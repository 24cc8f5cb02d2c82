package dev.orbit.node.protocol.pg;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;

/**
 * What a connection over {@code protocols.postgres.maxConnections} gets, as from PostgreSQL: SSL
 * and GSS requests are declined, then the startup packet is answered with FATAL 53300 "sorry, too
 * many clients already" and the connection is closed.
 */
final class PgRefusal extends ChannelInboundHandlerAdapter {
  static void install(SocketChannel ch) {
    ch.pipeline().addLast(new PgDecoder(), new PgRefusal());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof PgDecoder.Startup s)) {
      ctx.close();
      return;
    }
    PgOut out = new PgOut();
    switch (s.code()) {
      case PgDecoder.SSL_REQUEST, PgDecoder.GSSENC_REQUEST -> {
        out.raw('N');
        ctx.writeAndFlush(out.take());
      }
      case PgDecoder.CANCEL_REQUEST -> ctx.close();
      default -> {
        out.begin('E');
        out.int8('S').cstring("FATAL");
        out.int8('V').cstring("FATAL");
        out.int8('C').cstring("53300");
        out.int8('M').cstring("sorry, too many clients already");
        out.int8(0).end();
        ctx.writeAndFlush(out.take()).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
