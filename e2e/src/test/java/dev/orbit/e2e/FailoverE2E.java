package dev.orbit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.e2e.replication.Failovers;
import dev.orbit.e2e.replication.RedisBank;
import dev.orbit.e2e.replication.ReplicaProcesses;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Three node processes on loopback. SIGKILL of the leader (of every store) under two bank-transfer
 * loads — Redis transfers and PostgreSQL transactions (BEGIN; UPDATE; UPDATE; INSERT; COMMIT) — a
 * new leader takes writes, no acknowledged transfer or commit is lost and the balances still sum
 * up, in both, every time. SIGSTOP of the leader: it is replaced, and once resumed it steps down
 * without any write it took while frozen becoming visible. (e2e/bench/failover-soak.sh runs 20
 * kills.)
 */
class FailoverE2E {
  static final Duration DEADLINE = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void killingTheLeaderUnderLoadLosesNoAcknowledgedTransfer() throws Exception {
    List<Long> times = Failovers.run(dir, 3, System.out);
    assertEquals(3, times.size());
    System.out.println(Failovers.summary(times));
  }

  @Test
  void aFrozenLeaderStepsDownAndNoWriteItTookWhileFrozenBecomesVisible() throws Exception {
    try (ReplicaProcesses c = new ReplicaProcesses(dir, 3, "tiering.enabled=false").startAll()) {
      Failovers.onLeader(c, j -> assertEquals("OK", j.set("before", "1")));
      int old = c.awaitLeader("redis", DEADLINE);
      try (Socket s = new Socket("127.0.0.1", c.members.get(old).redis())) {
        long frozenAt = System.nanoTime();
        c.freeze(old);
        int fresh = c.awaitLeader("redis", DEADLINE);
        assertTrue(fresh != old, "another member leads while the old leader is frozen");
        OutputStream out = s.getOutputStream();
        // queued in the frozen leader's socket: it reads them when it wakes up, still believing
        // it leads
        out.write(resp("SET", "stale:1", "x"));
        out.write(resp("INCR", "stale:2"));
        out.flush();
        Failovers.onLeader(c, j -> assertEquals("OK", j.set("after", "1")));
        long left = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - frozenAt);
        if (left > 0) {
          Thread.sleep(left / 1_000_000); // the scenario: frozen for 10 s
        }
        c.thaw(old);
        String replies = readReplies(s, Duration.ofSeconds(30));
        assertFalse(replies.contains("+OK"), "the stale SET was refused: " + replies);
        assertFalse(replies.contains(":1"), "the stale INCR was refused: " + replies);
      }
      awaitFollower(c, old);
      int leader = c.awaitLeader("redis", DEADLINE);
      c.awaitCaughtUp(old, DEADLINE);
      for (int m : new int[] {leader, old}) {
        try (Jedis j = RedisBank.connect(c.members.get(m).redis())) {
          assertEquals("1", j.get("before"));
          assertEquals("1", j.get("after"));
          assertNull(j.get("stale:1"), "member n" + m);
          assertNull(j.get("stale:2"), "member n" + m);
        }
      }
    }
  }

  private static void awaitFollower(ReplicaProcesses c, int member) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      var s = c.status(member);
      if (s != null
          && !"leader"
              .equals(s.path("replication").path("groups").path("redis").path("role").asText())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the old leader did not step down" + c.logs());
  }

  private static byte[] resp(String... args) {
    StringBuilder sb = new StringBuilder("*" + args.length + "\r\n");
    for (String a : args) {
      sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What the server answered on {@code s} until it answered twice or {@code wait} passed. */
  private static String readReplies(Socket s, Duration wait) throws Exception {
    s.setSoTimeout(1000);
    InputStream in = s.getInputStream();
    StringBuilder sb = new StringBuilder();
    long deadline = System.nanoTime() + wait.toNanos();
    byte[] buf = new byte[4096];
    while (System.nanoTime() < deadline && sb.chars().filter(ch -> ch == '\n').count() < 2) {
      try {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      } catch (SocketTimeoutException e) {
        // keep waiting
      }
    }
    return sb.toString();
  }
}
