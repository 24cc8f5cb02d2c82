package dev.orbit.node.replication;

import dev.orbit.config.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** The Ratis settings the node's config maps to. */
final class RaftSettings {
  private RaftSettings() {}

  static RaftProperties of(NodeConfig config, Members members, List<Path> dirs) {
    NodeConfig.Replication r = config.replication;
    RaftProperties p = new RaftProperties();
    // gRPC, not Ratis' Netty transport: only the gRPC log appender tells a follower behind the
    // purged log to install a snapshot (notifyInstallSnapshotFromLeader), which we fetch ourselves
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(p, members.host() != null ? members.host() : config.bindAddress);
    GrpcConfigKeys.Server.setPort(p, members.port()); // client and admin calls share the port
    RaftServerConfigKeys.setStorageDir(p, dirs.stream().map(Path::toFile).toList());

    long election = r.electionTimeout.toMillis();
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(election));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(2 * election));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, ms(Math.max(3000, 3 * election)));
    if (members.peers().size() == 1) {
      // alone: no one to wait for before electing itself
      RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, ms(1));
      RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, ms(5));
    }
    if (members.peers().size() == 1) {
      // Ratis steps every leader down after a JVM pause longer than this wait time (its pause
      // monitor: a thread that slept much longer than asked) and closes the server after one
      // longer than the close threshold. A loaded machine or a long GC looks like that, and alone
      // there is no one who could have been elected meanwhile: the member would only refuse
      // writes (READONLY) until it elects itself again. A group of one never steps down.
      TimeDuration never = TimeDuration.valueOf(365, TimeUnit.DAYS);
      RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, never);
      RaftServerConfigKeys.setCloseThreshold(p, never);
    } else {
      // after a pause this long the others have elected a new leader (or are about to)
      RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, ms(2 * election));
    }

    // a leader confirms its leadership with a heartbeat round before it answers reads (GroupLog)
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    // Pre-vote: a member asks the others before it starts an election, and a follower that heard
    // from its leader within the minimum election timeout says no. The leader's read lease rests
    // on it (see leaseNanos): without it a follower votes for any higher term at once.
    RaftServerConfigKeys.LeaderElection.setPreVote(p, true);
    // A member that was unreachable (killed, restarting) is retried at most about a second apart,
    // not Ratis' 5 s after 30 failures: a restarted member otherwise waits up to 5 s per retry
    // before the leader sends it the entries it missed (seen in failover soaks).
    RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, APPEND_RETRY_POLICY);

    // entries are batches of write sets of up to a few MiB
    long segment = r.logSegmentSize.bytes();
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(segment));
    RaftServerConfigKeys.Log.setPreallocatedSize(
        p, SizeInBytes.valueOf(Math.min(64 << 10, segment)));
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf("8MB"));
    RaftServerConfigKeys.Write.setByteLimit(p, SizeInBytes.valueOf("256MB"));
    RaftServerConfigKeys.Write.setElementLimit(p, 65536);
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf("16MB"));
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("32MB")); // above the 8 MiB batches
    GrpcConfigKeys.setUseEpoll(p, false);
    // durability: sync and group fsync the log before an entry counts as written (one fsync
    // covers every entry appended meanwhile); async writes it out and fsyncs in the background
    RaftServerConfigKeys.Log.setUnsafeFlushEnabled(
        p, config.storage.durability == NodeConfig.Durability.ASYNC);

    // the databases are the snapshot: a snapshot flushes them, and the log is purged behind it
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, r.snapshotEntries);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, r.snapshotEntries));
    // a member behind the purged log is told so (notifyInstallSnapshotFromLeader) and fetches a
    // checkpoint of the databases from the leader's admin API (SnapshotFetch)
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
    return p;
  }

  /**
   * How long a leader answers reads from its own data after a majority confirmed its leadership:
   * half the minimum election timeout. With pre-vote, no other member is elected before a follower
   * of that majority went the minimum election timeout without hearing from this leader; half of it
   * leaves room for clocks that run at slightly different rates and for late confirmations.
   */
  static long leaseNanos(java.time.Duration electionTimeout) {
    return electionTimeout.toNanos() / 2;
  }

  /** Appends to a member that failed: 10 at once, 20 about 100 ms apart, then about 1 s apart. */
  static final String APPEND_RETRY_POLICY = "1ms,10, 100ms,20, 1s,1000000000";

  private static TimeDuration ms(long millis) {
    return TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS);
  }
}
