package dev.orbit.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import dev.orbit.node.backup.BackupManifest;
import dev.orbit.node.backup.BackupTarget;
import dev.orbit.node.backup.archive.LogArchiver;
import dev.orbit.node.cli.Main;
import dev.orbit.node.storage.OfflineStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Backups and log archiving of a three-member cluster: a follower takes the backup at one log index
 * while the leader takes writes, and after a leader change the new leader archives on from where
 * the old one stopped, so a restore to a time after the change has every write before it.
 */
class ReplicatedBackupIT {
  @TempDir Path dir;

  private String target() {
    return "file://" + dir.resolve("backups").toAbsolutePath();
  }

  @Test
  void aFollowerBacksUpAtOneLogIndexAndANewLeaderArchivesOnWithoutAGap() throws Exception {
    Instant t;
    String backupId;
    long index;
    try (ClusterFixture c =
        new ClusterFixture(
            dir.resolve("cluster"),
            3,
            "backup.archive.target=" + target(),
            "backup.archive.clusterUid=cluster-r",
            "backup.archive.interval=1h")) {
      TestNode leader = c.leader("redis");
      try (Jedis j = redis(leader)) {
        for (int i = 0; i < 200; i++) {
          j.set("before:" + i, "v" + i);
        }
      }
      // each store elects its own leader: back up on the member that leads none of them
      TestNode follower = leadsNothing(c.followers(leader));
      TestNode next = c.followers(leader).stream().filter(n -> n != follower).findFirst().get();
      try (Jedis f = redis(follower)) {
        ClusterFixture.await("the follower to hold the writes", () -> has(f, "before:199"));
      }

      // the follower backs up while the leader keeps taking writes
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger written = new AtomicInteger();
      Thread writer = writer(leader, "during:", stop, written);
      ClusterFixture.await("writes to run", () -> written.get() > 20);
      BackupManifest m = follower.node.backups().create(BackupTarget.parse(target()));
      stop.set(true);
      writer.join();
      backupId = m.id();
      assertEquals(follower.node.storage().replication().self(), m.member());
      assertEquals("follower", m.role());
      index = m.logIndex().get("redis");
      assertTrue(
          index > 0
              && index <= leader.node.storage().replication().status().get("redis").commitIndex(),
          "index " + index);

      // the old leader archives what it committed, then hands over
      leader.node.archiver().pass();
      String to = next.node.storage().replication().self();
      Map<String, Membership.Outcome> moved =
          new Membership(leader.node.storage().replication()).transferLeadership(to, 30_000);
      assertTrue(moved.get("redis").ok(), String.valueOf(moved));
      TestNode newLeader = c.leader("redis");
      assertEquals(to, newLeader.node.storage().replication().self());
      try (Jedis j = redis(newLeader)) {
        for (int i = 0; i < 100; i++) {
          j.set("after:" + i, "v" + i);
        }
      }
      t = Instant.now();
      while (System.currentTimeMillis() <= t.toEpochMilli()) {
        Thread.onSpinWait();
      }
      try (Jedis j = redis(newLeader)) {
        j.set("late", "x");
      }
      newLeader.node.archiver().pass();
      LogArchiver.State s = newLeader.node.archiver().status().get("redis");
      assertNull(s.error());
      assertEquals(0, s.lagEntries(), "the new leader archived every committed entry");
      int during = written.get();

      // restore to t: the backup taken on the follower, then the log archived by both leaders
      Path atT = dir.resolve("at-t");
      cli(
          "restore",
          "--from",
          target(),
          "--target-time",
          t.toString(),
          "--data-dir",
          atT.toString());
      try (TestNode n = TestNode.start(atT);
          Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
        assertEquals("v199", j.get("before:199"));
        for (int i = 0; i < during; i++) {
          assertEquals("v" + i, j.get("during:" + i), "written while the follower backed up");
        }
        assertEquals("v99", j.get("after:99"), "written on the new leader before t");
        assertNull(j.get("late"), "written after t");
      }
    }
    // the backup alone (no archive replayed) holds the writes before it
    Path alone = dir.resolve("alone");
    cli("restore", "--from", target(), "--id", backupId, "--data-dir", alone.toString());
    try (OfflineStore s = OfflineStore.open(TestNode.config(alone), "redis")) {
      // every tier was checkpointed between two applied entries: exactly at the recorded index
      assertEquals(index, s.appliedIndex(), "the backup's data is at its recorded log index");
    }
    try (TestNode n = TestNode.start(alone);
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      assertEquals("v199", j.get("before:199"));
      assertNull(j.get("after:0"));
    }
  }

  private static Thread writer(
      TestNode leader, String prefix, AtomicBoolean stop, AtomicInteger written) {
    Thread t =
        new Thread(
            () -> {
              try (Jedis j = redis(leader)) {
                while (!stop.get()) {
                  int i = written.get();
                  j.set(prefix + i, "v" + i);
                  written.incrementAndGet(); // counted once acknowledged
                }
              }
            });
    t.start();
    return t;
  }

  /** Runs the CLI and fails on a non-zero exit. */
  private static void cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
  }

  private static boolean has(Jedis j, String key) {
    try {
      return j.get(key) != null;
    } catch (JedisDataException e) {
      return false; // not caught up yet
    }
  }

  private static Jedis redis(TestNode n) {
    Jedis j = new Jedis("127.0.0.1", n.redisPort());
    j.auth(ClusterFixture.PASSWORD);
    return j;
  }

  /** The member of {@code members} that leads no store's group (waits for one). */
  private static TestNode leadsNothing(List<TestNode> members) {
    TestNode[] found = new TestNode[1];
    ClusterFixture.await(
        "a member that leads no group",
        () -> {
          for (TestNode n : members) {
            if (n.node.storage().replication().status().values().stream()
                .noneMatch(g -> "leader".equals(g.role()))) {
              found[0] = n;
              return true;
            }
          }
          return false;
        });
    return found[0];
  }
}
