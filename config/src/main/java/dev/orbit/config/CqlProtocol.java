package dev.orbit.config;

import java.time.Duration;

/** The CQL (Cassandra native protocol) listener: its port, connection limit and timeouts. */
public final class CqlProtocol extends NodeConfig.Protocol {
  /**
   * Cassandra's {@code native_transport_max_concurrent_connections} (bounded here): a connection
   * beyond it gets an {@code OVERLOADED} error to its first request and is closed.
   */
  public int maxConnections = 1000;

  /** A new connection must finish STARTUP and its login (or READY) within this time. */
  public Duration authenticationTimeout = Duration.ofSeconds(60);

  /** A frame whose first bytes arrived must be complete (or grow by 1 MiB) within this time. */
  public Duration frameTimeout = Duration.ofSeconds(60);

  /**
   * Cassandra's {@code native_transport_idle_timeout}: a connection idle this long is closed; 0
   * (the default) never closes one. Drivers send a heartbeat every 30 s on idle connections.
   */
  public Duration idleTimeout = Duration.ZERO;

  public CqlProtocol() {
    super(false, 9042);
  }
}
