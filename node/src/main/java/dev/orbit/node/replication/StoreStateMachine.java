package dev.orbit.node.replication;

import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.Tier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of one protocol store: committed entries are applied to the store's
 * databases, which also hold the applied index. A snapshot is the databases themselves, flushed at
 * the applied index, so the log is purged behind it and a restart resumes right after it.
 */
final class StoreStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(StoreStateMachine.class);

  private final ProtocolStore store;
  private final Runnable roleWatch;
  private boolean stopped;
  private volatile java.util.function.LongSupplier purgeFloor = () -> Long.MAX_VALUE;
  private long snapshotIndex;

  StoreStateMachine(ProtocolStore store, Runnable roleWatch) {
    this.store = store;
    this.roleWatch = roleWatch;
  }

  /** Snapshots (and so log purges) go no further than {@code floor} (see {@link CommittedLog}). */
  void purgeFloor(java.util.function.LongSupplier floor) {
    this.purgeFloor = floor;
  }

  ProtocolStore store() {
    return store;
  }

  /** Nothing is applied or flushed after this returns: the store may close. */
  synchronized void stop() {
    stopped = true;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage)
      throws IOException {
    super.initialize(server, groupId, storage);
    long[] applied = store.applied();
    updateLastAppliedTermIndex(applied[0], applied[1]);
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    long[] applied = store.applied();
    if (applied[1] <= 0) {
      return null;
    }
    TermIndex ti = TermIndex.valueOf(applied[0], applied[1]);
    return new SnapshotInfo() {
      @Override
      public TermIndex getTermIndex() {
        return ti;
      }

      @Override
      public List<FileInfo> getFiles() {
        return List.of();
      }
    };
  }

  @Override
  public synchronized CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    RaftProtos.LogEntryProto entry = trx.getLogEntry();
    if (stopped) {
      return CompletableFuture.failedFuture(
          new dev.orbit.node.storage.StorageException("node is shutting down"));
    }
    ByteBuffer data = entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
    try {
      long result = store.applyEntry(data, entry.getTerm(), entry.getIndex());
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      return CompletableFuture.completedFuture(
          Message.valueOf(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(result).flip())));
    } catch (RuntimeException e) {
      // the entry is skipped here and its writer gets the error; the member keeps applying
      LOG.error(
          "cannot apply {} log entry {}: {}", store.protocol(), entry.getIndex(), e.toString());
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Reads are answered from the store directly; this only confirms a leader's read index. */
  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  /**
   * Flushes every tier: what the log holds up to the applied index is then in table files. The
   * index returned (which Ratis purges the log up to) stays at or below the purge floor, so entries
   * not yet archived stay in the log; while the floor has not moved, no snapshot is taken.
   */
  @Override
  public synchronized long takeSnapshot() {
    if (stopped) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    long index = Math.min(store.applied()[1], purgeFloor.getAsLong());
    if (index <= snapshotIndex) {
      return RaftLog.INVALID_LOG_INDEX; // held by the archive: asked again after later applies
    }
    for (Tier t : Tier.values()) {
      store.db(t).flushForSnapshot();
    }
    snapshotIndex = index;
    return index;
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    roleWatch.run();
  }

  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    // configuration entries and the leader's first entry of a term are applied here
    super.notifyTermIndexUpdated(term, index);
    roleWatch.run();
  }

  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(
      RaftProtos.RoleInfoProto roleInfoProto, TermIndex firstTermIndexInLog) {
    // catching up from a snapshot is not built yet: this member waits, it does not diverge
    LOG.warn(
        "{} store: the leader has purged the log entries this member needs (first: {}); it needs"
            + " a new copy of the data",
        store.protocol(),
        firstTermIndexInLog);
    return new CompletableFuture<>();
  }
}
