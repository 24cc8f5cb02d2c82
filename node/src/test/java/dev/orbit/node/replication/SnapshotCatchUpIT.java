package dev.orbit.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A member whose folders were wiped while the leader purged its log behind a snapshot catches up by
 * fetching a checkpoint of the leader's databases (then a restart loads it), serves the same data,
 * and takes part in the group again: with the old leader gone it helps elect a new one.
 */
class SnapshotCatchUpIT {
  private static final String VALUE = "v".repeat(1000);

  @TempDir Path dir;

  @Test
  void aWipedMemberCatchesUpFromTheLeadersSnapshotAndThenTakesPartInTheGroup() throws Exception {
    try (ClusterFixture c =
        new ClusterFixture(
            dir, 3, "replication.snapshotEntries=100", "replication.logSegmentSize=16Ki")) {
      TestNode leader = c.leader("redis");
      int wiped = c.nodes.indexOf(c.followers(leader).get(0));
      for (int i = 0; i < 50; i++) {
        set(c, "key" + i, VALUE + i);
      }
      TestNode before = c.nodes.get(wiped);
      ClusterFixture.await(
          "the follower to hold the first writes", () -> (VALUE + 49).equals(get(before, "key49")));

      c.stop(wiped);
      deleteTree(c.dataDir(wiped)); // data and WAL volumes alike
      for (int i = 50; i < 600; i++) {
        set(c, "key" + i, VALUE + i);
      }
      ClusterFixture.await(
          "the leader to purge its log behind a snapshot",
          () -> {
            GroupLog log = c.leader("redis").node.storage().replication().log("redis");
            return log.division().getRaftLog().getStartIndex() > 100;
          });

      TestNode first = c.restart(wiped);
      ClusterFixture.await(
          "the wiped member to fetch the leader's snapshot and ask for a restart",
          () ->
              first.node.livenessProblems().stream()
                  .anyMatch(p -> p.startsWith("redis store needs a restart to load the snapshot")));
      List<String> problems = first.node.livenessProblems();

      TestNode back = c.restart(wiped);
      ClusterFixture.await(
          "the restarted member to serve the last write",
          () -> (VALUE + 599).equals(get(back, "key599")));
      for (int i = 0; i < 600; i++) {
        assertEquals(VALUE + i, get(back, "key" + i), "key" + i + " after " + problems);
      }
      assertTrue(back.node.livenessProblems().isEmpty(), back.node.livenessProblems().toString());

      // it takes part in the group: without the leader, it and the third member elect one
      TestNode old = c.leader("redis");
      c.stop(c.nodes.indexOf(old));
      set(c, "after-failover", "yes");
      ClusterFixture.await(
          "the restored member to hold a write made after the failover",
          () -> "yes".equals(get(back, "after-failover")));
      assertEquals(VALUE + 599, get(c.leader("redis"), "key599"));
    }
  }

  /** SET on whichever member leads, again after a leader change (a SET is idempotent). */
  private static void set(ClusterFixture c, String key, String value) {
    JedisException[] last = new JedisException[1];
    ClusterFixture.await(
        "SET " + key + " to be acknowledged (last: " + last[0] + ")",
        () -> {
          try (Jedis j = redis(c.leader("redis"))) {
            return "OK".equals(j.set(key, value));
          } catch (JedisException e) {
            last[0] = e;
            return false;
          }
        });
  }

  private static String get(TestNode n, String key) {
    try (Jedis j = redis(n)) {
      return j.get(key);
    } catch (JedisException e) {
      return null; // not caught up yet (MASTERDOWN), or not serving yet
    }
  }

  private static Jedis redis(TestNode n) {
    Jedis j = new Jedis("127.0.0.1", n.redisPort());
    j.auth(ClusterFixture.PASSWORD);
    return j;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
