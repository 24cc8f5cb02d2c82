package dev.orbit.node;

import dev.orbit.config.NodeConfig;
import dev.orbit.config.ServedProtocols;
import dev.orbit.node.backup.BackupService;
import dev.orbit.node.backup.archive.LogArchiver;
import dev.orbit.node.metrics.NodeMetrics;
import dev.orbit.node.protocol.ListenerOptions;
import dev.orbit.node.protocol.LoopWatchdog;
import dev.orbit.node.protocol.ProtocolServer;
import dev.orbit.node.protocol.cql.CqlServer;
import dev.orbit.node.protocol.pg.PgServer;
import dev.orbit.node.protocol.resp.RedisServer;
import dev.orbit.node.storage.StorageEngine;
import dev.orbit.node.tier.TierManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A running orbit-node: storage, tier mover, protocol listeners. The admin API wraps it. */
public final class Node implements AutoCloseable {
  private final NodeConfig config;
  private final Clock clock;
  private final NodeMetrics metrics = new NodeMetrics();
  private final StorageEngine storage;
  private final TierManager tiers;
  private final BackupService backups;
  private LogArchiver archiver;
  private final LoopWatchdog watchdog;
  private final StorageHealth storageHealth;
  private final Map<String, ProtocolServer> servers = new LinkedHashMap<>();

  private Node(NodeConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    List<String> enabled = enabledProtocols(config);
    this.storage = StorageEngine.open(config, enabled);
    this.tiers = new TierManager(storage, config.tiering, metrics, clock);
    this.backups = new BackupService(storage, config.backup, clock);
    this.watchdog = new LoopWatchdog(config.watchdog);
    metrics.register(watchdog::render);
    this.storageHealth = new StorageHealth(storage);
    metrics.register(storageHealth::render);
    metrics.register(sb -> sb.append(backups.metrics()));
  }

  /** Starts continuous archiving of every store's log when {@code backup.archive.target} is set. */
  private void startArchiving() {
    if (!config.backup.archive.enabled()) {
      return;
    }
    Map<String, dev.orbit.node.replication.CommittedLog> logs = new LinkedHashMap<>();
    for (String p : enabledProtocols(config)) {
      logs.put(p, storage.replication().committedLog(p));
    }
    archiver = new LogArchiver(config.backup, logs, clock).start();
    LogArchiver a = archiver;
    metrics.register(sb -> sb.append(a.metrics()));
  }

  /** The log archiver, or null when archiving is off. */
  public LogArchiver archiver() {
    return archiver;
  }

