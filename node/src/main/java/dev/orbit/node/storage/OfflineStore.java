package dev.orbit.node.storage;

import dev.orbit.config.NodeConfig;
import java.nio.ByteBuffer;

/**
 * One protocol store opened without replication, so archived log entries can be applied to restored
 * data (point-in-time recovery) through the same {@link Applier} as a running node. The next start
 * gives the store a new log that starts after what was applied.
 */
public final class OfflineStore implements AutoCloseable {
  private final StorageRoots roots;
  private final SharedResources shared;
  private final ProtocolStore store;

  private OfflineStore(StorageRoots roots, SharedResources shared, ProtocolStore store) {
    this.roots = roots;
    this.shared = shared;
    this.store = store;
  }

  public static OfflineStore open(NodeConfig config, String protocol) {
    StorageRoots roots =
        StorageRoots.open(config.walRoot(), config.hotRoot(), config.warmRoot(), config.coldRoot());
    SharedResources shared = null;
    try {
      shared = new SharedResources(config.storage);
      return new OfflineStore(
          roots, shared, StorageEngine.openStore(protocol, roots, shared, config));
    } catch (RuntimeException e) {
      if (shared != null) {
        shared.close();
      }
      roots.close();
      throw e;
    }
  }

  /** The index of the last entry the store's data holds. */
  public long appliedIndex() {
    return store.applied()[1];
  }

  /** Applies one committed entry, exactly as a member applies it from the log. */
  public void apply(ByteBuffer data, long term, long index) {
    store.applyEntry(data, term, index);
  }

  @Override
  public void close() {
    store.close();
    shared.close();
    roots.close();
  }
}
