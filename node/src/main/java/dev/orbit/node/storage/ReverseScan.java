package dev.orbit.node.storage;

import java.util.Arrays;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Iterates one protocol's keys in descending order across its tiers, as {@link MergedScan} does in
 * ascending order: the hottest copy of a key wins and tombstones hide it.
 */
public final class ReverseScan extends TierScan {
  private final ReadOptions readOptions;
  private final Slice lowerBound;

  ReverseScan(List<TierDb> hotToCold, byte[] from, byte[] toExclusive) {
    super(hotToCold.size(), true);
    this.lowerBound = from == null || from.length == 0 ? null : new Slice(from);
    this.readOptions = new ReadOptions().setFillCache(false);
    if (lowerBound != null) {
      readOptions.setIterateLowerBound(lowerBound);
    }
    for (int i = 0; i < its.length; i++) {
      its[i] = hotToCold.get(i).newRecordIterator(readOptions);
      if (toExclusive == null) {
        its[i].seekToLast();
      } else {
        its[i].seekForPrev(toExclusive);
        if (its[i].isValid() && Arrays.equals(its[i].key(), toExclusive)) {
          its[i].prev();
        }
      }
    }
    start();
  }

  @Override
  public void close() {
    for (RocksIterator it : its) {
      it.close();
    }
    readOptions.close();
    if (lowerBound != null) {
      lowerBound.close();
    }
  }
}
