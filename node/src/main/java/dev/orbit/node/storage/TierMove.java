package dev.orbit.node.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * One batch of the tier mover: copy old records to the colder tier (synced), then delete them from
 * the source. A crash between the two leaves a copy in both tiers with the same version: reads take
 * the hotter one, and the next batch finds the age entry still there and finishes the move.
 */
final class TierMove {
  private record Entry(byte[] ageKey, byte[] key, long version) {}

  private TierMove() {}

  /** What one batch did: age entries it consumed, and records it moved. */
  record Result(int entries, int moved) {}

  static Result run(
      TierDb src,
      TierDb dst,
      Map<Tier, TierDb> dbs,
      long cutoffMillis,
      int limit,
      StripedLocks locks,
      ProtocolStore.MoveHook hook) {
    List<Entry> entries = oldEntries(src, cutoffMillis, limit);
    if (entries.isEmpty()) {
      return new Result(0, 0);
    }
    int[] stripes = locks.lock(entries, Entry::key);
    try (WriteBatch copy = new WriteBatch();
        WriteBatch remove = new WriteBatch()) {
      int moved = 0;
      for (Entry e : entries) {
        byte[] raw = src.getRaw(e.key());
        remove.delete(src.age(), e.ageKey());
        if (raw == null || Record.versionOf(raw) != e.version()) {
          continue; // overwritten or deleted since: the entry is stale
        }
        Record rec = Record.decode(raw);
        copyTo(copy, dst, dbs, e.key(), rec, raw);
        remove.delete(src.records(), e.key());
        moved++;
      }
      if (copy.count() > 0) {
        dst.write(copy, true);
      }
      hook.afterCopy(src.tier(), moved);
      src.write(remove, false);
      return new Result(entries.size(), moved);
    } catch (RocksDBException ex) {
      throw dst.failure("move records into", ex);
    } finally {
      locks.unlock(stripes);
    }
  }

  private static void copyTo(
      WriteBatch copy, TierDb dst, Map<Tier, TierDb> dbs, byte[] key, Record rec, byte[] raw)
      throws RocksDBException {
    boolean last = dst.tier() == Tier.COLD;
    if (rec.tombstone()) {
      if (last) {
        copy.delete(dst.records(), key); // nothing colder to shadow: the delete is final
      } else if (dst.getRaw(key) != null || dbs.get(Tier.COLD).getRaw(key) != null) {
        copy.put(dst.records(), key, raw);
        copy.put(dst.age(), Record.ageKey(rec.writeTimeMillis(), rec.version(), key), new byte[0]);
      } else {
        copy.delete(dst.records(), key);
      }
      return;
    }
    copy.put(dst.records(), key, raw);
    if (!last) {
      copy.put(dst.age(), Record.ageKey(rec.writeTimeMillis(), rec.version(), key), new byte[0]);
    }
  }

  /** Age index entries older than the cutoff, oldest first, at most {@code limit}. */
  private static List<Entry> oldEntries(TierDb src, long cutoffMillis, int limit) {
    List<Entry> out = new ArrayList<>();
    byte[] upper = ByteBuffer.allocate(8).putLong(Math.max(0, cutoffMillis)).array();
    try (Slice bound = new Slice(upper);
        ReadOptions ro = new ReadOptions().setIterateUpperBound(bound).setFillCache(false);
        RocksIterator it = src.newAgeIterator(ro)) {
      for (it.seekToFirst(); it.isValid() && out.size() < limit; it.next()) {
        byte[] ak = it.key();
        if (ak.length < 16 || Arrays.compareUnsigned(ak, 0, 8, upper, 0, 8) >= 0) {
          break;
        }
        out.add(new Entry(ak, Record.ageKeyUserKey(ak), Record.ageKeyVersion(ak)));
      }
    }
    return out;
  }
}
