package dev.orbit.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import dev.orbit.node.storage.NotLeaderException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * A MULTI/EXEC transaction is all or nothing also when one of its commands is refused because the
 * leader cannot confirm its leadership for a read (its lease lapsed: here its apply is held up, so
 * the group's read-index rounds do not complete, while it still takes writes): the whole EXEC is
 * refused and none of its writes is applied. Undoing only the refused command committed the others
 * alone ({@code failover-soak.sh}'s Redis bank lost money after a failover).
 */
class RedisExecAllOrNothingIT {
  private static final int CLIENT_TIMEOUT_MS = 120_000;

  @TempDir Path dir;

  @Test
  void aCommandRefusedForWantOfAConfirmedLeadershipAbortsTheWholeExec() throws Exception {
    try (ClusterFixture c = new ClusterFixture(dir, 3)) {
      TestNode leader = c.leader("redis");
      try (Jedis j = redis(leader)) {
        j.set("a", "100");
        j.set("b", "100");
        j.sadd("s", "m");
      }
      GroupLog group = leader.node.storage().replication().log("redis");
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> held = new CompletableFuture<>();
      Thread holder =
          new Thread(
              () ->
                  group
                      .machine()
                      .whileNothingApplies(
                          () -> {
                            held.complete(null);
                            try {
                              release.await(); // the leader applies nothing meanwhile
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                            return null;
                          }),
              "hold-apply");
      holder.start();
      CompletableFuture<Object> exec = new CompletableFuture<>();
      try {
        held.get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        // a write committed but not applied: read-index rounds wait for its apply, so the lease
        // lapses and is not renewed, while the member still leads and takes writes
        CompletableFuture.runAsync(
            () -> {
              try (Jedis w = redis(leader)) {
                w.set("other", "1");
              }
            });
        ClusterFixture.await(
            "a write committed that the leader has not applied",
            () -> {
              var status = leader.node.storage().replication().status().get("redis");
              return status.commitIndex() > status.appliedIndex();
            });
        ClusterFixture.await(
            "the leader's lease to lapse",
            () -> {
              try {
                group.checkRead();
                return false;
              } catch (NotLeaderException e) {
                return group.leaderReady();
              }
            });
        long committedBefore = committed(leader);
        Thread t =
            new Thread(
                () -> {
                  try (Jedis j = redis(leader)) {
                    Transaction tx = j.multi();
                    tx.decrBy("a", 5);
                    tx.sunionstore("copy", "s"); // reads the set: needs a confirmed leadership
                    tx.incrBy("b", 5);
                    exec.complete(tx.exec());
                  } catch (RuntimeException e) {
                    exec.complete(e);
                  }
                },
                "exec");
        t.start();
        // the EXEC either answered, or committed something and waits for its apply
        ClusterFixture.await(
            "the EXEC to answer or commit",
            () -> exec.isDone() || committed(leader) > committedBefore);
      } finally {
        release.countDown();
        holder.join();
      }
      Object reply = exec.get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
      try (Jedis j = redis(leader)) {
        assertEquals(
            List.of("100", "100"),
            List.of(j.get("a"), j.get("b")),
            "nothing of the transaction is applied (EXEC answered " + reply + ")");
        assertFalse(j.exists("copy"));
      }
      RuntimeException e = assertInstanceOf(RuntimeException.class, reply);
      assertTrue(e.getMessage().startsWith("READONLY"), e.getMessage());
      try (Jedis j = redis(c.leader("redis"))) {
        // once the leader applies again, the same transaction goes through whole
        Transaction tx = j.multi();
        tx.decrBy("a", 5);
        tx.sunionstore("copy", "s");
        tx.incrBy("b", 5);
        assertEquals(List.of(95L, 1L, 105L), tx.exec());
      }
    }
  }

  /** The commit index of the redis group on {@code n}. */
  private static long committed(TestNode n) {
    return n.node.storage().replication().status().get("redis").commitIndex();
  }

  private static Jedis redis(TestNode n) {
    Jedis j = new Jedis("127.0.0.1", n.redisPort(), CLIENT_TIMEOUT_MS);
    j.auth(ClusterFixture.PASSWORD);
    return j;
  }
}
