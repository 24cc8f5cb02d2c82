package dev.orbit.node.replication;

import dev.orbit.config.NodeConfig;
import dev.orbit.node.storage.ProtocolStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs snapshot fetches (one at a time, off Ratis' threads) for stores whose member fell behind the
 * leader's purged log, and finds the leader's admin API: the host of its Raft address, on its
 * {@code replication.adminPorts} entry or else this node's {@code admin.port} (a fleet of pods
 * shares one).
 */
final class SnapshotInstaller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotInstaller.class);

  private final NodeConfig config;
  private final SnapshotFetch fetch;
  private final ExecutorService pool =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "orbit-snapshot-fetch");
            t.setDaemon(true);
            return t;
          });

  SnapshotInstaller(NodeConfig config) {
    this.config = config;
    this.fetch = new SnapshotFetch(config.admin.token);
  }

  /**
   * Fetches a snapshot of {@code store} from {@code leaderId} (Raft address {@code raftAddress}):
   * completes with it once it is complete on disk, or with why not (after a pause, so the leader's
   * next notice, which starts the next try, does not come at once).
   */
  CompletableFuture<SnapshotSource.Manifest> install(
      ProtocolStore store, String leaderId, String raftAddress, long firstIndexInLog) {
    CompletableFuture<SnapshotSource.Manifest> out = new CompletableFuture<>();
    String admin = adminAddress(leaderId, raftAddress);
    try {
      pool.execute(
          () -> {
            try {
              out.complete(fetch.fetch(store, admin, firstIndexInLog));
            } catch (Exception e) {
              LOG.warn(
                  "{} store: cannot fetch a snapshot from the leader {} at {}: {}",
                  store.protocol(),
                  leaderId,
                  admin,
                  e.toString());
              try {
                Thread.sleep(1000);
              } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
              }
              out.completeExceptionally(e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      out.completeExceptionally(e); // shutting down
    }
    return out;
  }

  /** {@code http://host:port} of the admin API of member {@code id}. */
  String adminAddress(String id, String raftAddress) {
    String configured = config.replication.peers.get(id);
    String addr = configured != null ? configured : raftAddress;
    int colon = addr.lastIndexOf(':');
    String host = colon > 0 ? addr.substring(0, colon) : addr;
    Integer port = config.replication.adminPorts.get(id);
    return "http://" + host + ":" + (port != null ? port : config.admin.port);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
