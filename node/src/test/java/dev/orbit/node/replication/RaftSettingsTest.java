package dev.orbit.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Ratis settings a node's replication config maps to, and the read lease they allow. */
class RaftSettingsTest {

  private static NodeConfig config(String electionTimeout) {
    List<String> sets =
        new ArrayList<>(
            List.of(
                "replication.nodeId=n0",
                "replication.peers.n0=127.0.0.1:17001",
                "replication.peers.n1=127.0.0.1:17002",
                "replication.peers.n2=127.0.0.1:17003"));
    if (electionTimeout != null) {
      sets.add("replication.electionTimeout=" + electionTimeout);
    }
    return ConfigLoader.load(null, null, sets, Map.of());
  }

  private static RaftProperties properties(NodeConfig c) {
    return RaftSettings.of(c, Members.of(c.replication, Map.of()), List.of(Path.of("raft")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "100ms", "500ms", "1s", "3s"})
  void theLeaseEndsBeforeAnyOtherMemberCanBeElectedAndElectionsAskFirst(String timeout) {
    NodeConfig c = config(timeout.isEmpty() ? null : timeout);
    RaftProperties p = properties(c);
    long min = RaftServerConfigKeys.Rpc.timeoutMin(p).toLong(TimeUnit.NANOSECONDS);
    long max = RaftServerConfigKeys.Rpc.timeoutMax(p).toLong(TimeUnit.NANOSECONDS);
    assertEquals(c.replication.electionTimeout.toNanos(), min);
    assertEquals(2 * min, max, "the election timeout is drawn from [min, 2 min]");
    long lease = RaftSettings.leaseNanos(c.replication.electionTimeout);
    assertTrue(lease > 0 && lease <= min / 2, "lease " + lease + " ns, min timeout " + min);
    // the lease rests on pre-vote: a follower that heard from its leader within the minimum
    // timeout refuses to take part in another member's election
    assertTrue(RaftServerConfigKeys.LeaderElection.preVote(p));
    assertEquals(
        2 * min,
        RaftServerConfigKeys.LeaderElection.leaderStepDownWaitTime(p).toLong(TimeUnit.NANOSECONDS));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 30, 100, 100_000})
  void aMemberThatKeepsFailingIsRetriedAboutEverySecondNeverFasterThanNeeded(int failures) {
    RetryPolicy policy =
        RetryPolicy.parse(
            RaftServerConfigKeys.Log.Appender.retryPolicy(properties(config(null))),
            RaftServerConfigKeys.Log.Appender.RETRY_POLICY_KEY);
    RetryPolicy.Action a = policy.handleAttemptFailure(() -> failures);
    assertTrue(a.shouldRetry(), "still retried after " + failures + " failures");
    long sleep = a.getSleepTime().toLong(TimeUnit.MILLISECONDS);
    assertTrue(sleep <= 1500, "retried within 1.5 s after " + failures + " failures: " + sleep);
    if (failures > 30) {
      assertTrue(sleep >= 500, "no busy retries of a member that stays down: " + sleep);
    }
  }
}
