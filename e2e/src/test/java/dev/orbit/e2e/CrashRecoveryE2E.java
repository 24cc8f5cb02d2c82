package dev.orbit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * A node killed with SIGKILL in the middle of a write load loses no acknowledged write: every
 * writer's last acknowledged value, and every key it acknowledged before, is there after restart.
 */
class CrashRecoveryE2E {
  static final int WRITERS = 4;
  static final int KILLS = 11; // per durability mode: 22 kills in all

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"group", "sync"})
  void sigkillDuringWritesLosesNoAcknowledgedWrite(String durability) throws Exception {
    Path data = dir.resolve(durability);
    long[] ackedBefore = new long[WRITERS];
    for (int round = 0; round < KILLS; round++) {
      AtomicLongArray acked = new AtomicLongArray(WRITERS);
      NodeProcess n =
          NodeProcess.start(data, "storage.durability=" + durability)
              .awaitReady(Duration.ofSeconds(120));
      try (Jedis check = new Jedis("127.0.0.1", n.redisPort, 60_000)) {
        for (int w = 0; w < WRITERS; w++) {
          String last = check.get("writer:" + w);
          long value = last == null ? 0 : Long.parseLong(last);
          assertTrue(
              value >= ackedBefore[w],
              durability
                  + " round "
                  + round
                  + ": writer "
                  + w
                  + " acknowledged "
                  + ackedBefore[w]
                  + " but the node has "
                  + value);
          acked.set(w, value);
          // every numbered key up to the acknowledged one is there too
          for (long i = Math.max(1, ackedBefore[w] - 50); i <= ackedBefore[w]; i++) {
            assertEquals(Long.toString(i), check.get("w" + w + ":" + i), "w" + w + ":" + i);
          }
        }
      }
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int id = w;
        Thread t =
            new Thread(
                () -> {
                  try (Jedis j = new Jedis("127.0.0.1", n.redisPort, 60_000)) {
                    long i = acked.get(id);
                    while (!stop.get()) {
                      i++;
                      j.mset(
                          "w" + id + ":" + i, Long.toString(i), "writer:" + id, Long.toString(i));
                      acked.set(id, i);
                    }
                  } catch (RuntimeException e) {
                    // the connection dies with the node: everything not acknowledged may be lost
                  }
                });
        t.start();
        threads.add(t);
      }
      Thread.sleep(300 + 37L * round);
      n.kill();
      stop.set(true);
      for (Thread t : threads) {
        t.join(10_000);
      }
      for (int w = 0; w < WRITERS; w++) {
        ackedBefore[w] = acked.get(w);
      }
    }
    long total = 0;
    for (long a : ackedBefore) {
      total += a;
    }
    assertTrue(total > WRITERS * 10L, "the load acknowledged writes: " + total);
  }
}
