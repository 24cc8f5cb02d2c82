package dev.orbit.node.protocol.cql;

import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.Message;
import com.datastax.oss.protocol.internal.request.Batch;
import com.datastax.oss.protocol.internal.request.Execute;
import com.datastax.oss.protocol.internal.request.Prepare;
import com.datastax.oss.protocol.internal.request.Query;
import com.datastax.oss.protocol.internal.response.event.SchemaChangeEvent;
import com.datastax.oss.protocol.internal.response.result.SchemaChange;
import dev.orbit.config.NodeConfig;
import dev.orbit.node.cql.CqlEngine;
import dev.orbit.node.cql.Session;
import dev.orbit.node.metrics.NodeMetrics;
import dev.orbit.node.protocol.ListenerOptions;
import dev.orbit.node.protocol.NettyListener;
import dev.orbit.node.protocol.ProtocolServer;
import dev.orbit.node.protocol.Refusal;
import dev.orbit.node.storage.ProtocolStore;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Cassandra native protocol (v3–v5) listener over the {@code cql} protocol store. */
public final class CqlServer implements ProtocolServer {
  public static final String PROTOCOL = "cql";
  private static final Logger LOG = LoggerFactory.getLogger(CqlServer.class);

  /** Pause between two passes of the expiry sweep. */
  static final long SWEEP_PERIOD_MILLIS = 10_000;

  private final NettyListener listener;
  private final ExecutorService workers;
  private final CqlEngine engine;
  private final CqlAuth auth;
  private final Map<Channel, Integer> schemaListeners = new ConcurrentHashMap<>();

  public CqlServer(
      String host,
      int port,
      ProtocolStore store,
      NodeConfig.Auth auth,
      NodeMetrics metrics,
      ListenerOptions options) {
    this.engine = new CqlEngine(store, "Orbit");
    this.auth = new CqlAuth(auth);
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "cql-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    engine.onSchemaChange(this::broadcast);
    try {
      this.listener =
          new NettyListener(
              PROTOCOL,
              host,
              port,
              options,
              ch -> {
                Framing framing = new Framing();
                ch.pipeline()
                    .addLast(
                        new FrameDecoder(framing),
                        new FrameEncoder(framing),
                        new CqlConnection(this, framing, workers));
              });
    } catch (RuntimeException e) {
      workers.shutdownNow();
      throw e;
    }
    engine.sweeper().start(SWEEP_PERIOD_MILLIS);
  }

  /** What a connection over {@code maxConnections} gets (see {@link CqlRefusal}). */
  public static Refusal refusal(int maxConnections) {
    return CqlRefusal.of(maxConnections);
  }

  CqlAuth auth() {
    return auth;
  }

  public CqlEngine engine() {
    return engine;
  }

  /** Runs one request on the calling worker thread. */
  CompletableFuture<? extends Message> handle(Session s, Message m, Channel ch) {
    InetSocketAddress local = (InetSocketAddress) ch.localAddress();
    int p = local.getPort();
    if (m instanceof Query q) {
      return engine.query(s, q.query, q.options, local.getAddress(), p, () -> !ch.isActive());
    }
    if (m instanceof Prepare pr) {
      return CompletableFuture.completedFuture(engine.prepare(s, pr.cqlQuery, pr.keyspace));
    }
    if (m instanceof Execute ex) {
      return engine.execute(s, ex.queryId, ex.options, local.getAddress(), p, () -> !ch.isActive());
    }
    return engine.batch(s, (Batch) m, () -> !ch.isActive());
  }

  void register(Channel ch, int version, List<String> events) {
    if (events.contains("SCHEMA_CHANGE")) {
      schemaListeners.put(ch, version);
      ch.closeFuture().addListener(f -> schemaListeners.remove(ch));
    }
  }

  private void broadcast(SchemaChange c) {
    SchemaChangeEvent ev =
        new SchemaChangeEvent(c.changeType, c.target, c.keyspace, c.object, c.arguments);
    schemaListeners.forEach(
        (ch, v) ->
            ch.writeAndFlush(Frame.forResponse(v, -1, null, Frame.NO_PAYLOAD, List.of(), ev)));
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
   * Stops serving: connections close (so running scans see themselves cancelled), the sweep stops,
   * and only when no request runs any more does it return, so storage never closes under one.
   */
  @Override
  public void close() {
    listener.close();
    engine.sweeper().close();
    workers.shutdown();
    long start = System.nanoTime();
    try {
      while (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn(
            "cql: waiting for running requests to stop before closing storage ({} s)",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
