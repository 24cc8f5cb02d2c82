package dev.orbit.node.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The first and last key of each chunk a bulk load has applied, kept in the hot database (in the
 * batch that stores the chunk's log index) until the load ends: its commit indexes the load by age
 * from them without opening its files again, and the abort of a load of private keys, whose chunks
 * are already in the database, finds the records to remove through them.
 */
final class LoadRanges {
  /** One chunk's range; {@code added}: its records are in the database already. */
  record Range(boolean added, long version, byte[] first, byte[] last) {}

  private final TierDb hot;

  LoadRanges(TierDb hot) {
    this.hot = hot;
  }

  private static byte[] key(long loadId, long index) {
    return ProtocolStore.metaKey(String.format("range-%016x-%020d", loadId, index));
  }

  /**
   * The keys of every kept range of {@code loadId} ({@code 0}: of every load) lie in [from, to).
   */
  private static byte[][] span(long loadId) {
    String from = loadId == 0 ? "range-" : String.format("range-%016x-", loadId);
    String to = loadId == 0 ? "range." : String.format("range-%016x.", loadId);
    return new byte[][] {ProtocolStore.metaKey(from), ProtocolStore.metaKey(to)};
  }

  /** Keeps the range of the chunk applied at {@code index}, in {@code batch}. */
  void keep(WriteBatch batch, long loadId, long index, Range r) throws RocksDBException {
    byte[] v =
        ByteBuffer.allocate(13 + r.first().length + r.last().length)
            .put((byte) (r.added() ? 1 : 0))
            .putLong(r.version())
            .putInt(r.first().length)
            .put(r.first())
            .put(r.last())
            .array();
    batch.put(hot.age(), key(loadId, index), v);
  }

  /** The range kept for the chunk applied at {@code index}, or null. */
  Range get(long loadId, long index) {
    try {
      byte[] v = hot.rocks().get(hot.age(), key(loadId, index));
      return v == null ? null : decode(v);
    } catch (RocksDBException e) {
      throw hot.failure("read", e);
    }
  }

  /** The ranges kept for {@code loadId} ({@code 0}: for every load), in log order. */
  List<Range> list(long loadId) {
    byte[][] span = span(loadId);
    List<Range> out = new ArrayList<>();
    try (ReadOptions ro = new ReadOptions();
        RocksIterator it = hot.newAgeIterator(ro)) {
      for (it.seek(span[0]); it.isValid(); it.next()) {
        if (Arrays.compareUnsigned(it.key(), span[1]) >= 0) {
          break;
        }
        out.add(decode(it.value()));
      }
    }
    return out;
  }

  private static Range decode(byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v);
    boolean added = b.get() != 0;
    long version = b.getLong();
    byte[] first = new byte[b.getInt()];
    b.get(first);
    byte[] last = new byte[b.remaining()];
    b.get(last);
    return new Range(added, version, first, last);
  }

  /**
   * Ends {@code loadId} ({@code 0}: every load) without its commit: in {@code batch}, removes the
   * records its chunks already added (those of its ranges that carry its version: other keys in
   * between are not its) and its kept ranges.
   */
  void abort(long loadId, WriteBatch batch) throws RocksDBException {
    for (Range r : list(loadId)) {
      if (r.added()) {
        removeRecords(r, batch);
      }
    }
    drop(loadId, batch);
  }

  private void removeRecords(Range r, WriteBatch batch) throws RocksDBException {
    try (ReadOptions ro = new ReadOptions();
        RocksIterator it = hot.newRecordIterator(ro)) {
      for (it.seek(r.first()); it.isValid(); it.next()) {
        if (Arrays.compareUnsigned(it.key(), r.last()) > 0) {
          break;
        }
        if (Record.decode(it.value()).version() == r.version()) {
          batch.delete(hot.records(), it.key());
        }
      }
    }
  }

  /** Removes the kept ranges of {@code loadId} ({@code 0}: of every load), in {@code batch}. */
  void drop(long loadId, WriteBatch batch) throws RocksDBException {
    byte[][] span = span(loadId);
    batch.deleteRange(hot.age(), span[0], span[1]);
  }
}
