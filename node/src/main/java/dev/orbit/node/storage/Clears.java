package dev.orbit.node.storage;

import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/** A range delete in one tier database: one range tombstone, whatever the range's size. */
final class Clears {
  private Clears() {}

  /** Deletes {@code [from, toExclusive)} (null bounds are open) from {@code db}, synced. */
  static void clearRange(TierDb db, byte[] from, byte[] toExclusive) {
    byte[] lo = from == null ? new byte[0] : from;
    byte[] hi = toExclusive;
    try (ReadOptions ro = new ReadOptions();
        RocksIterator it = db.newRecordIterator(ro)) {
      // an empty range gets no tombstone: the writes that usually follow into it (TRUNCATE then
      // COPY) would otherwise be slowed down by it until it is compacted away
      it.seek(lo);
      if (!it.isValid() || (hi != null && Arrays.compareUnsigned(it.key(), hi) >= 0)) {
        return;
      }
      if (hi == null) {
        it.seekToLast();
        byte[] last = it.key();
        hi = Arrays.copyOf(last, last.length + 1); // just past the last key
      }
    }
    try (WriteBatch batch = new WriteBatch()) {
      batch.deleteRange(db.records(), lo, hi);
      db.write(batch, true);
    } catch (org.rocksdb.RocksDBException e) {
      throw db.failure("clear", e);
    }
  }
}
