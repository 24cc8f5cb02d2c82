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
  private final SnapshotInstaller installer;
  private volatile String installed;
  private boolean stopped;
  private volatile java.util.function.LongSupplier purgeFloor = () -> Long.MAX_VALUE;
  private long snapshotIndex;
  private volatile boolean closing;
  private volatile String failure;

  /** Call ids of this leader's writes whose entries are in its log and not yet answered. */
  private final java.util.Set<Long> inLog = java.util.concurrent.ConcurrentHashMap.newKeySet();

  StoreStateMachine(ProtocolStore store, Runnable roleWatch, SnapshotInstaller installer) {
    this.store = store;
    this.roleWatch = roleWatch;
    this.installer = installer;
  }

  /** Runs {@code body} while no log entry is applied (a checkpoint of every tier at one index). */
  synchronized <T> T whileNothingApplies(java.util.function.Supplier<T> body) {
    if (stopped) {
      throw new dev.orbit.node.storage.StorageException("node is shutting down");
    }
    return body.get();
  }

  /** What this member fetched from its leader and loads at its next start, or null. */
  String installedSnapshot() {
    return installed;
  }

  /** Snapshots (and so log purges) go no further than {@code floor} (see {@link CommittedLog}). */
  void purgeFloor(java.util.function.LongSupplier floor) {
    this.purgeFloor = floor;
  }

  ProtocolStore store() {
    return store;
  }

  /** Why this member stopped applying the log (an entry failed to apply), or null. */
  String failure() {
    return failure;
  }

  /** Whether the write with this call id reached this leader's log; forgets it (call once). */
  boolean reachedLog(long callId) {
    return inLog.remove(callId);
  }

  @Override
  public TransactionContext preAppendTransaction(TransactionContext trx) throws IOException {
    // runs as the leader appends the entry: a failure reported after this leaves its fate open
    var request = trx.getClientRequest();
    if (request != null) {
      inLog.add(request.getCallId());
    }
    return super.preAppendTransaction(trx);
  }

  /** Nothing is applied or flushed after this returns: the store may close. */
  void stop() {
    closing = true; // ends an apply waiting for room on a full disk, which holds the monitor
    synchronized (this) {
      stopped = true;
    }
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
    long waitMillis = 10;
    while (true) {
      try {
        long result = store.applyEntry(data.duplicate(), entry.getTerm(), entry.getIndex());
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        if (waitMillis > 10) {
          LOG.warn("{} store: log entry {} applied after all", store.protocol(), entry.getIndex());
        }
        return CompletableFuture.completedFuture(
            Message.valueOf(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(result).flip())));
      } catch (RuntimeException e) {
        if (closing || !lackOfRoom(e)) {
          // A member that skipped an entry would hold other data than its group and say nothing.
          // It stops instead: thrown from here, Ratis closes this member of the group (the others
          // elect a leader), /livez fails, and a restart replays the log from the last entry
          // applied, which is stored with that entry's effects (applying one again is harmless).
          failure = "cannot apply log entry " + entry.getIndex() + ": " + e;
          LOG.error("{} store: {}; this member stops", store.protocol(), failure, e);
          throw e;
        }
        // a full disk: the entry is applied once there is room (the databases refuse writes
        // meanwhile, which readiness reports; RocksDB resumes by itself or /livez asks for a
        // restart, see StorageHealth), not skipped and not fatal
        if (waitMillis == 10) {
          LOG.warn(
              "{} store: log entry {} waits for room on the disk: {}",
              store.protocol(),
              entry.getIndex(),
              e.getMessage());
        }
        try {
          Thread.sleep(waitMillis);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        waitMillis = Math.min(1000, waitMillis * 2);
      }
    }
  }

  /** True for a failure to write for want of room, which ends once space is freed. */
  private static boolean lackOfRoom(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.rocksdb.RocksDBException r
          && r.getStatus() != null
          && r.getStatus().getCode() == org.rocksdb.Status.Code.IOError
          && String.valueOf(r.getMessage()).contains("No space left")) {
        return true;
      }
      if (t instanceof IOException && String.valueOf(t.getMessage()).contains("No space left")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
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

  /**
   * The leader purged the entries this member needs: it fetches a checkpoint of the leader's
   * databases (SnapshotInstaller), and asks for a restart, which swaps them in (SnapshotInstall).
   * Until then the returned future stays open, so Ratis sends this member no entries: applied to
   * the old databases, they would diverge from the group. A failed fetch completes it with the
   * failure, and Ratis asks again at the leader's next notice.
   */
  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(
      RaftProtos.RoleInfoProto roleInfoProto, TermIndex firstTermIndexInLog) {
    RaftProtos.RaftPeerProto leader = roleInfoProto.getFollowerInfo().getLeaderInfo().getId();
    String leaderId = RaftPeerId.valueOf(leader.getId()).toString();
    LOG.warn(
        "{} store: the leader {} has purged the log entries this member needs (its log starts"
            + " at {}); fetching a snapshot from it",
        store.protocol(),
        leaderId,
        firstTermIndexInLog);
    CompletableFuture<TermIndex> out = new CompletableFuture<>();
    installer
        .install(store, leaderId, leader.getAddress(), firstTermIndexInLog.getIndex())
        .whenComplete(
            (m, e) -> {
              if (e != null) {
                out.completeExceptionally(e);
              } else {
                installed = "snapshot at entry " + m.index() + " fetched from " + leaderId;
                LOG.warn("{} store: {}; restart the node to load it", store.protocol(), installed);
              }
            });
    return out;
  }
}
