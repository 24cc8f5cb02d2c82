package dev.orbit.node.storage;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Iterates one protocol's keys in descending order across its tiers, as {@link MergedScan} does in
 * ascending order: the hottest copy of a key wins and tombstones hide it.
 */
public final class ReverseScan implements Iterator<KeyValue>, AutoCloseable {
  private final RocksIterator[] its;
  private final byte[][] at;
  private final ReadOptions readOptions;
  private final Slice lowerBound;
  private KeyValue next;

  ReverseScan(List<TierDb> hotToCold, byte[] from, byte[] toExclusive) {
    this.lowerBound = from == null || from.length == 0 ? null : new Slice(from);
    this.readOptions = new ReadOptions().setFillCache(false);
    if (lowerBound != null) {
      readOptions.setIterateLowerBound(lowerBound);
    }
    this.its = new RocksIterator[hotToCold.size()];
    this.at = new byte[its.length][];
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
      at[i] = its[i].isValid() ? its[i].key() : null;
    }
    advance();
  }

  private void advance() {
    next = TierMerge.next(its, at, true);
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
    advance();
    return out;
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
