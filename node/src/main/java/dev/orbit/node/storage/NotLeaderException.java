package dev.orbit.node.storage;

/**
 * A write reached a node that is not the leader of its store's replication group, so it was not
 * applied. Protocols answer it in their own terms (PostgreSQL 25006, Redis {@code -READONLY}).
 */
public final class NotLeaderException extends StorageException {
  private final String leaderHint;

  /**
   * @param protocol the store's protocol
   * @param leaderHint the current leader's address as this node knows it, or null when unknown
   */
  public NotLeaderException(String protocol, String leaderHint) {
    super(
        "this node is a read-only replica of the "
            + protocol
            + " store"
            + (leaderHint == null ? "" : " (leader: " + leaderHint + ")"));
    this.leaderHint = leaderHint;
  }

  /** The leader's address as this node knows it, or null. */
  public String leaderHint() {
    return leaderHint;
  }
}
