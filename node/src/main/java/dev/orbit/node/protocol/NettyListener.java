package dev.orbit.node.protocol;

import dev.orbit.node.metrics.WarnLog;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * A Netty TCP listener for one protocol; the protocol supplies the pipeline of each connection. The
 * listener enforces the connection limit (a connection over it gets the protocol's refusal and is
 * closed within {@link #REFUSAL_SECONDS}) and each connection's timeouts, and has the watchdog
 * measure its event loops.
 */
public final class NettyListener implements ProtocolServer {
  /** Refused connections waiting for their refusal to be sent; beyond this they are just closed. */
  static final int MAX_REFUSING = 64;

  static final int REFUSAL_SECONDS = 10;
  static final int STOP_SECONDS = 10;
  private static final WarnLog WARN = new WarnLog(LoggerFactory.getLogger(NettyListener.class));

  private final String protocol;
  private final ListenerOptions options;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger refusing = new AtomicInteger();

  public NettyListener(String protocol, String host, int port, Consumer<SocketChannel> pipeline) {
    this(protocol, host, port, ListenerOptions.defaults(), pipeline);
  }

  public NettyListener(
      String protocol,
      String host,
      int port,
      ListenerOptions options,
      Consumer<SocketChannel> pipeline) {
    this.protocol = protocol;
    this.options = options;
    this.boss = NettyTransport.group(1, protocol + "-accept");
    this.workers = NettyTransport.group(options.ioThreads, protocol + "-io");
    ChannelHandler init =
        new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (!admit()) {
              refuse(ch);
              return;
            }
            ch.closeFuture().addListener(f -> connections.decrementAndGet());
            ConnectionGuard.install(ch, protocol, options);
            pipeline.accept(ch);
            ConnectionGuard.afterDecoder(ch);
          }
        };
    try {
      this.channel =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NettyTransport.serverChannel())
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
    if (options.watchdog != null) {
      options.watchdog.watch(protocol + "-accept", boss);
      options.watchdog.watch(protocol + "-io", workers);
    }
    options.metrics.track(protocol, connections::get);
  }

  /** Counts a new connection unless the limit is reached. */
  private boolean admit() {
    while (true) {
      int n = connections.get();
      if (options.maxConnections > 0 && n >= options.maxConnections) {
        if (options.evictor != null && options.evictor.getAsBoolean()) {
          connections.incrementAndGet(); // the evicted one is closing
          return true;
        }
        return false;
      }
      if (connections.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  private void refuse(SocketChannel ch) {
    options.metrics.dropped(protocol, "max_connections");
    WARN.warn(
        "{}: refused connection from {}: {} connections open ({} is {})",
        protocol,
        ch.remoteAddress(),
        connections.get(),
        options.maxConnectionsKey,
        options.maxConnections);
    if (refusing.incrementAndGet() > MAX_REFUSING) {
      refusing.decrementAndGet();
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> refusing.decrementAndGet());
    ch.eventLoop().schedule(() -> ch.close(), REFUSAL_SECONDS, TimeUnit.SECONDS);
    options.refusal.install(ch);
  }

  /**
   * The protocol authenticated the client of {@code ch} (any thread): its authentication timeout no
   * longer applies.
   */
  public static void authenticated(Channel ch) {
    ConnectionGuard.authenticated(ch);
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

  /**
   * Stops the event loops, waiting at most {@link #STOP_SECONDS} s for each group: a loop wedged in
   * a handler never stops, and shutdown must not hang on it.
   *
   * @throws IllegalStateException when a loop did not stop (it may still be running a request)
   */
  private void shutdown() {
    if (options.watchdog != null) {
      options.watchdog.unwatch(boss);
      options.watchdog.unwatch(workers);
    }
    options.metrics.untrack(protocol);
    boolean stopped =
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS)
                .awaitUninterruptibly(STOP_SECONDS, TimeUnit.SECONDS)
            & workers
                .shutdownGracefully(0, 2, TimeUnit.SECONDS)
                .awaitUninterruptibly(STOP_SECONDS, TimeUnit.SECONDS);
    if (!stopped) {
      throw new IllegalStateException(
          "the " + protocol + " event loops did not stop within " + STOP_SECONDS + " s");
    }
  }
}
