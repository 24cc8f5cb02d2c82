package dev.orbit.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A group that takes no writes: its followers keep serving reads and stay ready for as long as they
 * hear from their leader (also after a leadership transfer and after a member's restart), and a
 * follower cut off from every other member starts refusing reads once it may have missed writes for
 * longer than {@code replication.maxReadLag}.
 */
class IdleGroupReadsIT {
  private static final Duration MAX_READ_LAG = Duration.ofSeconds(2);

  /** How long each idle period is watched: several times the allowed lag. */
  private static final Duration IDLE = MAX_READ_LAG.multipliedBy(4);

  @TempDir Path dir;

  @Test
  void followersOfAnIdleGroupKeepServingReadsAcrossATransferAndARestart() throws Exception {
    try (ClusterFixture c = new ClusterFixture(dir, 3, "replication.maxReadLag=2s")) {
      TestNode leader = c.leader("redis");
      try (Jedis j = redis(leader)) {
        assertEquals("OK", j.set("k", "v1"));
      }
      awaitFollowersServe(c, leader);
      assertFollowersKeepServing(c, leader, IDLE);

      // a leadership transfer: the new leader's first entry of its term, then no writes
      TestNode next = c.followers(leader).get(0);
      String to = next.node.storage().replication().self();
      Map<String, Membership.Outcome> moved =
          new Membership(leader.node.storage().replication()).transferLeadership(to, 30_000);
      assertTrue(moved.get("redis").ok(), String.valueOf(moved));
      leader = c.leader("redis");
      assertEquals(to, leader.node.storage().replication().self());
      awaitFollowersServe(c, leader);
      assertFollowersKeepServing(c, leader, IDLE);

      // a follower restarted while the group is idle
      int restarted = c.nodes.indexOf(c.followers(leader).get(0));
      c.restart(restarted);
      leader = c.leader("redis");
      awaitFollowersServe(c, leader);
      assertFollowersKeepServing(c, leader, IDLE);
    }
  }

  @Test
  void followersKeepServingReadsWhileTheirRoleWatchIsHeldUp() throws Exception {
    try (ClusterFixture c = new ClusterFixture(dir, 3, "replication.maxReadLag=2s")) {
      TestNode leader = c.leader("redis");
      try (Jedis j = redis(leader)) {
        assertEquals("OK", j.set("k", "v1"));
      }
      awaitFollowersServe(c, leader);
      // a loaded machine (or a slow call into Ratis) holds up the periodic role watch: what a
      // follower says about its lag must still be the truth, not the watch's last look
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      try {
        for (TestNode f : c.followers(leader)) {
          f.node.storage().replication().watcher().execute(() -> awaitQuietly(release));
        }
        assertFollowersKeepServing(c, leader, IDLE);
      } finally {
        release.countDown();
      }
    }
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aFollowerCutOffFromTheOtherMembersRefusesReads() throws Exception {
    try (ClusterFixture c = new ClusterFixture(dir, 3, "replication.maxReadLag=2s")) {
      TestNode leader = c.leader("redis");
      try (Jedis j = redis(leader)) {
        assertEquals("OK", j.set("k", "v1"));
      }
      awaitFollowersServe(c, leader);
      TestNode alone = c.followers(leader).get(0);
      for (int i = 0; i < c.nodes.size(); i++) {
        if (c.nodes.get(i) != alone) {
          c.stop(i);
        }
      }
      try (Jedis j = redis(alone)) {
        ClusterFixture.await(
            "the cut-off follower to refuse reads",
            () -> {
              try {
                j.get("k");
                return false;
              } catch (JedisDataException e) {
                assertTrue(e.getMessage().startsWith("MASTERDOWN"), e.getMessage());
                return true;
              }
            });
      }
      List<String> problems = alone.node.storage().replication().readinessProblems();
      assertTrue(
          problems.stream().anyMatch(p -> p.startsWith("redis replica is not caught up")),
          String.valueOf(problems));
    }
  }

  /** Waits until every follower of {@code leader} serves the key written through it. */
  private static void awaitFollowersServe(ClusterFixture c, TestNode leader) {
    for (TestNode f : c.followers(leader)) {
      try (Jedis j = redis(f)) {
        ClusterFixture.await(
            "follower " + f.node.storage().replication().self() + " to serve reads",
            () -> {
              try {
                return "v1".equals(j.get("k"))
                    && f.node.storage().replication().readinessProblems().isEmpty();
              } catch (JedisDataException e) {
                return false; // not caught up yet
              }
            });
      }
    }
  }

  /** Checks over {@code window} that every follower answers reads and reports itself ready. */
  private static void assertFollowersKeepServing(ClusterFixture c, TestNode leader, Duration window)
      throws InterruptedException {
    List<TestNode> followers = c.followers(leader);
    long end = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < end) {
      for (TestNode f : followers) {
        Replication r = f.node.storage().replication();
        List<String> problems = r.readinessProblems();
        if (!problems.isEmpty()) {
          fail(
              "follower "
                  + r.self()
                  + " of an idle group: "
                  + problems
                  + "\n"
                  + c.describe("redis"));
        }
        try (Jedis j = redis(f)) {
          assertEquals("v1", j.get("k"));
        } catch (JedisDataException e) {
          fail(
              "follower "
                  + r.self()
                  + " refused a read: "
                  + e.getMessage()
                  + "\n"
                  + c.describe("redis"));
        }
      }
      Thread.sleep(100); // the pace of the checks, not a wait for some state
    }
  }

  private static Jedis redis(TestNode n) {
    Jedis j = new Jedis("127.0.0.1", n.redisPort());
    j.auth(ClusterFixture.PASSWORD);
    return j;
  }
}
