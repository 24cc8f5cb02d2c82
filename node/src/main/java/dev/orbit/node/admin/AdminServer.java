package dev.orbit.node.admin;

import dev.orbit.config.NodeConfig;
import dev.orbit.config.Sizes;
import dev.orbit.node.Node;
import dev.orbit.node.metrics.NodeMetrics;
import dev.orbit.node.protocol.ListenerOptions;
import dev.orbit.node.protocol.LoopWatchdog;
import dev.orbit.node.protocol.NettyListener;
import dev.orbit.node.protocol.Refusal;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's admin HTTP API (Netty's HTTP codec on one event loop): {@code /livez}, {@code
 * /readyz}, {@code /metrics} open to all, everything else behind {@code admin.token}. Handlers run
 * in their route's lane, so health checks never wait behind other requests; each connection's
 * requests are bounded in size and in the time they may take to arrive.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  static final int MAX_LINE = 4096;
  static final int MAX_HEADERS = 8192;

  private final NettyListener listener;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor health;

  private final AdminTimeouts.Waiting waiting;

  /** How many reads of request bytes the server has made on all connections (tests wait on it). */
  long readsSeen() {
    return waiting.reads.get();
  }

  /** The node's API on {@code host:port} (0 picks a free port). */
  public AdminServer(Node node, String host, int port) {
    this(NodeRoutes.of(node), node.config().admin, host, port, node.watchdog(), node.metrics());
  }

  /** An admin server of {@code routes} (tests use their own). */
  public AdminServer(
      AdminRoutes routes,
      NodeConfig.Admin config,
      String host,
      int port,
      LoopWatchdog watchdog,
      NodeMetrics metrics) {
    this.workers = pool("orbit-admin-worker", config.workers, 4 * config.workers);
    this.health = pool("orbit-admin-health", 1, 16);
    Map<AdminRoutes.Lane, Executor> lanes = new EnumMap<>(AdminRoutes.Lane.class);
    lanes.put(AdminRoutes.Lane.WORK, workers);
    lanes.put(AdminRoutes.Lane.HEALTH, health);
    BearerToken token = new BearerToken(config.token);
    AdminResponse.error(500, "warm-up"); // JSON's first use costs ~0.5 s: not on the event loop
    int maxBody = (int) Math.min(Integer.MAX_VALUE, config.maxBodySize.bytes());
    AdminTimeouts.Waiting waiting = new AdminTimeouts.Waiting();
    this.waiting = waiting;
    ListenerOptions options =
        ListenerOptions.defaults()
            .ioThreads(1)
            .maxConnections(config.maxConnections, "admin.maxConnections")
            .evictor(waiting::evictOldest)
            .refusal(
                Refusal.message(
                    "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
                        + "Content-Type: text/plain\r\nContent-Length: 28\r\n\r\n"
                        + "too many admin connections\r\n"))
            .watchdog(watchdog)
            .metrics(metrics.connections());
    try {
      this.listener =
          new NettyListener(
              "admin",
              host,
              port,
              options,
              ch -> {
                AdminTimeouts timeouts = new AdminTimeouts(config, metrics.connections(), waiting);
                ch.pipeline()
                    .addLast("admin-bytes", timeouts.bytes())
                    .addLast("http", new HttpServerCodec(MAX_LINE, MAX_HEADERS, 8192))
                    .addLast("admin-timeouts", timeouts.messages())
                    .addLast("admin-gate", new AdminGate(routes, token, maxBody))
                    .addLast("admin-body", new BodyAggregator(maxBody))
                    .addLast("admin-dispatch", new AdminDispatcher(routes, lanes));
              });
    } catch (RuntimeException e) {
      workers.shutdownNow();
      health.shutdownNow();
      throw new IllegalStateException(
          "cannot listen for admin API on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    if (!token.required()) {
      LOG.warn(
          "admin API on port {} has no admin.token: anyone who reaches it can start backups"
              + " (set ORBIT_ADMIN_TOKEN)",
          port());
    }
  }

  private static ThreadPoolExecutor pool(String name, int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor p =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  public int port() {
    return listener.port();
  }

  @Override
  public void close() {
    listener.close();
    workers.shutdownNow();
    health.shutdownNow();
  }

  /** Collects a body up to the limit; a chunked body that grows past it gets 413. */
  private static final class BodyAggregator extends HttpObjectAggregator {
    BodyAggregator(int max) {
      super(max);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      Replies.send(
          ctx,
          "request",
          false,
          AdminResponse.error(
              413,
              "request body is larger than admin.maxBodySize ("
                  + Sizes.format(maxContentLength())
                  + ")"),
          Map.of());
    }
  }
}
