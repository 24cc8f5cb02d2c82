package dev.orbit.e2e.replication;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * Kills the leader of a three-member cluster with SIGKILL under two bank-transfer loads, a Redis
 * one ({@link RedisBank}) and a PostgreSQL one of real transactions ({@link PgBank}), again and
 * again: each time a new leader must accept writes, no acknowledged transfer may be lost and the
 * balances must still sum up in both; the killed member restarts and catches up. Prints how long
 * each failover took (SIGKILL → first acknowledged Redis write on the new leader).
 */
public final class Failovers {
  static final Duration DEADLINE = Duration.ofSeconds(120);

  private Failovers() {}

  /**
   * Runs {@code kills} failovers in a cluster under {@code dir}; returns each failover's millis.
   */
  public static List<Long> run(Path dir, int kills, PrintStream out) throws Exception {
    List<Long> times = new ArrayList<>();
    List<String> sets = new ArrayList<>(List.of("tiering.enabled=false"));
    // e.g. -Dorbit.replica.sets=replication.electionTimeout=500ms to compare settings
    for (String s : System.getProperty("orbit.replica.sets", "").split(",")) {
      if (!s.isBlank()) {
        sets.add(s.trim());
      }
    }
    try (ReplicaProcesses c =
        new ReplicaProcesses(dir, 3, sets.toArray(new String[0])).startAll()) {
      RedisBank bank = new RedisBank(() -> redisPortOfLeader(c));
      PgBank pg = new PgBank(() -> portOfLeader(c, "postgres"));
      onLeader(c, bank::open);
      onPgLeader(c, pg::open);
      int leader;
      for (int k = 0; k < kills; k++) {
        bank.start(2);
        pg.start(2);
        awaitAcked(bank::acked, bank.acked() + 50);
        awaitAcked(pg::acked, pg.acked() + 20);
        leader = oneLeader(c);
        java.time.Instant killedAt = java.time.Instant.now();
        long t0 = System.nanoTime();
        c.kill(leader);
        FirstWrite first = firstWrite(c, t0);
        long took = first.millis();
        times.add(took);
        awaitAcked(bank::acked, bank.acked() + 50);
        awaitAcked(pg::acked, pg.acked() + 20);
        bank.stop();
        pg.stop();
        int failover = k + 1;
        onLeader(c, j -> bank.check(j, "after failover " + failover));
        onPgLeader(c, conn -> pg.check(conn, "after failover " + failover));
        int now = c.awaitLeader("redis", DEADLINE);
        out.printf(
            "failover %d: member n%d killed, n%d leads after %d ms; %d Redis and %d SQL"
                + " transfers acknowledged (killed at %s; %s)%n",
            k + 1,
            leader,
            now,
            took,
            bank.acked(),
            pg.acked(),
            TIME.format(killedAt),
            first.timeline());
        long restart = System.nanoTime();
        c.start(leader);
        c.awaitCaughtUp(leader, DEADLINE);
        out.printf(
            "  n%d restarted and caught up after %d ms%n",
            leader, (System.nanoTime() - restart) / 1_000_000);
      }
    }
    return times;
  }

