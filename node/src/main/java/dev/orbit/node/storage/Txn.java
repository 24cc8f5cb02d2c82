package dev.orbit.node.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The view an atomic operation gets of its (locked) keys: reads see the store plus the operation's
 * own writes; writes are buffered and committed as one batch. Savepoints let a caller undo the
 * writes of one step without losing the steps before it.
 */
public final class Txn {
  private static final byte[] DELETED = new byte[0];

  private final ProtocolStore store;
  private final boolean readOnly;
  private final Map<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);

  /** Undo log: for every buffered write, the key and what the buffer held before (null: none). */
  private final List<byte[][]> undo = new ArrayList<>();

  Txn(ProtocolStore store, boolean readOnly) {
    this.store = store;
    this.readOnly = readOnly;
  }

  /** True for {@link ProtocolStore#read}: no locks are held and writes are refused. */
  public boolean readOnly() {
    return readOnly;
  }

  /** True when the store accepts writes here (this member leads its replication group). */
  public boolean onLeader() {
    return store.acceptsWrites();
  }

  /** A point to {@link #rollbackTo}. */
  public record Savepoint(int undoSize) {}

  /** The current value of {@code key}, or null when absent or deleted. */
  public byte[] get(byte[] key) {
    byte[] w = writes.get(key);
    if (w != null) {
      return w == DELETED ? null : w;
    }
    return store.readFor(this, key);
  }

  public void put(byte[] key, byte[] value) {
    refuseIfReadOnly();
    undo.add(new byte[][] {key, writes.put(key, value)});
  }

  public void delete(byte[] key) {
    refuseIfReadOnly();
    undo.add(new byte[][] {key, writes.put(key, DELETED)});
  }

  private void refuseIfReadOnly() {
    if (readOnly) {
      throw new IllegalStateException("write in a read-only transaction");
    }
  }

  public Savepoint savepoint() {
    return new Savepoint(undo.size());
  }

  /** Undoes every write made after {@code sp}. */
  public void rollbackTo(Savepoint sp) {
    for (int i = undo.size() - 1; i >= sp.undoSize(); i--) {
      byte[][] u = undo.remove(i);
      if (u[1] == null) {
        writes.remove(u[0]);
      } else {
        writes.put(u[0], u[1]);
      }
    }
  }

  Map<byte[], byte[]> writes() {
    return writes;
  }

  static boolean isDelete(byte[] v) {
    return v == DELETED;
  }
}
