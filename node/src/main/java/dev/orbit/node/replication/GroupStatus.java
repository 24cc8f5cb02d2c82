package dev.orbit.node.replication;

/** One store's replication state as this member sees it ({@code stopped}: why, or null). */
public record GroupStatus(
    String role,
    long term,
    String leader,
    long commitIndex,
    long appliedIndex,
    long lagMillis,
    boolean leaderReady,
    String stopped) {
  static GroupStatus of(GroupLog log) {
    var d = log.division();
    var info = d.getInfo();
    long lag = log.lagNanos();
    return new GroupStatus(
        info.getCurrentRole().name().toLowerCase(java.util.Locale.ROOT),
        info.getCurrentTerm(),
        log.leaderId(),
        d.getRaftLog().getLastCommittedIndex(),
        info.getLastAppliedIndex(),
        lag == Long.MAX_VALUE ? -1 : lag / 1_000_000,
        log.leaderReady(),
        log.stopped() ? log.stopReason() : null);
  }
}
