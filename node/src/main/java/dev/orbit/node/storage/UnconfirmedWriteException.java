package dev.orbit.node.storage;

/**
 * A write was handed to the replicated log but not confirmed by a majority of the group: within
 * {@code replication.writeTimeout}, or before this member lost the leadership. Its entry may still
 * commit (or never), so the client is told the outcome is unknown, never that it was refused.
 */
public final class UnconfirmedWriteException extends StorageException {
  public UnconfirmedWriteException(String message) {
    super(message);
  }

  /** The write waited longer than {@code timeoutMillis} for the group. */
  static UnconfirmedWriteException timedOut(String protocol, long timeoutMillis) {
    return new UnconfirmedWriteException(
        "the write was not confirmed by a majority of the "
            + protocol
            + " store's replicas within replication.writeTimeout ("
            + timeoutMillis
            + " ms); it may or may not be applied: read it back before retrying");
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
