package dev.orbit.e2e.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * A bank on Redis: money moved between accounts by a DECRBY/INCRBY pair and a marker key naming the
 * transfer, sent as one MULTI/EXEC transaction (atomic in Redis, as a pipeline is not). The sum of
 * all balances never changes, and every transfer a client saw acknowledged stays.
 */
public final class RedisBank {
  public static final int ACCOUNTS = 20;
  public static final long INITIAL = 1000;

  private final BankWriters<Jedis> writers;

  /** {@code leaderPort}: the Redis port of the current leader (may block until there is one). */
  public RedisBank(IntSupplier leaderPort) {
    this.writers =
        new BankWriters<>(
            "xfer",
            leaderPort,
            new BankWriters.Transfers<>() {
              @Override
              public Jedis connect(int port) {
                return RedisBank.connect(port);
              }

              @Override
              public boolean transfer(Jedis j, String marker) {
                return RedisBank.transfer(j, marker);
              }
            },
            30_000);
  }

  /** A connection to a member's Redis port, authenticated as the members' user. */
  public static Jedis connect(int port) {
    Jedis j = new Jedis("127.0.0.1", port, 30_000);
    try {
      j.auth(ReplicaProcesses.USER, ReplicaProcesses.PASSWORD);
    } catch (RuntimeException e) {
      j.close();
      throw e;
    }
    return j;
  }

  public void open(Jedis j) {
    String[] kv = new String[ACCOUNTS * 2];
    for (int i = 0; i < ACCOUNTS; i++) {
      kv[2 * i] = "acct:" + i;
      kv[2 * i + 1] = Long.toString(INITIAL);
    }
    j.mset(kv);
  }

  /** One transfer as one MULTI/EXEC transaction; true when EXEC says every command applied. */
  public static boolean transfer(Jedis j, String marker) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int from = r.nextInt(ACCOUNTS);
    int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
    long amount = 1 + r.nextInt(50);
    Transaction t = j.multi();
    t.decrBy("acct:" + from, amount);
    t.incrBy("acct:" + to, amount);
    t.set(marker, "1");
    List<Object> replies = t.exec();
    return replies != null
        && replies.size() == 3
        && replies.get(0) instanceof Long
        && replies.get(1) instanceof Long
        && "OK".equals(replies.get(2));
  }

  /** Starts {@code n} writer threads that move money until {@link #stop}. */
  public void start(int n) {
    writers.start(n);
  }

  public void stop() throws InterruptedException {
    writers.stop();
  }

  public int acked() {
    return writers.acked().size();
  }

  public long attempts() {
    return writers.attempts();
  }

  /**
   * Checks the invariant on {@code j}: the total is intact and every acknowledged transfer is
   * there.
   */
  public void check(Jedis j, String when) {
    long sum = 0;
    for (int i = 0; i < ACCOUNTS; i++) {
      sum += Long.parseLong(j.get("acct:" + i));
    }
    if (sum != ACCOUNTS * INITIAL) {
      throw new IllegalStateException(
          when + ": the accounts sum to " + sum + ", not " + ACCOUNTS * INITIAL);
    }
    List<String> all = new ArrayList<>(writers.acked());
    for (int from = 0; from < all.size(); from += 500) {
      List<String> part = all.subList(from, Math.min(all.size(), from + 500));
      List<String> values = j.mget(part.toArray(new String[0]));
      for (int i = 0; i < part.size(); i++) {
        if (values.get(i) == null) {
          throw new IllegalStateException(
              when + ": acknowledged transfer " + part.get(i) + " is lost");
        }
      }
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
