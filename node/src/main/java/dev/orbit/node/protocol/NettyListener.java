package dev.orbit.node.protocol;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A Netty TCP listener for one protocol; the protocol supplies the pipeline of each connection. */
public final class NettyListener implements ProtocolServer {
  private final String protocol;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;
  private final AtomicInteger connections = new AtomicInteger();

  public NettyListener(String protocol, String host, int port, Consumer<SocketChannel> pipeline) {
    this.protocol = protocol;
    boolean epoll = Epoll.isAvailable();
    this.boss =
        new MultiThreadIoEventLoopGroup(
            1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.workers =
        new MultiThreadIoEventLoopGroup(
            Runtime.getRuntime().availableProcessors(),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends ServerSocketChannel> type =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ChannelHandler init =
        new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.incrementAndGet();
            ch.closeFuture().addListener(f -> connections.decrementAndGet());
            pipeline.accept(ch);
          }
        };
    try {
      this.channel =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(type)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(init)
              .bind(new InetSocketAddress(host, port))
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      shutdown();
      throw new IllegalStateException(
          "cannot listen for " + protocol + " on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public boolean serving() {
    return channel.isActive();
  }

  public int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    shutdown();
  }

  private void shutdown() {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
