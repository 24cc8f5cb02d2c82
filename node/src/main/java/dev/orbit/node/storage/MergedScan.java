package dev.orbit.node.storage;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Iterates one protocol's keys in order across its tiers: where a key is in several tiers the
 * hottest copy wins, and tombstones hide the key. Iterators are opened hot first, then warm, then
 * cold — the direction records move — so a record moved during the scan is seen at least once.
 */
public final class MergedScan implements Iterator<KeyValue>, AutoCloseable {
  private final RocksIterator[] its;

  /** The key each iterator is at (fetched once per step), or null once it is exhausted. */
  private final byte[][] at;

  private final ReadOptions[] readOptions;
  private final Slice upperBound;

  /** The read view the scan reads (held until {@link #close}), or null for the latest data. */
  private final ReadView view;

  private KeyValue next;

  MergedScan(List<TierDb> hotToCold, byte[] from, byte[] toExclusive) {
    this(hotToCold, from, toExclusive, null);
  }

  MergedScan(List<TierDb> hotToCold, byte[] from, byte[] toExclusive, ReadView view) {
    this.view = view;
    // the bound stops each tier's iterator at the range's end instead of at the next key past it
    this.upperBound = toExclusive == null ? null : new Slice(toExclusive);
    this.its = new RocksIterator[hotToCold.size()];
    this.readOptions = new ReadOptions[view == null ? 1 : its.length];
    for (int i = 0; i < readOptions.length; i++) {
      readOptions[i] = view == null ? new ReadOptions().setFillCache(false) : view.options(i);
      if (upperBound != null) {
        readOptions[i].setIterateUpperBound(upperBound);
      }
    }
    this.at = new byte[its.length][];
    for (int i = 0; i < its.length; i++) {
      its[i] = hotToCold.get(i).newRecordIterator(readOptions[view == null ? 0 : i]);
      if (from == null || from.length == 0) {
        its[i].seekToFirst();
      } else {
        its[i].seek(from);
      }
      at[i] = its[i].isValid() ? its[i].key() : null;
    }
    advance();
  }

  private void advance() {
    next = TierMerge.next(its, at, false);
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
