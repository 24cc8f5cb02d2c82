package dev.orbit.node.protocol.resp;

import dev.orbit.config.RedisProtocol;
import dev.orbit.node.metrics.NodeMetrics;
import dev.orbit.node.protocol.ListenerOptions;
import dev.orbit.node.protocol.NettyListener;
import dev.orbit.node.protocol.ProtocolServer;
import dev.orbit.node.protocol.Refusal;
import dev.orbit.node.redis.Collector;
import dev.orbit.node.redis.Keyspace;
import dev.orbit.node.storage.ProtocolStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis listener over the {@code redis} protocol store: the command table, worker threads for
 * long commands, and the collector of expired keys and dropped collections.
 */
public final class RedisServer implements ProtocolServer {
  public static final String PROTOCOL = "redis";

  private final NettyListener listener;
  private final Engine engine;
  private final ExecutorService workers;
  private final Collector collector;

  /**
   * @param users user → password ({@code auth.users}); a password is required when not empty
   */
  public RedisServer(
      String host,
      int port,
      ProtocolStore store,
      NodeMetrics metrics,
      Clock clock,
      ListenerOptions options,
      RedisProtocol settings,
      Map<String, String> users) {
    NettyListener[] self = new NettyListener[1];
    Keyspace ks = new Keyspace(store);
    ks.upgradeFormat();
    ServerConfig config =
        new ServerConfig(
            settings.protoMaxBulkLen.bytes(),
            1L << 30,
            settings.clientOutputBufferLimit.bytes(),
            settings.clientOutputBufferLimitPubsub,
            port);
    ServerState state =
        new ServerState(
            clock.millis(), config, users, () -> self[0] == null ? port : self[0].port());
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "redis-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    CommandTable table = new CommandTable();
    this.engine = new Engine(ks, table, clock, state, workers);
    this.collector = new Collector(ks, clock, engine::afterCommit);
    engine.setCollector(collector);
    Commands.registerAll(table, engine);
    NodeMetrics.Requests requests = metrics.requests(PROTOCOL);
    try {
      this.listener =
          new NettyListener(
              PROTOCOL,
              host,
              port,
              options
                  .refusal(Refusal.message("-ERR max number of clients reached\r\n"))
                  // without a password, a client is logged in once it sent a complete command
                  .firstMessageAuthenticates(!state.authRequired()),
              ch -> {
                RespHandler handler = new RespHandler(engine, workers, requests);
                ch.pipeline()
                    .addLast(
                        new RespDecoder(
                            () -> config.getLong("proto-max-bulk-len"),
                            () -> config.getLong("client-query-buffer-limit"),
                            handler::authenticated),
                        handler);
              });
    } catch (RuntimeException e) {
      workers.shutdownNow();
      throw e;
    }
    self[0] = listener;
    collector.start();
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public int port() {
    return listener.port();
  }

  @Override
  public boolean serving() {
    return listener.serving();
  }

  /** How many calls of {@code command} are running now (tests wait on it instead of sleeping). */
  long running(String command) {
    Cmd cmd = engine.table().get(command);
    return cmd == null ? 0 : cmd.stats().running.sum();
  }

  /**
   * Stops serving: work in progress is told to stop, connections close, and worker threads are
   * waited for, so nothing reads the store once this returns.
   */
  @Override
  public void close() {
    engine.close();
    try {
      listener.close();
    } finally {
      workers.shutdownNow();
      try {
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("redis worker threads did not stop within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      collector.close();
    }
  }
}