  /** Opens storage and starts serving every enabled protocol. */
  public static Node start(NodeConfig config, Clock clock) {
    Node node = new Node(config, clock);
    try {
      node.tiers.start();
      node.startArchiving();
      for (String p : enabledProtocols(config)) {
        int port = config.protocols.byName().get(p).port;
        node.servers.put(p, node.listen(p, port));
      }
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private ProtocolServer listen(String protocol, int port) {
    return switch (protocol) {
      case RedisServer.PROTOCOL ->
          new RedisServer(
              config.bindAddress,
              port,
              storage.store(protocol),
              metrics,
              clock,
              redisOptions(),
              config.protocols.redis,
              redisUsers(config.auth));
      case PgServer.PROTOCOL ->
          new PgServer(
              config.bindAddress,
              port,
              storage.store(protocol),
              config.auth,
              metrics,
              postgresOptions());
      case CqlServer.PROTOCOL ->
          new CqlServer(
              config.bindAddress,
              port,
              storage.store(protocol),
              config.auth,
              metrics,
              cqlOptions());
      default -> throw new IllegalStateException("no server for " + protocol);
    };
  }

  /** Redis clients authenticate against {@code auth.users}, unless auth.method is trust. */
  static Map<String, String> redisUsers(NodeConfig.Auth auth) {
    return auth.method == NodeConfig.AuthMethod.TRUST ? Map.of() : auth.users;
  }

  private ListenerOptions redisOptions() {
    var r = config.protocols.redis;
    return ListenerOptions.defaults()
        .keyPrefix("protocols.redis.")
        .ioThreads(Math.max(1, r.ioThreads))
        .maxConnections(r.maxClients, "protocols.redis.maxClients")
        .authenticationTimeout(r.authenticationTimeout)
        .frameTimeout(r.frameTimeout)
        .idleTimeout(r.timeout)
        .watchdog(watchdog)
        .metrics(metrics.connections());
  }

  private ListenerOptions postgresOptions() {
    var p = config.protocols.postgres;
    return ListenerOptions.defaults()
        .keyPrefix("protocols.postgres.")
        .maxConnections(p.maxConnections, "protocols.postgres.maxConnections")
        .authenticationTimeout(p.authenticationTimeout)
        .frameTimeout(p.frameTimeout)
        .watchdog(watchdog)
        .metrics(metrics.connections());
  }

  private ListenerOptions cqlOptions() {
    var c = config.protocols.cql;
    return ListenerOptions.defaults()
        .keyPrefix("protocols.cql.")
        .maxConnections(c.maxConnections, "protocols.cql.maxConnections")
        .refusal(CqlServer.refusal(c.maxConnections))
        .authenticationTimeout(c.authenticationTimeout)
        .frameTimeout(c.frameTimeout)
        .idleTimeout(c.idleTimeout)
        .watchdog(watchdog)
        .metrics(metrics.connections());
  }

  static List<String> enabledProtocols(NodeConfig config) {
    return ServedProtocols.enabled(config);
  }

  public NodeConfig config() {
    return config;
  }

  public StorageEngine storage() {
    return storage;
  }

  public TierManager tiers() {
    return tiers;
  }

  public BackupService backups() {
    return backups;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  /** Bound port of each serving protocol. */
  public Map<String, ProtocolServer> servers() {
    return Collections.unmodifiableMap(servers);
  }

  public int port(String protocol) {
    return servers.get(protocol).port();
  }

  /** The I/O event loop watchdog of every listener. */
  public LoopWatchdog watchdog() {
    return watchdog;
  }

  /**
   * Ready when every enabled protocol is open and serving, no event loop is stalled, and every
   * store leads its replication group or follows it within {@code replication.maxReadLag}.
   */
  public boolean ready() {
    return readinessProblems().isEmpty();
  }

  /** Why the node is not ready (a stalled event loop, a protocol not serving); empty if it is. */
  public List<String> readinessProblems() {
    List<String> out = new ArrayList<>();
    for (String p : enabledProtocols(config)) {
      ProtocolServer s = servers.get(p);
      if (s == null || !s.serving()) {
        out.add(p + " is not serving");
      }
    }
    out.addAll(watchdog.readinessProblems());
    out.addAll(storageHealth.readinessProblems());
    out.addAll(storage.replication().readinessProblems());
    return out;
  }

  /**
   * Why the node should be restarted: an event loop stalled past the liveness bound, or a database
   * that only a restart lets take writes again.
   */
  public List<String> livenessProblems() {
    List<String> out = new ArrayList<>(watchdog.livenessProblems());
    out.addAll(storageHealth.livenessProblems());
    out.addAll(storage.replication().livenessProblems());
    return out;
  }

  /**
   * Stops serving, then closes storage.
   *
   * @throws IllegalStateException when an event loop does not stop (wedged in a request); storage
   *     is then left open, as freeing it under a running request could crash the process
   */
  @Override
  public void close() {
    List<ProtocolServer> all = new ArrayList<>(servers.values());
    Collections.reverse(all);
    all.forEach(ProtocolServer::close);
    servers.clear();
    watchdog.close();
    storageHealth.close();
    tiers.close();
    if (archiver != null) {
      archiver.close();
    }
    storage.close();
  }
}
