package dev.orbit.node.storage;

import java.util.concurrent.CompletableFuture;

/**
 * A protocol store's replicated log as the store sees it (implemented over Raft by {@code
 * dev.orbit.node.replication}): entries appended here are applied by every member, in log order,
 * through {@link ProtocolStore#applyEntry}.
 */
public interface ReplicatedLog {
  /**
   * Appends {@code entry}; called by one thread at a time, so entries keep the order of the calls.
   * The future completes with what {@link ProtocolStore#applyEntry} returned once the entry is
   * committed by the group and applied on this member, or fails (a {@link NotLeaderException} when
   * this member lost or never had the leadership). A future that failed before this method returned
   * means the entry is not in the log.
   */
  CompletableFuture<Long> append(byte[] entry);

  /** Throws {@link NotLeaderException} unless this member is the leader, ready for writes. */
  void checkLeader();

  /**
   * Throws unless a read may be answered from this member's data now: on the leader while its
   * leadership is confirmed ({@link NotLeaderException} otherwise), on a follower while it is no
   * further behind than the configured lag ({@link ReplicaLagException} otherwise).
   */
  void checkRead();

  /** True when this member is the leader (for routing decisions; not a lease). */
  boolean isLeader();

  /**
   * How long a writer waits for its entry to be committed and applied before it is told the outcome
   * is unknown ({@link UnconfirmedWriteException}); zero waits as long as it takes.
   */
  default java.time.Duration writeTimeout() {
    return java.time.Duration.ZERO;
  }
}
