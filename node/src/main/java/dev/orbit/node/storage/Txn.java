package dev.orbit.node.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The view an atomic operation gets of its (locked) keys: reads see the store plus the operation's
 * own writes; writes are buffered and committed as one batch.
 */
public final class Txn {
  private static final byte[] DELETED = new byte[0];

  private final ProtocolStore store;
  private final Map<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);

  Txn(ProtocolStore store) {
    this.store = store;
  }

  /** The current value of {@code key}, or null when absent or deleted. */
  public byte[] get(byte[] key) {
    byte[] w = writes.get(key);
    if (w != null) {
      return w == DELETED ? null : w;
    }
    return store.get(key);
  }

  public void put(byte[] key, byte[] value) {
    writes.put(key, value);
  }

  public void delete(byte[] key) {
    writes.put(key, DELETED);
  }

  Map<byte[], byte[]> writes() {
    return writes;
  }

  static boolean isDelete(byte[] v) {
    return v == DELETED;
  }
}
