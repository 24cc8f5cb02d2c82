package dev.orbit.config;

import java.time.Duration;

/** The PostgreSQL listener: its port, connection limit and the timeouts of its connections. */
public final class PostgresProtocol extends NodeConfig.Protocol {
  /** PostgreSQL's {@code max_connections}: more are refused with 53300. */
  public int maxConnections = 1000;

  /** PostgreSQL's {@code authentication_timeout}: startup and login must finish within it. */
  public Duration authenticationTimeout = Duration.ofSeconds(60);

  /** A message whose first bytes arrived must be complete (or grow by 1 MiB) within this time. */
  public Duration frameTimeout = Duration.ofSeconds(60);

  public PostgresProtocol() {
    super(true, 5432);
  }
}
