package dev.orbit.config;

import java.time.Duration;

/** The Redis listener: its port, client limit and the timeouts of its connections. */
public final class RedisProtocol extends NodeConfig.Protocol {
  /**
   * Redis's {@code maxclients}: more are refused with {@code -ERR max number of clients reached}.
   */
  public int maxClients = 10_000;

  /** A new connection must send its first complete command (later: AUTH) within this time. */
  public Duration authenticationTimeout = Duration.ofSeconds(60);

  /** A command whose first bytes arrived must be complete (or grow by 1 MiB) within this time. */
  public Duration frameTimeout = Duration.ofSeconds(60);

  /** Redis's {@code timeout}: a connection idle this long is closed; 0 never closes one. */
  public Duration timeout = Duration.ZERO;

  public RedisProtocol() {
    super(true, 6379);
  }
}
