package dev.orbit.node.storage;

import dev.orbit.config.NodeConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's storage: its roots, the shared native memory, and one {@link ProtocolStore} per
 * protocol. Opening replays each database's WAL; no data is loaded into memory.
 */
public final class StorageEngine implements AutoCloseable {
  private final StorageRoots roots;
  private final SharedResources shared;
  private final Map<String, ProtocolStore> stores;

  private StorageEngine(
      StorageRoots roots, SharedResources shared, Map<String, ProtocolStore> stores) {
    this.roots = roots;
    this.shared = shared;
    this.stores = stores;
  }

  public static StorageEngine open(NodeConfig config, Collection<String> protocols) {
    StorageRoots roots =
        StorageRoots.open(config.walRoot(), config.hotRoot(), config.warmRoot(), config.coldRoot());
    SharedResources shared = null;
    Map<String, ProtocolStore> stores = new LinkedHashMap<>();
    try {
      shared = new SharedResources(config.storage);
      for (String p : protocols) {
        stores.put(p, openStore(p, roots, shared, config));
      }
      return new StorageEngine(roots, shared, Collections.unmodifiableMap(stores));
    } catch (RuntimeException e) {
      List<ProtocolStore> opened = new ArrayList<>(stores.values());
      Collections.reverse(opened);
      opened.forEach(ProtocolStore::close);
      if (shared != null) {
        shared.close();
      }
      roots.close();
      throw e;
    }
  }

  private static ProtocolStore openStore(
      String protocol, StorageRoots roots, SharedResources shared, NodeConfig config) {
    Map<Tier, TierDb> dbs = new EnumMap<>(Tier.class);
    try {
      for (Tier t : Tier.values()) {
        NodeConfig.Compression c =
            switch (t) {
              case HOT -> NodeConfig.Compression.NONE;
              case WARM -> config.tiering.warm.compression;
              case COLD -> config.tiering.cold.compression;
            };
        dbs.put(
            t,
            TierDb.open(
                protocol,
                t,
                roots.dbDir(protocol, t),
                roots.walDir(protocol, t),
                shared,
                c,
                // group commit writes the WAL out with each shared fsync (flushWal(true)), so
                // foreground writes need not make a write(2) each
                t == Tier.HOT && config.storage.durability == NodeConfig.Durability.GROUP));
      }
      return new ProtocolStore(
          protocol, dbs, config.storage.durability, config.storage.recordCacheSize.bytes());
    } catch (RuntimeException e) {
      List<TierDb> opened = new ArrayList<>(dbs.values());
      Collections.reverse(opened);
      opened.forEach(TierDb::close);
      throw e;
    }
  }

  public StorageRoots roots() {
    return roots;
  }

  public ProtocolStore store(String protocol) {
    ProtocolStore s = stores.get(protocol);
    if (s == null) {
      throw new IllegalArgumentException("no store for protocol " + protocol);
    }
    return s;
  }

  public Collection<ProtocolStore> stores() {
    return stores.values();
  }

  @Override
  public void close() {
    List<ProtocolStore> all = new ArrayList<>(stores.values());
    Collections.reverse(all);
    all.forEach(ProtocolStore::close);
    shared.close();
    roots.close();
  }
}
