package dev.orbit.node.replication;

import dev.orbit.node.storage.NotLeaderException;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.ReplicaLagException;
import dev.orbit.node.storage.ReplicatedLog;
import dev.orbit.node.storage.StorageException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * One protocol store's Raft group as the store sees it: appends go to the local member (which must
 * be the leader), and {@link #watch} keeps the role, the leader and the follower's lag up to date
 * for the cheap checks made on every read and write.
 */
final class GroupLog implements ReplicatedLog {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GroupLog.class);

  private final String protocol;
  private final ProtocolStore store;
  private final StoreStateMachine machine;
  private final RaftServer.Division division;
  private final long maxReadLagNanos;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callId = new AtomicLong();
  private volatile boolean leaderReady;
  private volatile boolean stopped;
  private volatile String stoppedFor;
  private volatile String leaderHint;

  /** When this follower last held everything its leader had committed (System.nanoTime). */
  private final AtomicLong caughtUpAt = new AtomicLong(Long.MIN_VALUE);

  /**
   * Until when this leader may answer reads from its own data (System.nanoTime): a majority
   * confirmed its leadership at some instant t, and no other leader can be elected before t plus
   * the minimum election timeout; half of that is used.
   */
  private volatile long leaseUntil = Long.MIN_VALUE;

  private final long leaseNanos;

  /**
   * How long a read waits for its leader to confirm its leadership: twice the time after which a
   * leader that cannot reach a majority steps down (2 × the election timeout), so a read is refused
   * when the leader stepped down, not merely because a loaded machine answered late.
   */
  private final long readWaitNanos;

  /**
   * True while this leader hands its leadership over: the lease rests on no other leader being
   * elected within an election timeout of the last confirmation, but a transfer's target is elected
   * at once, so reads are refused until the handover ends.
   */
  private volatile boolean handingOver;

  /** Counts handovers begun and ended: a lease renewal asked before a change does not count. */
  private long leaseEpoch;

  private final boolean alone;
  private final Duration writeTimeout;
  private boolean renewing;

  GroupLog(
      String protocol,
      ProtocolStore store,
      StoreStateMachine machine,
      RaftServer.Division division,
      Duration maxReadLag,
      Duration electionTimeout,
      Duration writeTimeout,
      boolean alone) {
    this.protocol = protocol;
    this.store = store;
    this.machine = machine;
    this.division = division;
    this.maxReadLagNanos = maxReadLag.toNanos();
    this.leaseNanos = RaftSettings.leaseNanos(electionTimeout);
    this.readWaitNanos = 4 * electionTimeout.toNanos();
    this.alone = alone;
    this.writeTimeout = writeTimeout;
  }

  @Override
  public Duration writeTimeout() {
    return writeTimeout;
  }

  RaftServer.Division division() {
    return division;
  }

  ProtocolStore store() {
    return store;
  }

  String protocol() {
    return protocol;
  }

  StoreStateMachine machine() {
    return machine;
  }

  @Override
  public CompletableFuture<Long> append(byte[] entry) {
    RaftClientRequest req =
        RaftClientRequest.newBuilder()
            .setClientId(clientId)
            .setServerId(division.getId())
            .setGroupId(division.getMemberId().getGroupId())
            .setCallId(callId.incrementAndGet())
            .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)))
            .setType(RaftClientRequest.writeRequestType())
            .build();
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = ((RaftClientAsynchronousProtocol) division).submitClientRequestAsync(req);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(failure(e));
    }
    long call = req.getCallId();
    return reply.handle(
        (r, e) -> {
          boolean inLog = machine.reachedLog(call); // forgotten however the request ends
          if (e != null) {
            throw e instanceof RuntimeException re ? re : new CompletionException(e);
          }
          if (!r.isSuccess()) {
            RuntimeException f = failure(r.getException());
            if (inLog && f instanceof NotLeaderException) {
              // in this leader's log, uncommitted, when it stepped down: a later leader may
              // still commit it, so "not the leader" (READONLY, 25006) would be a wrong answer
              throw dev.orbit.node.storage.UnconfirmedWriteException.leadershipLost(protocol);
            }
            throw f;
          }
          return r.getMessage().getContent().asReadOnlyByteBuffer().getLong();
        });
  }

  private RuntimeException failure(Exception e) {
    if (stopped || !division.getRaftLog().isOpened() || machine.failure() != null) {
      return new StorageException(
          "the " + protocol + " log stopped: " + stopReason() + "; the node must be restarted");
    }
    if (notLeader(e)) {
      return new NotLeaderException(protocol, leaderHint);
    }
    if (e instanceof org.apache.ratis.protocol.exceptions.StateMachineException) {
      Throwable cause = e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof RuntimeException r) {
        return r; // the apply's own failure, as the writer would have seen it without the log
      }
    }
    String what = e instanceof RaftException ? e.getMessage() : e.toString();
    return new StorageException("cannot commit to the " + protocol + " log: " + what, e);
  }

  private static boolean notLeader(Exception e) {
    return e instanceof org.apache.ratis.protocol.exceptions.NotLeaderException
        || e instanceof org.apache.ratis.protocol.exceptions.LeaderNotReadyException
        || e instanceof org.apache.ratis.protocol.exceptions.LeaderSteppingDownException
        || e instanceof org.apache.ratis.protocol.exceptions.AlreadyClosedException
        || e instanceof org.apache.ratis.protocol.exceptions.ServerNotReadyException;
  }

  @Override
  public void checkLeader() {
    if (stopped) {
      throw new StorageException(
          "the " + protocol + " log stopped: " + stopReason() + "; the node must be restarted");
    }
    if (!leaderReady) {
      throw new NotLeaderException(protocol, leaderHint);
    }
  }

  @Override
  public void checkRead() {
    if (leaderReady) {
      if (handingOver) {
        throw new NotLeaderException(protocol, leaderHint);
      }
      if (alone || System.nanoTime() < leaseUntil) {
        return;
      }
      awaitLease();
      return;
    }
    long at = caughtUpAt.get();
    if (at == Long.MIN_VALUE || System.nanoTime() - at > maxReadLagNanos) {
      // the watch's last look may be old (it runs every 50 ms on one thread, which a loaded
      // machine or a slow call holds up): ask Ratis now before refusing
      at = refreshCaughtUp();
    }
    long behind = System.nanoTime() - at;
    if (at == Long.MIN_VALUE || behind > maxReadLagNanos) {
      throw new ReplicaLagException(
          "this replica of the "
              + protocol
              + " store is "
              + (at == Long.MIN_VALUE
                  ? "not caught up with a leader yet"
                  : "more than " + behind / 1_000_000 + " ms behind its leader")
              + " (replication.maxReadLag is "
              + maxReadLagNanos / 1_000_000
              + " ms)");
    }
  }

  /**
   * A leader whose lease ran out (it could not reach a majority lately) waits a little for a
   * renewal before answering a read, and refuses it when none comes: it may have been replaced.
   */
  private void awaitLease() {
    long deadline = System.nanoTime() + readWaitNanos;
    synchronized (this) {
      renewLease();
      while (leaderReady && System.nanoTime() >= leaseUntil) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new NotLeaderException(protocol, leaderHint);
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new NotLeaderException(protocol, leaderHint);
        }
        // a round that ended without a lease (it began before a handover ended, or failed):
        // ask again now rather than at the role watch's next look
        renewLease();
      }
    }
    if (!leaderReady) {
      throw new NotLeaderException(protocol, leaderHint);
    }
  }

  /**
   * Begins ({@code true}) or ends a handover of this member's leadership: reads are refused while
   * it lasts, and the lease confirmed before it is dropped at both ends (after a transfer that
   * succeeded, this member learns that it no longer leads a little later than the new leader
   * starts; a lease from before the transfer must not answer reads meanwhile).
   */
  synchronized void handOver(boolean begins) {
    handingOver = begins;
    leaseEpoch++;
    leaseUntil = Long.MIN_VALUE;
    notifyAll();
  }

  /** Asks the group to confirm this leader (a read index round); one request at a time. */
  private synchronized void renewLease() {
    if (renewing || alone) {
      return;
    }
    renewing = true;
    long start = System.nanoTime();
    long epoch = leaseEpoch;
    RaftClientRequest req =
        RaftClientRequest.newBuilder()
            .setClientId(clientId)
            .setServerId(division.getId())
            .setGroupId(division.getMemberId().getGroupId())
            .setCallId(callId.incrementAndGet())
            .setMessage(Message.EMPTY)
            .setType(RaftClientRequest.readRequestType())
            .build();
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = ((RaftClientAsynchronousProtocol) division).submitClientRequestAsync(req);
    } catch (IOException | RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete(
        (r, e) -> {
          synchronized (this) {
            renewing = false;
            if (e == null && r.isSuccess() && epoch == leaseEpoch && !handingOver) {
              leaseUntil = Math.max(leaseUntil, start + leaseNanos);
            }
            notifyAll();
          }
        });
  }

  @Override
  public boolean isLeader() {
    return division.getInfo().isLeader();
  }

  /** The leader's id as this member knows it, or null. */
  String leaderId() {
    RaftPeerId id = division.getInfo().getLeaderId();
    return id == null ? null : id.toString();
  }

  boolean leaderReady() {
    return leaderReady;
  }

  /** Why the log stopped: an entry this member could not apply, a full volume, or a write error. */
  String stopReason() {
    String f = machine.failure();
    if (f != null) {
      return f;
    }
    String why = stoppedFor;
    return why != null
        ? why
        : store.logVolumeFull() ? "No space left on device" : "it could not be written";
  }

  /**
   * True when only a restart brings this stopped log back, and a restart would help now: not while
   * its volume is still full (the node would fail to start, and readiness already says why).
   */
  boolean needsRestart() {
    return stopped && (machine.failure() != null || !store.logVolumeFull());
  }

  /** True once the log stopped for good (see {@link #watch}). */
  boolean stopped() {
    return stopped;
  }

  /** Nanoseconds since this member last held all its leader had committed (0 on the leader). */
  long lagNanos() {
    if (leaderReady) {
      return 0;
    }
    long c = refreshCaughtUp();
    return c == Long.MIN_VALUE ? Long.MAX_VALUE : Math.max(0, System.nanoTime() - c);
  }

  /**
   * Moves {@link #caughtUpAt} to the leader's last contact if this follower has applied all the
   * leader had committed as of then; returns it. Safe from any thread: it reads Ratis' own state
   * (the leader's commit index as sent with its last append or heartbeat, the time since that
   * contact), so the answer never depends on when the role watch last ran.
   */
  private long refreshCaughtUp() {
    var info = division.getInfo();
    RaftPeerId leader = info.getLeaderId();
    if (leaderReady || !info.isFollower() || leader == null) {
      return caughtUpAt.get();
    }
    long leaderCommit = -1;
    for (RaftProtos.CommitInfoProto c : division.getCommitInfos()) {
      if (RaftPeerId.valueOf(c.getServer().getId()).equals(leader)) {
        leaderCommit = c.getCommitIndex();
      }
    }
    RaftProtos.RoleInfoProto role = info.getRoleInfoProto();
    long now = System.nanoTime();
    if (leaderCommit >= 0 && role.hasFollowerInfo() && info.getLastAppliedIndex() >= leaderCommit) {
      // Ratis' applied index counts configuration entries too, which the store never sees
      long contact =
          now - role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() * 1_000_000;
      return caughtUpAt.accumulateAndGet(contact, Math::max);
    }
    return caughtUpAt.get();
  }

  /** Re-reads role, leader and lag; tells the store when its leadership began or ended. */
  synchronized void watch() {
    var info = division.getInfo();
    if (!info.isAlive() || !division.getRaftLog().isOpened()) {
      if (!stopped) {
        stoppedFor = stopReason(); // as seen now: the volume may have room again later
        stopped = true; // e.g. its log could not be written (a full volume)
        store.logStopped(
            new StorageException(
                "the "
                    + protocol
                    + " log stopped: "
                    + stopReason()
                    + " ("
                    + info.getLifeCycleState()
                    + ")"));
      }
      if (leaderReady) {
        leaderReady = false;
        store.roleChanged(false);
      }
      return;
    }
    boolean ready = info.isLeader() && info.isLeaderReady();
    RaftPeerId leader = info.getLeaderId();
    leaderHint = leader == null ? null : leader.toString();
    if (!ready) {
      refreshCaughtUp();
    }
    if (ready && !alone && System.nanoTime() > leaseUntil - leaseNanos / 2) {
      renewLease(); // keep the lease ahead of the reads
    }
    if (ready != leaderReady) {
      if (!alone) { // a group of one leads from its start: nothing to tell
        LOG.info(
            "{} store: {} (term {})",
            protocol,
            ready ? "this member leads and takes writes" : "this member no longer leads",
            info.getCurrentTerm());
      }
      if (ready) {
        caughtUpAt.set(Long.MIN_VALUE); // a later follower term starts from its own evidence
        store.roleChanged(true); // the store takes writes before they are let through here
        leaderReady = true;
      } else {
        leaderReady = false;
        leaseUntil = Long.MIN_VALUE;
        store.roleChanged(false);
      }
    }
  }
}
