package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.Db;
import dev.orbit.node.redis.KeyLayout;
import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import dev.orbit.node.storage.KeyValue;
import java.util.Arrays;

/**
 * A collection key opened by one command: its metadata and, through the run's transaction, its
 * elements (records named by the collection's generation and a suffix). {@link #save} writes the
 * metadata back, or removes the key when the collection became empty, as Redis does.
 */
final class Coll {
  final Ctx c;
  final byte[] key;
  final Db db;
  private final Meta stored;
  private Meta m;
  private final boolean created;

  private Coll(Ctx c, byte[] key, Meta stored, Meta m, boolean created) {
    this.c = c;
    this.key = key;
    this.db = c.db();
    this.stored = stored;
    this.m = m;
    this.created = created;
  }

  /** The collection at {@code key} if it exists (WRONGTYPE if another type is there), else null. */
  static Coll read(Ctx c, byte[] key, Meta.Type type) {
    Meta stored = c.stored(key);
    Meta live = stored == null || stored.expired(c.now) ? null : stored;
    if (live == null) {
      return null;
    }
    if (live.type() != type) {
      throw RedisError.wrongType();
    }
    return new Coll(c, key, stored, live, false);
  }

  /** As {@link #read}, but another type counts as absent (a blocked client keeps waiting). */
  static Coll readIf(Ctx c, byte[] key, Meta.Type type) {
    Meta m = c.live(key);
    return m == null || m.type() != type ? null : read(c, key, type);
  }

  /** The collection at {@code key}, created empty when absent (WRONGTYPE for another type). */
  static Coll write(Ctx c, byte[] key, Meta.Type type) {
    Meta stored = c.stored(key);
    Meta live = stored == null || stored.expired(c.now) ? null : stored;
    if (live != null && live.type() != type) {
      throw RedisError.wrongType();
    }
    if (live != null) {
      return new Coll(c, key, stored, live, false);
    }
    return new Coll(c, key, stored, c.ks.newCollection(type), true);
  }

  Meta meta() {
    return m;
  }

  void meta(Meta updated) {
    this.m = updated;
  }

  long count() {
    return m.count();
  }

  void count(long n) {
    m = m.withCount(n);
  }

  byte[] elementKey(byte[] suffix) {
    return KeyLayout.element(db.phys(), m.gen(), suffix);
  }

  byte[] get(byte[] suffix) {
    return c.tx.get(elementKey(suffix));
  }

  void put(byte[] suffix, byte[] value) {
    c.tx.put(elementKey(suffix), value);
  }

  void delete(byte[] suffix) {
    c.tx.delete(elementKey(suffix));
  }

  /** Elements with suffixes in {@code [from, to)} (null: open), in order or reversed. */
  RedisTx.Scan scan(byte[] from, byte[] to, boolean reverse) {
    byte[] lo = from == null ? KeyLayout.elementsStart(db.phys(), m.gen()) : elementKey(from);
    byte[] hi = to == null ? KeyLayout.elementsEnd(db.phys(), m.gen()) : elementKey(to);
    return reverse ? c.tx.scanReverse(lo, hi) : c.tx.scan(lo, hi);
  }

  /** Every element whose suffix starts with {@code prefix}. */
  RedisTx.Scan scanPrefix(byte[] prefix, boolean reverse) {
    byte[] lo = elementKey(prefix);
    byte[] hi = KeyLayout.successorPrefix(lo);
    return reverse ? c.tx.scanReverse(lo, hi) : c.tx.scan(lo, hi);
  }

  static byte[] suffix(KeyValue kv) {
    return Arrays.copyOfRange(kv.key(), KeyLayout.ELEMENT_PREFIX, kv.key().length);
  }

  /** Writes the metadata back; an empty collection is removed. */
  void save() {
    if (m.count() == 0) {
      if (!created) {
        c.ks.delete(c.tx, db, key, m);
      } else if (stored != null) {
        c.ks.delete(c.tx, db, key, stored); // an expired key that was there goes too
      }
      return;
    }
    c.ks.put(c.tx, db, key, created ? stored : m, m);
  }
}
