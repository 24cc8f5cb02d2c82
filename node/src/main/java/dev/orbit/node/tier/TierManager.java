package dev.orbit.node.tier;

import dev.orbit.config.NodeConfig;
import dev.orbit.node.metrics.NodeMetrics;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageEngine;
import dev.orbit.node.storage.Tier;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the tier policy: every {@code tiering.interval} it moves records older than {@code
 * warm.minAge} from hot to warm and older than {@code cold.minAge} from warm to cold, in batches,
 * while foreground writes go on. Only the leader of a store's group decides: each batch is a log
 * entry naming the records, which every member moves alike.
 */
public final class TierManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TierManager.class);
  static final int BATCH = 1000;

  private final StorageEngine engine;
  private final NodeConfig.Tiering policy;
  private final NodeMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  public TierManager(
      StorageEngine engine, NodeConfig.Tiering policy, NodeMetrics metrics, Clock clock) {
    this.engine = engine;
    this.policy = policy;
    this.metrics = metrics;
    this.clock = clock;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "orbit-tier-mover");
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    if (!policy.enabled) {
      LOG.info("tiering disabled: records stay in the hot tier");
      return;
    }
    long ms = policy.interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::runSafely, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.error("tier move failed; will retry next interval: {}", e.getMessage(), e);
    }
  }

  /** One pass over every protocol: hot → warm, then warm → cold. Returns records moved. */
  public long runOnce() {
    long now = clock.millis();
    long moved = 0;
    for (ProtocolStore store : engine.stores()) {
      if (!store.acceptsWrites()) {
        continue; // a follower: its leader's mover decides, the log carries the moves
      }
      moved += move(store, Tier.HOT, now - policy.warm.minAge.toMillis());
      moved += move(store, Tier.WARM, now - policy.cold.minAge.toMillis());
    }
    return moved;
  }

  private long move(ProtocolStore store, Tier from, long cutoff) {
    long total = 0;
    int[] r;
    do {
      r = store.moveOlderThan(from, cutoff, BATCH);
      total += r[1];
    } while (r[0] == BATCH);
    metrics.migration(store.protocol(), from, from.colder(), total, clock.millis());
    if (total > 0) {
      store.flush(from.colder());
      LOG.info(
          "moved {} {} records {} -> {}",
          total,
          store.protocol(),
          from.label(),
          from.colder().label());
    }
    return total;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
