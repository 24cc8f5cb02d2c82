package dev.orbit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.e2e.replication.ReplicaProcesses;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A single node whose process stalls for seconds (a loaded machine, a long GC pause; here SIGSTOP)
 * stays the leader of its one-member groups: every write after it resumes is taken, none is refused
 * with READONLY (which must mean "this member is a follower").
 */
class SlowMachineSingleNodeE2E {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void aSingleNodeThatStallsForSecondsKeepsTakingWrites() throws Exception {
    try (ReplicaProcesses c = new ReplicaProcesses(dir, 1, "tiering.enabled=false").startAll()) {
      c.awaitLeader("redis", DEADLINE);
      try (Jedis j = new Jedis("127.0.0.1", c.members.get(0).redis(), 60_000)) {
        j.auth("orbit-secret");
        assertEquals("OK", j.set("before", "1"));
        c.freeze(0);
        try {
          // the fault injected: the process gets no CPU for 4 s (beyond the 2 s after which Ratis
          // takes a pause for a sign that a leader may have been replaced)
          Thread.sleep(4_000);
        } finally {
          c.thaw(0);
        }
        // writes right after the stall, for longer than an election would take
        long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        int n = 0;
        while (System.nanoTime() < end) {
          assertEquals("OK", j.set("after:" + n, Integer.toString(n)), "write " + n);
          n++;
        }
        assertEquals(Integer.toString(n - 1), j.get("after:" + (n - 1)));
        assertEquals("1", j.get("before"));
      }
    }
  }
}
