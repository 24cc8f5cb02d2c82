package dev.orbit.node.redis;

import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.NotLeaderException;
import dev.orbit.node.storage.StorageException;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background upkeep of the Redis data model, in bounded slices: removes keys whose expiry time has
 * passed (through the expiry index, so the cost follows what expires, not the keyspace), and the
 * elements of dropped collections. Every removal is a write through the store like any other. On a
 * replica (writes refused) it does nothing.
 */
public final class Collector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

  /** Keys expired per round, and element records removed per write. */
  static final int SLICE = 1000;

  private final Keyspace ks;
  private final Clock clock;
  private final Consumer<List<RedisTx.Touched>> onCommit;
  private final ScheduledExecutorService timer;
  private final AtomicLong expired = new AtomicLong();
  private volatile boolean closed;

  public Collector(Keyspace ks, Clock clock, Consumer<List<RedisTx.Touched>> onCommit) {
    this.ks = ks;
    this.clock = clock;
    this.onCommit = onCommit;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "redis-collector");
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::round, 100, 100, TimeUnit.MILLISECONDS);
  }

  /** Keys removed because they expired, since start. */
  public long expiredKeys() {
    return expired.get();
  }

  private void round() {
    if (!ks.store().acceptsWrites()) {
      return; // a replica: its leader removes what expires, through the log
    }
    try {
      while (!closed && expireSome() == SLICE) {
        // a full slice: more may be due
      }
      collectGarbage();
    } catch (NotLeaderException e) {
      // a replica: its leader removes what expires
    } catch (StorageException e) {
      if (!closed) {
        LOG.warn("redis: expiring keys failed: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.error("redis: expiring keys failed", e);
      }
    }
  }

  /** Removes up to one slice of expired keys; returns how many index entries it looked at. */
  int expireSome() {
    long now = clock.millis();
    byte[] until = KeyLayout.expiry(now + 1, 0, new byte[0]);
    List<byte[]> entries = new ArrayList<>();
    try (MergedScan s = ks.store().scan(new byte[] {KeyLayout.EXPIRY}, until)) {
      while (s.hasNext() && entries.size() < SLICE) {
        entries.add(s.next().key());
      }
    }
    if (entries.isEmpty()) {
      return 0;
    }
    List<byte[]> keys = new ArrayList<>();
    for (byte[] e : entries) {
      keys.add(Arrays.copyOfRange(e, 13, e.length));
    }
    KeyLocks.Held held;
    try {
      held = ks.locks().lock(keys, false);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return 0;
    }
    try {
      ks.refreshDbMap();
      RedisTx tx = new RedisTx(ks.store(), RedisTx.Budget.NONE);
      long removed = 0;
      for (byte[] e : entries) {
        long at = KeyLayout.getLong(e, 1);
        int phys = KeyLayout.getInt(e, 9);
        byte[] key = Arrays.copyOfRange(e, 13, e.length);
        int logical = ks.logical(phys);
        Meta m = logical < 0 ? null : ks.stored(tx, ks.db(logical), key);
        if (m != null && m.expireAt() == at && m.expired(now)) {
          ks.delete(tx, ks.db(logical), key, m);
          removed++;
        } else {
          tx.delete(e); // the key changed or went since: a stale entry
        }
      }
      tx.commit();
      expired.addAndGet(removed);
      onCommit.accept(tx.touched());
    } finally {
      ks.locks().unlock(held);
    }
    return entries.size();
  }

  /** Removes the elements of dropped collections, one slice per write. */
  void collectGarbage() {
    List<byte[]> dropped = new ArrayList<>();
    try (MergedScan s =
        ks.store().scan(new byte[] {KeyLayout.GARBAGE}, new byte[] {KeyLayout.GARBAGE + 1})) {
      while (s.hasNext() && dropped.size() < 100) {
        dropped.add(s.next().key());
      }
    }
    for (byte[] g : dropped) {
      int phys = KeyLayout.getInt(g, 1);
      long gen = KeyLayout.getLong(g, 5);
      while (!closed) {
        List<Map.Entry<byte[], byte[]>> slice = new ArrayList<>();
        try (MergedScan s =
            ks.store().scan(KeyLayout.elementsStart(phys, gen), KeyLayout.elementsEnd(phys, gen))) {
          while (s.hasNext() && slice.size() < SLICE) {
            KeyValue kv = s.next();
            slice.add(new AbstractMap.SimpleEntry<>(kv.key(), TOMBSTONE));
          }
        }
        if (slice.isEmpty()) {
          break;
        }
        ks.store().write(slice, v -> v == TOMBSTONE);
      }
      if (!closed) {
        ks.store().write(List.of(new AbstractMap.SimpleEntry<>(g, TOMBSTONE)), v -> v == TOMBSTONE);
      }
    }
  }

  private static final byte[] TOMBSTONE = new byte[0];

  @Override
  public void close() {
    closed = true;
    timer.shutdown();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
