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
  /** A record to move; {@code ageKey} is null for one of a range entry (see {@link Listed}). */
  record Entry(byte[] ageKey, byte[] key, long version) {}

  /**
   * What the leader's listing found: records to move, how many age entries (or records of range
   * entries) it consumed, and the age index changes for range entries (removal, or a put of the
   * remainder). It travels in the log, so every member moves exactly these records.
   */
  record Listed(List<Entry> entries, int consumed, List<byte[][]> rangeChanges) {}

  private TierMove() {}

  /** What one batch did: age entries it consumed, and records it moved. */
  record Result(int entries, int moved) {}

  /** Writes a listed batch as a log operation. */
  static void encode(LogOps.Writer w, Tier from, Listed l) {
    w.op(LogOps.MOVE).b(from.ordinal()).varint(l.consumed()).varint(l.entries().size());
    for (Entry e : l.entries()) {
      w.bytes(e.ageKey()).bytes(e.key()).l(e.version());
    }
    w.varint(l.rangeChanges().size());
    for (byte[][] c : l.rangeChanges()) {
      w.bytes(c[0]).bytes(c[1]);
    }
  }

  /** Reads what {@link #encode} wrote after the operation byte; returns the source tier. */
  static Tier decodeTier(LogOps.Reader r) {
    return Tier.values()[r.b()];
  }

  static Listed decode(LogOps.Reader r) {
    int consumed = r.varint();
    int n = r.varint();
    List<Entry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add(new Entry(r.bytes(), r.bytes(), r.l()));
    }
    int m = r.varint();
    List<byte[][]> changes = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      changes.add(new byte[][] {r.bytes(), r.bytes()});
    }
    return new Listed(entries, consumed, changes);
  }

  /**
   * Moves the listed records that still have the listed version: copy to {@code dst} (synced), then
   * delete from {@code src} (synced). Applying the same batch again changes nothing more.
   */
  static Result apply(
      TierDb src, TierDb dst, Map<Tier, TierDb> dbs, Listed listed, ProtocolStore.MoveHook hook) {
    try (WriteBatch copy = new WriteBatch();
        WriteBatch remove = new WriteBatch()) {
      int moved = 0;
      for (Entry e : listed.entries()) {
        byte[] raw = src.getRaw(e.key());
        if (e.ageKey() != null) {
          remove.delete(src.age(), e.ageKey());
        }
        if (raw == null || Record.versionOf(raw) != e.version()) {
          continue; // overwritten or deleted since: the entry is stale
        }
        Record rec = Record.decode(raw);
        copyTo(copy, dst, dbs, e.key(), rec, raw);
        remove.delete(src.records(), e.key());
        moved++;
      }
      for (byte[][] change : listed.rangeChanges()) {
        if (change[1] == null) {
          remove.delete(src.age(), change[0]);
        } else {
          remove.put(src.age(), change[0], change[1]);
        }
      }
      if (copy.count() > 0) {
        dst.write(copy, true);
      }
      hook.afterCopy(src.tier(), moved);
      src.write(remove, true);
      return new Result(listed.consumed(), moved);
    } catch (RocksDBException ex) {
      throw dst.failure("move records into", ex);
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

  /**
   * Age index entries older than the cutoff, oldest first, at most {@code limit} of them, where a
   * range entry counts as the records of its range it reaches.
   */
  static Listed list(TierDb src, long cutoffMillis, int limit) {
    List<Entry> out = new ArrayList<>();
    List<byte[][]> rangeChanges = new ArrayList<>();
    int consumed = 0;
    byte[] upper = ByteBuffer.allocate(8).putLong(Math.max(0, cutoffMillis)).array();
    try (Slice bound = new Slice(upper);
        ReadOptions ro = new ReadOptions().setIterateUpperBound(bound).setFillCache(false);
        RocksIterator it = src.newAgeIterator(ro)) {
      for (it.seekToFirst(); it.isValid() && consumed < limit; it.next()) {
        byte[] ak = it.key();
        if (ak.length < 16 || Arrays.compareUnsigned(ak, 0, 8, upper, 0, 8) >= 0) {
          break;
        }
        byte[] rangeLast = Record.ageRangeLast(it.value());
        if (rangeLast == null) {
          out.add(new Entry(ak, Record.ageKeyUserKey(ak), Record.ageKeyVersion(ak)));
          consumed++;
        } else {
          consumed += expandRange(src, ak, rangeLast, limit - consumed, out, rangeChanges);
        }
      }
    }
    return new Listed(out, consumed, rangeChanges);
  }

  /**
   * Lists the records of a range entry (those still at its version) from its first key on, at most
   * {@code budget} records visited; records the age index change that consumes what was visited.
   */
  private static int expandRange(
      TierDb src,
      byte[] ageKey,
      byte[] last,
      int budget,
      List<Entry> out,
      List<byte[][]> rangeChanges) {
    long version = Record.ageKeyVersion(ageKey);
    byte[] first = Record.ageKeyUserKey(ageKey);
    byte[] end = Arrays.copyOf(last, last.length + 1); // just past the last key
    int visited = 0;
    try (Slice bound = new Slice(end);
        ReadOptions ro = new ReadOptions().setIterateUpperBound(bound).setFillCache(false);
        RocksIterator it = src.newRecordIterator(ro)) {
      for (it.seek(first); it.isValid() && visited < budget; it.next()) {
        visited++;
        byte[] raw = it.value();
        if (raw.length >= Record.HEADER && Record.versionOf(raw) == version) {
          out.add(new Entry(null, it.key(), version));
        }
      }
      rangeChanges.add(new byte[][] {ageKey, null});
      if (it.isValid()) {
        // the rest of the range waits for the next batch under an entry starting where it stopped
        byte[] rest = Record.ageKey(Record.ageKeyTime(ageKey), version, it.key());
        rangeChanges.add(new byte[][] {rest, Record.ageRange(last)});
      }
    }
    return Math.max(visited, 1);
  }
}
