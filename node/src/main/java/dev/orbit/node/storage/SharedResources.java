package dev.orbit.node.storage;

import dev.orbit.config.NodeConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Native memory shared by every database of the node: one block cache and one write buffer manager
 * (charged to that cache), so the node's RocksDB memory is bounded by configuration and not by the
 * number of protocols and tiers.
 */
public final class SharedResources implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final Cache blockCache;
  private final WriteBufferManager writeBufferManager;
  private final long writeBufferBudget;

  public SharedResources(NodeConfig.Storage storage) {
    this.writeBufferBudget = storage.writeBufferSize.bytes();
    // high-priority pool for index and filter blocks, so data blocks cannot evict them
    this.blockCache =
        new LRUCache(storage.blockCacheSize.bytes() + writeBufferBudget, 6, false, 0.1);
    this.writeBufferManager = new WriteBufferManager(writeBufferBudget, blockCache);
  }

  Cache blockCache() {
    return blockCache;
  }

  WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  long writeBufferBudget() {
    return writeBufferBudget;
  }

  @Override
  public void close() {
    writeBufferManager.close();
    blockCache.close();
  }
}