  /**
   * Runs {@code action} against the current leader, again while it fails for want of a leader (an
   * election under load); a failed check (IllegalStateException) is not retried.
   */
  public static void onLeader(ReplicaProcesses c, java.util.function.Consumer<Jedis> action)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      int l = c.awaitLeader("redis", DEADLINE);
      try (Jedis j = RedisBank.connect(c.members.get(l).redis())) {
        action.accept(j);
        return;
      } catch (redis.clients.jedis.exceptions.JedisException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        RedisBank.sleep(100);
      }
    }
  }

  /** What {@link #onPgLeader} runs. */
  public interface SqlAction {
    void accept(java.sql.Connection c) throws java.sql.SQLException;
  }

  /**
   * Runs {@code action} on a connection to the current leader of the postgres store, again while it
   * fails with an SQL error (no leader yet, or not ready); a failed check is not retried.
   */
  public static void onPgLeader(ReplicaProcesses c, SqlAction action) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      int l = c.awaitLeader("postgres", DEADLINE);
      try (java.sql.Connection conn = PgBank.connect(c.members.get(l).postgres())) {
        action.accept(conn);
        return;
      } catch (java.sql.SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(e);
        }
        RedisBank.sleep(100);
      }
    }
  }

  /**
   * The member that leads every store, once the others handed theirs to the Redis leader: killing
   * it is a failover of every group at once.
   */
  private static int oneLeader(ReplicaProcesses c) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      int redis = c.awaitLeader("redis", DEADLINE);
      int postgres = c.awaitLeader("postgres", DEADLINE);
      if (redis == postgres) {
        return redis;
      }
      c.transferLeadership(postgres, redis);
      RedisBank.sleep(100);
    }
    throw new IllegalStateException("no member came to lead every store" + c.logs());
  }

  private static final java.time.format.DateTimeFormatter TIME =
      java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
          .withZone(java.time.ZoneOffset.UTC);

  /**
   * The first acknowledged write after a kill: millis since the kill, and the harness's timeline
   * (when {@code /v1/status} first named a leader, what the attempts before the success got).
   */
  record FirstWrite(long millis, long leaderSeenMillis, int attempts, String refusals) {
    String timeline() {
      return "a member said it leads at "
          + leaderSeenMillis
          + " ms, "
          + attempts
          + " write attempt(s)"
          + (refusals.isEmpty() ? "" : ", refused: " + refusals);
    }
  }

  /** Retries one transfer against whoever leads until one is acknowledged. */
  private static FirstWrite firstWrite(ReplicaProcesses c, long t0) {
    long deadline = t0 + DEADLINE.toNanos();
    long seq = 0;
    long seen = -1;
    int attempts = 0;
    List<String> refusals = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      int l = c.leaderNow("redis");
      if (l >= 0) {
        long at = (System.nanoTime() - t0) / 1_000_000;
        seen = seen < 0 ? at : seen;
        attempts++;
        try (Jedis j = RedisBank.connect(c.members.get(l).redis())) {
          if (RedisBank.transfer(j, "probe:" + t0 + ":" + (++seq))) {
            return new FirstWrite(
                (System.nanoTime() - t0) / 1_000_000,
                seen,
                attempts,
                String.join("; ", refusals.subList(0, Math.min(5, refusals.size()))));
          }
          refusals.add(at + " ms: EXEC aborted");
        } catch (RuntimeException e) {
          String why = String.valueOf(e.getMessage());
          refusals.add(at + " ms: " + why.substring(0, Math.min(40, why.length())));
        }
      }
      RedisBank.sleep(10);
    }
    throw new IllegalStateException("no write acknowledged within " + DEADLINE + c.logs());
  }

  private static int redisPortOfLeader(ReplicaProcesses c) {
    try {
      return c.members.get(c.awaitLeader("redis", DEADLINE)).redis();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int portOfLeader(ReplicaProcesses c, String protocol) {
    try {
      return c.members.get(c.awaitLeader(protocol, DEADLINE)).postgres();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitAcked(java.util.function.IntSupplier acked, int atLeast) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (acked.getAsInt() < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("transfers stopped being acknowledged");
      }
      RedisBank.sleep(10);
    }
  }

  /** Median and max of {@code millis}. */
  public static String summary(List<Long> millis) {
    List<Long> s = new ArrayList<>(millis);
    Collections.sort(s);
    long median =
        s.size() % 2 == 1
            ? s.get(s.size() / 2)
            : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    return "failover (SIGKILL -> first acknowledged write): median "
        + median
        + " ms, max "
        + s.get(s.size() - 1)
        + " ms over "
        + s.size();
  }

  /** {@code Failovers <dir> <kills>}: the soak run; prints each failover and the summary. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/failover-soak");
    int kills = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    List<Long> times = run(dir, kills, System.out);
    System.out.println(summary(times));
  }
}
