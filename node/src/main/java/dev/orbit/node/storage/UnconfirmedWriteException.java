package dev.orbit.node.storage;

/**
 * A write was handed to the replicated log but not confirmed by a majority of the group: within
 * {@code replication.writeTimeout}, or before this member lost the leadership. Its entry may still
 * commit (or never), so the client is told the outcome is unknown, never that it was refused.
 */
public final class UnconfirmedWriteException extends StorageException {
  private final transient java.util.concurrent.CompletableFuture<Void> settled;

  public UnconfirmedWriteException(String message) {
    this(message, null);
  }

  private UnconfirmedWriteException(
      String message, java.util.concurrent.CompletableFuture<Void> settled) {
    super(message);
    this.settled = settled;
  }

  /**
   * Completes once this member has applied the write or knows it lost (its entry still in this
   * leader's log, uncommitted, when the writer was answered), or null when that is decided
   * elsewhere (this member no longer leads). A writer that holds locks of its own keeps them until
   * then: a later writer of those keys would otherwise read their values from before this write,
   * which may still commit ahead of its own.
   */
  public java.util.concurrent.CompletableFuture<Void> settled() {
    return settled;
  }

  /** The write waited longer than {@code timeoutMillis} for the group. */
  static UnconfirmedWriteException timedOut(
      String protocol, long timeoutMillis, java.util.concurrent.CompletableFuture<Void> settled) {
    return new UnconfirmedWriteException(
        "the write was not confirmed by a majority of the "
            + protocol
            + " store's replicas within replication.writeTimeout ("
            + timeoutMillis
            + " ms); it may or may not be applied: read it back before retrying",
        settled);
  }

  /** This member stopped leading while the write's entry was in its log, uncommitted. */
  public static UnconfirmedWriteException leadershipLost(String protocol) {
    return new UnconfirmedWriteException(
        "this node lost the leadership of the "
            + protocol
            + " store before a majority of its replicas confirmed the write; it may or may not"
            + " be applied: read it back before retrying");
  }
}
