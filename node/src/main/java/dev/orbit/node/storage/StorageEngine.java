package dev.orbit.node.storage;

import dev.orbit.config.NodeConfig;
import dev.orbit.node.replication.Replication;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private final Replication replication;

  private StorageEngine(
      StorageRoots roots,
      SharedResources shared,
      Map<String, ProtocolStore> stores,
      Replication replication) {
    this.roots = roots;
    this.shared = shared;
    this.stores = stores;
    this.replication = replication;
  }

  public static StorageEngine open(NodeConfig config, Collection<String> protocols) {
    StorageRoots roots =
        StorageRoots.open(config.walRoot(), config.hotRoot(), config.warmRoot(), config.coldRoot());
    SharedResources shared = null;
    Map<String, ProtocolStore> stores = new LinkedHashMap<>();
    try {
      shared = new SharedResources(config.storage);
      Map<String, Path> raftDirs = new LinkedHashMap<>();
      for (String p : protocols) {
        raftDirs.put(p, raftDir(roots, p));
        SnapshotInstall.swapIn(roots, p, raftDirs.get(p)); // one fetched from the leader
        stores.put(p, openStore(p, roots, shared, config));
      }
      // every store's writes go through its replicated log (a group of one without peers)
      Replication replication = Replication.start(config, stores, raftDirs);
      return new StorageEngine(roots, shared, Collections.unmodifiableMap(stores), replication);
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

  /** {@code <walDir>/<protocol>/raft/}: the protocol's replicated log. */
  private static Path raftDir(StorageRoots roots, String protocol) {
    Path dir = roots.wal().resolve(protocol).resolve("raft");
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new StorageException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  static ProtocolStore openStore(
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
                false));
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

  /** The node's Raft groups (one per store). */
  public Replication replication() {
    return replication;
  }

  @Override
  public void close() {
    replication.close(); // nothing is applied any more
    List<ProtocolStore> all = new ArrayList<>(stores.values());
    Collections.reverse(all);
    all.forEach(ProtocolStore::close);
    shared.close();
    roots.close();
  }
}
