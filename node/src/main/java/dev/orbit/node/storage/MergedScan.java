package dev.orbit.node.storage;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * Iterates one protocol's keys in order across its tiers: where a key is in several tiers the
 * hottest copy wins, and tombstones hide the key. Iterators are opened hot first, then warm, then
 * cold — the direction records move — so a record moved during the scan is seen at least once.
 */
public final class MergedScan implements Iterator<KeyValue>, AutoCloseable {
  private final RocksIterator[] its;
  private final ReadOptions readOptions;
  private final byte[] to;
  private KeyValue next;

  MergedScan(List<TierDb> hotToCold, byte[] from, byte[] toExclusive) {
    this.to = toExclusive;
    this.readOptions = new ReadOptions().setFillCache(false);
    this.its = new RocksIterator[hotToCold.size()];
    for (int i = 0; i < its.length; i++) {
      its[i] = hotToCold.get(i).newRecordIterator(readOptions);
      if (from == null || from.length == 0) {
        its[i].seekToFirst();
      } else {
        its[i].seek(from);
      }
    }
    advance();
  }

  private void advance() {
    next = null;
    while (next == null) {
      byte[] min = null;
      int winner = -1;
      for (int i = 0; i < its.length; i++) {
        if (!its[i].isValid()) {
          continue;
        }
        byte[] k = its[i].key();
        if (min == null || Arrays.compareUnsigned(k, min) < 0) {
          min = k;
          winner = i;
        }
      }
      if (min == null || (to != null && Arrays.compareUnsigned(min, to) >= 0)) {
        return;
      }
      Record rec = Record.decode(its[winner].value());
      for (RocksIterator it : its) {
        if (it.isValid() && Arrays.equals(it.key(), min)) {
          it.next();
        }
      }
      if (!rec.tombstone()) {
        next = new KeyValue(min, rec.payload());
      }
    }
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
  }
}
