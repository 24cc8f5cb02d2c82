package dev.orbit.node.protocol;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Netty event loops and server channels: epoll where available, else NIO. */
public final class NettyTransport {
  private static final boolean EPOLL = Epoll.isAvailable();

  private NettyTransport() {}

  /** An event loop group of {@code threads} threads named {@code name-<n>-<i>}. */
  public static EventLoopGroup group(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(
        threads,
        new DefaultThreadFactory(name),
        EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  public static Class<? extends ServerSocketChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
