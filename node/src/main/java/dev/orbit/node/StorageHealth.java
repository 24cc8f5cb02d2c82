package dev.orbit.node;

import dev.orbit.node.metrics.Prom;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageEngine;
import dev.orbit.node.storage.Tier;
import dev.orbit.node.storage.TierDb;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the node's databases take writes. A database that refuses them makes the node unready;
 * every {@link #PERIOD_SECONDS} s it is asked again. RocksDB clears some errors by itself once
 * their cause is gone (a full disk under {@code storage.durability} sync or async); others it never
 * clears (a failed WAL write of a database whose WAL the group commit writes out), and RocksJava
 * has no {@code Resume()} nor a safe way to reopen a database under running readers. So once a
 * probe file of {@link #PROBE_BYTES} can be written and synced where the database lives and the
 * database still refuses writes {@link #GRACE_SECONDS} s later, the node fails liveness, and
 * Kubernetes restarts it; the restart resumes writes.
 */
final class StorageHealth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);
  static final int PROBE_BYTES = 8 << 20;
  static final int PERIOD_SECONDS = 2;

  /** Longer than RocksDB takes to recover by itself once the disk has room (about 5 s). */
  static final int GRACE_SECONDS = 20;

  private final StorageEngine storage;

  /** Database name to when its disk was first seen writable while it still refused writes. */
  private final Map<String, Long> causeGoneSince = new ConcurrentHashMap<>();

  private final Set<String> restartNeeded = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;

  StorageHealth(StorageEngine storage) {
    this.storage = storage;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "orbit-storage-health");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::check, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
  }

  private static String name(TierDb db) {
    return db.protocol() + " " + db.tier().label();
  }

  private void check() {
    for (ProtocolStore s : storage.stores()) {
      for (Tier t : Tier.values()) {
        TierDb db = s.db(t);
        String name = name(db);
        if (db.writeError() == null || db.probeWrites()) {
          if (causeGoneSince.remove(name) != null || restartNeeded.remove(name)) {
            LOG.warn("{} database takes writes again", name);
          }
          continue;
        }
        if (restartNeeded.contains(name)) {
          continue;
        }
        if (!writable(db.dir()) || !writable(db.walDir())) {
          causeGoneSince.remove(name);
          continue;
        }
        long now = System.nanoTime();
        long since = causeGoneSince.computeIfAbsent(name, k -> now);
        if (now - since > TimeUnit.SECONDS.toNanos(GRACE_SECONDS)) {
          LOG.warn(
              "{} database still refuses writes {} s after its disk became writable again;"
                  + " RocksDB does not clear this error by itself: failing /livez so the node is"
                  + " restarted ({})",
              name,
              GRACE_SECONDS,
              db.writeError());
          restartNeeded.add(name);
        }
      }
    }
  }

  /** Whether {@code dir} takes a probe file: the disk has room and a file can be opened. */
  static boolean writable(Path dir) {
    Path probe = dir.resolve(".orbit-write-probe");
    try (FileChannel ch =
        FileChannel.open(
            probe,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
      for (int i = 0; i < PROBE_BYTES >> 20; i++) {
        chunk.clear();
        while (chunk.hasRemaining()) {
          ch.write(chunk);
        }
      }
      ch.force(true);
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // a full disk may refuse even this; the next probe tries again
      }
    }
  }

  /** Databases that refuse writes. */
  List<String> readinessProblems() {
    List<String> out = new ArrayList<>();
    for (ProtocolStore s : storage.stores()) {
      for (Tier t : Tier.values()) {
        String e = s.db(t).writeError();
        if (e != null) {
          out.add("storage: the " + name(s.db(t)) + " database refuses writes (" + e + ")");
        }
      }
    }
    return out;
  }

  /** Databases only a restart brings back, now that their disk can be written again. */
  List<String> livenessProblems() {
    List<String> out = new ArrayList<>();
    for (String name : restartNeeded) {
      out.add("storage: the " + name + " database needs a restart to take writes again");
    }
    return out;
  }

  void render(StringBuilder sb) {
    Prom.header(
        sb, "orbit_storage_writable", "gauge", "1 while a database takes writes, 0 after an error");
    for (ProtocolStore s : storage.stores()) {
      for (Tier t : Tier.values()) {
        Prom.line(
            sb,
            "orbit_storage_writable",
            "protocol=\"" + s.protocol() + "\",tier=\"" + t.label() + "\"",
            s.db(t).writeError() == null ? 1 : 0);
      }
    }
  }

  /** Stops the checks and waits for one under way: it must not touch a database being closed. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warn("storage health check still running after 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
