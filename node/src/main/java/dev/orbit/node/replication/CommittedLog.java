package dev.orbit.node.replication;

import java.nio.ByteBuffer;
import java.util.function.LongSupplier;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.raftlog.RaftLogIOException;

/**
 * Read access to one store's committed log entries, for continuous archiving: the entries still in
 * the log, and a floor below which the log must not be purged (entries not yet archived).
 */
public final class CommittedLog {
  /** One committed entry; {@code data} is null for Raft's own entries (configuration, no-op). */
  public record Entry(long index, long term, ByteBuffer data) {}

  private final GroupLog log;
  private final StoreStateMachine machine;

  CommittedLog(GroupLog log, StoreStateMachine machine) {
    this.log = log;
    this.machine = machine;
  }

  /** True while this member leads the group. */
  public boolean leads() {
    return log.isLeader();
  }

  /** The highest committed index this member knows. */
  public long commitIndex() {
    return raftLog().getLastCommittedIndex();
  }

  /** The lowest index still in this member's log (entries before it were purged). */
  public long startIndex() {
    return raftLog().getStartIndex();
  }

  /** The committed entry at {@code index}, or null when this member's log no longer holds it. */
  public Entry entry(long index) {
    if (index > commitIndex()) {
      throw new IllegalArgumentException("entry " + index + " is not committed");
    }
    try {
      RaftProtos.LogEntryProto e = raftLog().get(index);
      if (e == null) {
        return null;
      }
      ByteBuffer data =
          e.hasStateMachineLogEntry()
              ? e.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer()
              : null;
      return new Entry(e.getIndex(), e.getTerm(), data);
    } catch (RaftLogIOException e) {
      throw new IllegalStateException("cannot read log entry " + index + ": " + e.getMessage(), e);
    }
  }

  /**
   * From now on the log is purged behind a snapshot only up to {@code floor} (the last archived
   * index): entries not archived yet stay in the log.
   */
  public void holdPurgeAbove(LongSupplier floor) {
    machine.purgeFloor(floor);
  }

  private RaftLog raftLog() {
    return log.division().getRaftLog();
  }
}
