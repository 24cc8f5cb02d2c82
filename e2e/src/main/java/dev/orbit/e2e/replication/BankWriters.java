package dev.orbit.e2e.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Writer threads of a bank: each connects to the current leader and runs transfers, each named by a
 * marker, until stopped; a transfer the client saw acknowledged is remembered, and any failure (the
 * leader went away, a refusal, an unknown outcome) makes the writer find the leader again. The bank
 * says how to connect and how one transfer is made ({@link Transfers}).
 */
final class BankWriters<C extends AutoCloseable> {
  /** One protocol's connection and transfer. */
  interface Transfers<C> {
    C connect(int port) throws Exception;

    /** One transfer named {@code marker}; true when the client saw it acknowledged. */
    boolean transfer(C connection, String marker) throws Exception;
  }

  private final String name;
  private final IntSupplier leaderPort;
  private final Transfers<C> transfers;
  private final long joinMillis;
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> writers = new ArrayList<>();

  /**
   * {@code name}: the prefix of thread names and markers; {@code leaderPort}: the leader's port
   * (may block until there is one); {@code joinMillis}: how long {@link #stop} waits for a writer
   * (a transfer in flight may wait that long for its answer).
   */
  BankWriters(String name, IntSupplier leaderPort, Transfers<C> transfers, long joinMillis) {
    this.name = name;
    this.leaderPort = leaderPort;
    this.transfers = transfers;
    this.joinMillis = joinMillis;
  }

  /** Starts {@code n} writer threads that move money until {@link #stop}. */
  void start(int n) {
    stop.set(false);
    writers.clear();
    for (int w = 0; w < n; w++) {
      int id = w;
      Thread t = new Thread(() -> write(id), name + "-bank-writer-" + w);
      t.setDaemon(true);
      t.start();
      writers.add(t);
    }
  }

  private void write(int id) {
    long seq = 0;
    while (!stop.get()) {
      try (C c = transfers.connect(leaderPort.getAsInt())) {
        while (!stop.get()) {
          String marker = name + ":" + id + ":" + (++seq);
          attempts.incrementAndGet();
          if (transfers.transfer(c, marker)) {
            acked.add(marker);
          }
        }
      } catch (Exception e) {
        // the leader went away, refused (READONLY, 25006), or the outcome is unknown (40003, a
        // reset connection): not acknowledged; find the leader again
        RedisBank.sleep(20);
      }
    }
  }

  void stop() throws InterruptedException {
    stop.set(true);
    for (Thread t : writers) {
      t.join(joinMillis);
    }
  }

  /** The markers of the transfers a client saw acknowledged. */
  Set<String> acked() {
    return acked;
  }

  long attempts() {
    return attempts.get();
  }
}
