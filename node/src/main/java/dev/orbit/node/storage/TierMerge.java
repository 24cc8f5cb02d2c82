package dev.orbit.node.storage;

import java.util.Arrays;
import org.rocksdb.RocksIterator;

/** The merge step of the scans across a store's tiers ({@link MergedScan}, {@link ReverseScan}). */
final class TierMerge {
  private TierMerge() {}

  /**
   * The next live key in scan order and its value, or null at the end. {@code its} are the tiers'
   * iterators hottest first and {@code at[i]} the key {@code its[i]} is at (null once exhausted).
   * The next key is the smallest of them ({@code descending}: the largest); the hottest tier's copy
   * wins, every iterator at that key moves on, and keys whose winning copy is a tombstone are
   * skipped.
   */
  static KeyValue next(RocksIterator[] its, byte[][] at, boolean descending) {
    while (true) {
      byte[] key = null;
      int winner = -1;
      for (int i = 0; i < its.length; i++) {
        if (at[i] != null && (key == null || before(at[i], key, descending))) {
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

  private static boolean before(byte[] a, byte[] b, boolean descending) {
    int c = Arrays.compareUnsigned(a, b);
    return descending ? c > 0 : c < 0;
  }
}
