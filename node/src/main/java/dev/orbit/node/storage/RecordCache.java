package dev.orbit.node.storage;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded cache, in the JVM heap, of the winning record of recently read keys, so a repeated
 * point read costs no RocksDB lookup. It is direct-mapped: each key has one slot, and a newer entry
 * replaces whatever the slot held.
 *
 * <p>Coherence: a writer empties the slot of every key it wrote after its RocksDB write, while
 * still holding the key's lock. A reader that missed fills the slot only by compare-and-set from
 * the entry it saw before reading RocksDB, and every entry is a fresh object, so a fill that raced
 * with a write (or with {@link #clear}) fails instead of putting back an older version.
 *
 * <p>Memory: entries are counted by their approximate heap size; once the budget is reached a read
 * only replaces an entry at least as large as its own.
 */
final class RecordCache {
  /** Estimated heap bytes of an entry beyond its key and value bytes. */
  private static final int OVERHEAD = 64;

  /** One slot's content: a key and its encoded record, or null when the key is absent. */
  static final class Entry {
    final byte[] key;
    final byte[] raw;

    Entry(byte[] key, byte[] raw) {
      this.key = key;
      this.raw = raw;
    }

    int size() {
      return key == null ? OVERHEAD : OVERHEAD + key.length + (raw == null ? 0 : raw.length);
    }

    boolean holds(byte[] k) {
      return key != null && Arrays.equals(key, k);
    }
  }

  private final long budget;
  private final int mask;
  private final AtomicLong bytes = new AtomicLong();
  final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();
  final java.util.concurrent.atomic.LongAdder misses = new java.util.concurrent.atomic.LongAdder();

  /** Per slot, the hash of the last key that missed there (admission on a second miss). */
  private final int[] ghosts;

  private volatile AtomicReferenceArray<Entry> slots;

  /** A cache of at most about {@code budgetBytes} (positive; the store keeps none for 0). */
  RecordCache(long budgetBytes) {
    this.budget = budgetBytes;
    int n = 1;
    while (n < (1 << 24) && (long) n * 2 * 256 <= budgetBytes) {
      n *= 2;
    }
    this.mask = n - 1;
    this.slots = new AtomicReferenceArray<>(n);
    this.ghosts = new int[n];
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** A well-mixed hash of the key, eight bytes at a time. */
  private static int hash(byte[] key) {
    long h = key.length * 0x9E3779B97F4A7C15L;
    int i = 0;
    for (; i + 8 <= key.length; i += 8) {
      h = (h ^ (long) LONGS.get(key, i)) * 0xFF51AFD7ED558CCDL;
      h ^= h >>> 32;
    }
    for (; i < key.length; i++) {
      h = (h ^ key[i]) * 0x100000001B3L;
    }
    h ^= h >>> 29;
    h *= 0xC4CEB9FE1A85EC53L;
    return (int) (h ^ (h >>> 32));
  }

  private int slot(byte[] key) {
    return hash(key) & mask;
  }

  /** What the key's slot holds now; pass it to {@link #fill} after reading the store. */
  Entry peek(byte[] key) {
    return slots.get(slot(key));
  }

  /**
   * After a miss: caches what the store returned, unless the slot changed since {@code seen}. A key
   * is admitted on its second miss in a row for its slot, so data read once (a scan-like load)
   * costs no allocation and does not push out what is read often.
   */
  void fill(byte[] key, Entry seen, byte[] raw) {
    int h = hash(key);
    int i = h & mask;
    if (ghosts[i] != h) {
      ghosts[i] = h; // remembered: the next miss of this key is admitted
      return;
    }
    AtomicReferenceArray<Entry> s = slots;
    Entry e = new Entry(key, raw);
    int size = e.size();
    if (bytes.get() + size > budget && (seen == null || seen.size() < size)) {
      return;
    }
    if (s.compareAndSet(i, seen, e)) {
      bytes.addAndGet(size - (seen == null ? 0 : seen.size()));
    }
  }

  /**
   * After a committed write of {@code key}: empties its slot with a fresh entry, so a fill that saw
   * the slot before the write fails. Writes do not fill the cache: a written value is cached by the
   * first read that wants it, so write-heavy loads do not keep every value they write alive in the
   * heap.
   */
  void written(byte[] key) {
    // always a fresh entry, even over another key's: a reader of this key may be about to fill
    Entry old = slots.getAndSet(slot(key), new Entry(null, null));
    bytes.addAndGet(OVERHEAD - (old == null ? 0 : old.size()));
  }

  /** Forgets everything (after a range of keys was removed behind the cache's back). */
  void clear() {
    slots = new AtomicReferenceArray<>(slots.length());
    bytes.set(0);
  }

  /** Approximate heap bytes held, for metrics and tests. */
  long bytes() {
    return bytes.get();
  }
}
