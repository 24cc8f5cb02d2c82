package dev.orbit.node.storage;

import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Iterates one protocol's keys in order across its tiers: where a key is in several tiers the
 * hottest copy wins, and tombstones hide the key. Iterators are opened hot first, then warm, then
 * cold — the direction records move — so a record moved during the scan is seen at least once.
 */
public final class MergedScan extends TierScan {
  private final ReadOptions[] readOptions;
  private final Slice upperBound;

  /** The read view the scan reads (held until {@link #close}), or null for the latest data. */
  private final ReadView view;

  MergedScan(List<TierDb> hotToCold, byte[] from, byte[] toExclusive) {
    this(hotToCold, from, toExclusive, null);
  }

  MergedScan(List<TierDb> hotToCold, byte[] from, byte[] toExclusive, ReadView view) {
    super(hotToCold.size(), false);
    this.view = view;
    // the bound stops each tier's iterator at the range's end instead of at the next key past it
    this.upperBound = toExclusive == null ? null : new Slice(toExclusive);
    this.readOptions = new ReadOptions[view == null ? 1 : its.length];
    for (int i = 0; i < readOptions.length; i++) {
      readOptions[i] = view == null ? new ReadOptions().setFillCache(false) : view.options(i);
      if (upperBound != null) {
        readOptions[i].setIterateUpperBound(upperBound);
      }
    }
    for (int i = 0; i < its.length; i++) {
      its[i] = hotToCold.get(i).newRecordIterator(readOptions[view == null ? 0 : i]);
      if (from == null || from.length == 0) {
        its[i].seekToFirst();
      } else {
        its[i].seek(from);
      }
    }
    start();
  }

  private boolean closed;

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (RocksIterator it : its) {
      it.close();
    }
    for (ReadOptions ro : readOptions) {
      ro.close();
    }
    if (upperBound != null) {
      upperBound.close();
    }
    if (view != null) {
      view.exit();
    }
  }
}
