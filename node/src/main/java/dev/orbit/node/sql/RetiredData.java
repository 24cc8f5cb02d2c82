package dev.orbit.node.sql;

import dev.orbit.node.storage.ProtocolStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes, on a background thread, the keys of tables and indexes no statement can reach any more
 * (dropped, or replaced by a re-keyed copy), so DROP TABLE and ALTER TABLE … ADD PRIMARY KEY return
 * without waiting for the old rows to go. Table and index ids are never reused, so nothing writes a
 * range while it is cleared. {@link #close} waits for the clears still queued. A crash before a
 * clear ends leaves unreachable keys behind, as a crash between a catalog change and its clear
 * always could.
 */
final class RetiredData implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetiredData.class);

  private final ProtocolStore store;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "orbit-sql-retired-data");
            t.setDaemon(true);
            return t;
          });

  RetiredData(ProtocolStore store) {
    this.store = store;
  }

  /** Queues the removal of every key under {@code prefix}. */
  void clear(byte[] prefix) {
    worker.execute(
        () -> {
          try {
            store.clearRange(prefix, Bytes.prefixEnd(prefix)).join();
          } catch (RuntimeException e) {
            LOG.warn("could not remove the keys of a dropped table or index", e);
          }
        });
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      while (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.info("waiting for the keys of dropped tables to be removed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
