package dev.orbit.node.protocol.pg;

import dev.orbit.config.NodeConfig;
import dev.orbit.node.metrics.NodeMetrics;
import dev.orbit.node.protocol.ListenerOptions;
import dev.orbit.node.protocol.NettyListener;
import dev.orbit.node.protocol.ProtocolServer;
import dev.orbit.node.sql.SqlEngine;
import dev.orbit.node.storage.ProtocolStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PostgreSQL (v3 protocol) listener over the {@code postgres} protocol store. */
public final class PgServer implements ProtocolServer {
  public static final String PROTOCOL = "postgres";
  private static final Logger LOG = LoggerFactory.getLogger(PgServer.class);

  private final NettyListener listener;
  private final ExecutorService workers;
  final SqlEngine engine;
  final NodeConfig.AuthMethod authMethod;
  final Map<String, Scram.Verifier> verifiers = new HashMap<>();
  final NodeMetrics.Requests metrics;

  /** Backend key data of live connections, for CancelRequest. */
  final Map<Integer, Integer> secrets = new java.util.concurrent.ConcurrentHashMap<>();

  public PgServer(
      String host,
      int port,
      ProtocolStore store,
      NodeConfig.Auth auth,
      NodeMetrics metrics,
      ListenerOptions options) {
    this.engine = new SqlEngine(store, auth.users.keySet());
    this.authMethod = auth.method;
    for (Map.Entry<String, String> u : auth.users.entrySet()) {
      verifiers.put(u.getKey(), Scram.Verifier.of(u.getValue()));
    }
    if (authMethod == NodeConfig.AuthMethod.SCRAM_SHA_256 && verifiers.isEmpty()) {
      LOG.warn(
          "postgres: auth.method is scram-sha-256 but no auth.users are configured; every login"
              + " will fail (set auth.users.orbit, e.g. ORBIT_AUTH_USERS_ORBIT)");
    }
    this.metrics = metrics.requests(PROTOCOL);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "pg-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.workers = Executors.newCachedThreadPool(tf);
    NettyListener l;
    try {
      l =
          new NettyListener(
              PROTOCOL,
              host,
              port,
              options.refusal(PgRefusal::install),
              ch -> ch.pipeline().addLast(new PgDecoder(), new PgConnection(this, workers)));
    } catch (RuntimeException e) {
      workers.shutdownNow();
      throw e;
    }
    this.listener = l;
  }

  public SqlEngine engine() {
    return engine;
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

  @Override
  public void close() {
    listener.close();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
    engine.close();
  }
}
