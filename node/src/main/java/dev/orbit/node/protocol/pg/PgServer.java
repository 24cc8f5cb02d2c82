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

  /** Sessions of live connections (stopped first at shutdown). */
  final java.util.Set<dev.orbit.node.sql.Session> sessions =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Connections handling a message right now; shutdown waits for none before closing storage. */
  final java.util.concurrent.atomic.AtomicInteger active =
      new java.util.concurrent.atomic.AtomicInteger();

  /** statement_timeout, idle-in-transaction and delayed login answers. */
  final java.util.concurrent.ScheduledExecutorService timers;

  final LoginThrottle throttle = new LoginThrottle();

  /** Secret behind the stable salts of unknown users. */
  final byte[] mockSecret = new byte[32];

  volatile boolean closing;

  /** Worker thread stack: deep expressions recurse in the planner and evaluator. */
  private static final long WORKER_STACK = 16L << 20;

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
    new java.security.SecureRandom().nextBytes(mockSecret);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(null, r, "pg-worker-" + n.incrementAndGet(), WORKER_STACK);
          t.setDaemon(true);
          return t;
        };
    this.workers = Executors.newCachedThreadPool(tf);
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pg-timers");
              t.setDaemon(true);
              return t;
            });
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
      timers.shutdownNow();
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

  /**
   * Stops serving: running statements are cancelled and finish (their scans check for
   * cancellation), connections close, and only when no statement runs any more is the engine
   * closed, so no RocksDB object is used after the store closes it.
   */
  @Override
  public void close() {
    closing = true;
    for (dev.orbit.node.sql.Session s : sessions) {
      s.terminate(true);
    }
    listener.close();
    workers.shutdown();
    long start = System.nanoTime();
    long warned = start;
    while (active.get() > 0 || !workers.isTerminated()) {
      try {
        workers.awaitTermination(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (System.nanoTime() - warned > TimeUnit.SECONDS.toNanos(5)) {
        warned = System.nanoTime();
        LOG.warn(
            "postgres: waiting for {} running statement(s) to stop before closing storage ({} s)",
            active.get(),
            TimeUnit.NANOSECONDS.toSeconds(warned - start));
      }
    }
    timers.shutdownNow();
    engine.close();
  }
}
