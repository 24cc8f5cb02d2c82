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

  /**
   * Event-loop threads of the Redis listener. One (the default, like Redis's single command thread)
   * runs every client's commands in arrival order, which blocking pops and pub/sub rely on; more
   * spread connections over threads.
   */
  public int ioThreads = 1;

  /** Longest bulk string a client may send (Redis {@code proto-max-bulk-len}). */
  public NodeConfig.ByteSize protoMaxBulkLen = new NodeConfig.ByteSize(512L << 20);

  /**
   * Most unread reply bytes a client may have before it is disconnected (Redis {@code
   * client-output-buffer-limit normal}, hard limit; Redis itself has none by default).
   */
  public NodeConfig.ByteSize clientOutputBufferLimit = new NodeConfig.ByteSize(1L << 30);

  /**
   * The limit of subscribed (pub/sub) clients in Redis's syntax {@code <hard> <soft> <seconds>}:
   * one whose unread messages pass the hard limit, or stay past the soft limit for that many
   * seconds, is disconnected (Redis's default {@code 32mb 8mb 60}).
   */
  public String clientOutputBufferLimitPubsub = "32mb 8mb 60";

  /** Whether {@code v} reads as {@link #clientOutputBufferLimitPubsub}: hard, soft, seconds. */
  public static boolean isPubsubLimit(String v) {
    String size = "[0-9]{1,18}(b|k|kb|m|mb|g|gb)?";
    return v != null && v.trim().matches("(?i)" + size + "\\s+" + size + "\\s+[0-9]{1,9}");
  }

  public RedisProtocol() {
    super(true, 6379);
  }
}
