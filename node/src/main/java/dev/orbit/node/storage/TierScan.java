package dev.orbit.node.storage;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.rocksdb.RocksIterator;

/**
 * A scan across a store's tiers, in key order ({@link MergedScan}) or reversed ({@link
 * ReverseScan}): where a key is in several tiers the hottest copy wins, and tombstones hide the
 * key. A subclass opens and positions one iterator per tier, hottest first, then calls {@link
 * #start}.
 */
abstract class TierScan implements Iterator<KeyValue>, AutoCloseable {
  final RocksIterator[] its;

  /** The key each iterator is at (fetched once per step), or null once it is exhausted. */
  private final byte[][] at;

  private final boolean descending;
  private KeyValue next;

  TierScan(int tiers, boolean descending) {
    this.its = new RocksIterator[tiers];
    this.at = new byte[tiers][];
    this.descending = descending;
  }

  /** Reads where the positioned iterators are and finds the first key. */
  final void start() {
    for (int i = 0; i < its.length; i++) {
      at[i] = its[i].isValid() ? its[i].key() : null;
    }
    next = step();
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public KeyValue next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    KeyValue out = next;
    next = step();
    return out;
  }

  /**
   * The next live key in scan order and its value, or null at the end: the smallest key the
   * iterators are at (descending: the largest), with the hottest tier's copy; every iterator at
   * that key moves on, and keys whose winning copy is a tombstone are skipped.
   */
  private KeyValue step() {
    while (true) {
      byte[] key = null;
      int winner = -1;
      for (int i = 0; i < its.length; i++) {
        if (at[i] != null && (key == null || before(at[i], key))) {
          key = at[i];
          winner = i;
        }
      }
      if (key == null) {
        return null;
      }
      byte[] raw = its[winner].value();
      for (int i = 0; i < its.length; i++) {
        if (at[i] != null && (i == winner || Arrays.equals(at[i], key))) {
          if (descending) {
            its[i].prev();
          } else {
            its[i].next();
          }
          at[i] = its[i].isValid() ? its[i].key() : null;
        }
      }
      if (!Record.isTombstone(raw)) {
        return new KeyValue(key, Record.payloadOf(raw));
      }
    }
  }

  private boolean before(byte[] a, byte[] b) {
    int c = Arrays.compareUnsigned(a, b);
    return descending ? c > 0 : c < 0;
  }
}
