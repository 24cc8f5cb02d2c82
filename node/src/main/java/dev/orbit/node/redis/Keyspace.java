package dev.orbit.node.redis;

import dev.orbit.node.storage.ProtocolStore;
import java.util.Arrays;

/**
 * The Redis data model over the {@code redis} protocol store: keys' metadata records, collection
 * generations, the expiry index, and the mapping of logical databases to physical ids (so SWAPDB
 * swaps two numbers instead of moving every key).
 */
public final class Keyspace {
  public static final int DATABASES = 16;

  /** A collection with at most this many records is dropped with its key; larger ones later. */
  static final int INLINE_DROP = 128;

  /** Strings longer than this are stored in chunk records of this size. */
  public static final int STRING_CHUNK = 1 << 20;

  /**
   * The size of a large string's pieces (its chunk records, and the pieces a request's large value
   * is received in): just under a G1 heap region, so each is one humongous object of one region,
   * freed as soon as it is dead, where 1 MiB arrays would each take two 1 MiB regions.
   */
  public static final int PIECE = pieceSize();

  private static int pieceSize() {
    try {
      long region =
          Long.parseLong(
              java.lang.management.ManagementFactory.getPlatformMXBean(
                      com.sun.management.HotSpotDiagnosticMXBean.class)
                  .getVMOption("G1HeapRegionSize")
                  .getValue());
      if (region >= STRING_CHUNK && region <= RedisTx.MAX_RECORD) {
        return (int) region - 64;
      }
    } catch (RuntimeException e) {
      // not HotSpot's G1: any size below a record's limit works
    }
    return STRING_CHUNK - 64;
  }

  private static final byte[] DB_MAP = KeyLayout.system("db-map");

  private final ProtocolStore store;
  private final KeyLocks locks = new KeyLocks(4096);
  private final Generations generations;
  private volatile int[] dbMap;
  private volatile byte[] dbMapRaw;

  public Keyspace(ProtocolStore store) {
    this.store = store;
    this.generations = new Generations(store);
    refreshDbMap();
  }

  /**
   * Brings a store written by an earlier build into the current layout (once); on a replica, which
   * may not write, the leader does it.
   */
  public void upgradeFormat() {
    // a replica receives the upgraded records from its leader, which upgrades when it leads
    store.onLeading("upgrading the stored format", this::upgradeNow);
  }

  private synchronized void upgradeNow() {
    FormatUpgrade.run(store);
  }

  public ProtocolStore store() {
    return store;
  }

  public KeyLocks locks() {
    return locks;
  }

  // ---- databases ----

  private volatile long mapReadAt;

  /**
   * Reads the logical → physical database map again when it was last read more than 100 ms ago (on
   * a replica, the leader may have swapped databases; the leader's own swaps apply at once).
   */
  public void refreshDbMap() {
    long now = System.nanoTime();
    if (dbMap != null && now - mapReadAt < 100_000_000L) {
      return;
    }
    mapReadAt = now;
    // this member's copy, whatever its lag: the commands that use it check their own reads
    byte[] raw = store.getLocal(DB_MAP);
    if (dbMap != null && Arrays.equals(raw, dbMapRaw)) {
      return;
    }
    int[] map = new int[DATABASES];
    for (int i = 0; i < DATABASES; i++) {
      map[i] = raw == null ? i : KeyLayout.getInt(raw, 4 * i);
    }
    dbMapRaw = raw;
    dbMap = map;
  }

  public Db db(int index) {
    return new Db(index, dbMap[index]);
  }

  /** The logical database that physical id {@code phys} belongs to, or -1. */
  public int logical(int phys) {
    int[] map = dbMap;
    for (int i = 0; i < map.length; i++) {
      if (map[i] == phys) {
        return i;
      }
    }
    return -1;
  }

  /** Swaps two logical databases; the caller holds the global lock. */
  public java.util.concurrent.CompletableFuture<Void> swap(int a, int b) {
    int[] map = dbMap.clone();
    int t = map[a];
    map[a] = map[b];
    map[b] = t;
    byte[] raw = new byte[4 * DATABASES];
    for (int i = 0; i < DATABASES; i++) {
      KeyLayout.putInt(raw, 4 * i, map[i]);
    }
    java.util.concurrent.CompletableFuture<Void> done = store.put(DB_MAP, raw);
    dbMapRaw = raw;
    dbMap = map;
    return done;
  }

  // ---- keys ----

  /** The stored metadata of {@code key}, expired or not; null when there is none. */
  public Meta stored(RedisTx tx, Db db, byte[] key) {
    Meta m = storedMeta(tx, db, key);
    return m != null && m.isChunked() ? assemble(tx, db, m) : m;
  }

  /**
   * The stored metadata of {@code key}, expired or not, without reading a chunked string's bytes
   * back (its value is null): for a write that replaces it whole.
   */
  public Meta storedMeta(RedisTx tx, Db db, byte[] key) {
    byte[] metaKey = KeyLayout.meta(db.phys(), key);
    Meta m = Meta.decode(tx.get(metaKey));
    if (m != null && m.gen() != 0) {
      tx.readCollection(metaKey, KeyLayout.elementsStart(db.phys(), m.gen()));
    }
    return m;
  }

  /**
   * Writes a string received in {@code pieces} (each at most {@link RedisTx#MAX_RECORD} bytes) as
   * the value of {@code key}, the pieces themselves its chunk records: a large value is not copied.
   */
  public void putPieces(RedisTx tx, Db db, byte[] key, Meta old, byte[][] pieces, long expireAt) {
    long len = 0;
    for (byte[] p : pieces) {
      len += p.length;
    }
    if (len <= STRING_CHUNK) {
      put(tx, db, key, old, Meta.string(join(pieces, len), expireAt));
      return;
    }
    long gen = generations.next();
    byte[] index = new byte[4];
    for (int n = 0; n < pieces.length; n++) {
      KeyLayout.putInt(index, 0, n);
      tx.putPrivate(KeyLayout.element(db.phys(), gen, index), pieces[n]);
    }
    put(tx, db, key, old, new Meta(Meta.Type.STRING, expireAt, null, gen, len, 0, 0, 0));
  }

  private static byte[] join(byte[][] pieces, long len) {
    byte[] v = new byte[(int) len];
    int at = 0;
    for (byte[] p : pieces) {
      System.arraycopy(p, 0, v, at, p.length);
      at += p.length;
    }
    return v;
  }

  /** A chunked string's bytes read back from its chunk records. */
  private static Meta assemble(RedisTx tx, Db db, Meta m) {
    long len = m.count();
    tx.budget().charge(len >> 8, 0); // copying it is work: a large one runs off the event loop
    byte[] v = new byte[Math.toIntExact(len)];
    int at = 0;
    try (RedisTx.Scan s =
        tx.scan(
            KeyLayout.elementsStart(db.phys(), m.gen()),
            KeyLayout.elementsEnd(db.phys(), m.gen()))) {
      while (s.hasNext()) {
        byte[] part = s.next().value();
        if (at + part.length > len) {
          break;
        }
        System.arraycopy(part, 0, v, at, part.length);
        at += part.length;
      }
    }
    if (at != len) {
      throw new IllegalStateException("corrupt redis string: " + at + " of its " + len + " bytes");
    }
    return new Meta(Meta.Type.STRING, m.expireAt(), v, m.gen(), len, m.flags(), 0, 0);
  }

  /**
   * Where a string's bytes go: inline in its metadata record up to {@link #STRING_CHUNK} bytes,
   * else in chunk records of a new generation (the replicated log carries bounded entries), or the
   * chunks it already has when only its expiry changed.
   */
  private Meta placeString(RedisTx tx, Db db, Meta old, Meta m) {
    byte[] v = m.value();
    if (v == null) {
      return m; // placed already ({@link #putPieces})
    }
    if (v.length <= STRING_CHUNK) {
      return m.gen() == 0 ? m : m.withGen(0);
    }
    if (old != null && m.gen() != 0 && m.gen() == old.gen()) {
      return m;
    }
    long gen = generations.next();
    byte[] index = new byte[4];
    for (int from = 0, n = 0; from < v.length; from += PIECE, n++) {
      KeyLayout.putInt(index, 0, n);
      tx.putPrivate(
          KeyLayout.element(db.phys(), gen, index),
          Arrays.copyOfRange(v, from, Math.min(v.length, from + PIECE)));
    }
    return m.withGen(gen);
  }

  /** The metadata of {@code key} unless it is absent or expired at {@code now}. */
  public Meta live(RedisTx tx, Db db, byte[] key, long now) {
    Meta m = stored(tx, db, key);
    return m == null || m.expired(now) ? null : m;
  }

  /**
   * Writes {@code m} as the metadata of {@code key}, which held {@code old} (null: nothing;
   * possibly expired): keeps the expiry index in step and drops the old collection's elements when
   * {@code m} is not the same collection.
   */
  public void put(RedisTx tx, Db db, byte[] key, Meta old, Meta m) {
    long oldAt = old == null ? 0 : old.expireAt();
    if (oldAt != 0 && oldAt != m.expireAt()) {
      tx.delete(KeyLayout.expiry(oldAt, db.phys(), key));
    }
    if (m.expireAt() != 0 && m.expireAt() != oldAt) {
      tx.put(KeyLayout.expiry(m.expireAt(), db.phys(), key), new byte[0]);
    }
    Meta placed = m.isString() ? placeString(tx, db, old, m) : m;
    if (old != null && old.gen() != 0 && placed.gen() != old.gen()) {
      dropElements(tx, db, old);
    }
    tx.put(KeyLayout.meta(db.phys(), key), placed.encode());
    tx.touch(db, key, m.type());
  }

  /** Removes {@code key}, which held {@code old} (not null, possibly expired). */
  public void delete(RedisTx tx, Db db, byte[] key, Meta old) {
    if (old.expireAt() != 0) {
      tx.delete(KeyLayout.expiry(old.expireAt(), db.phys(), key));
    }
    if (old.gen() != 0) {
      dropElements(tx, db, old);
    }
    tx.delete(KeyLayout.meta(db.phys(), key));
    tx.touch(db, key, null);
  }

  /** A new, empty collection of type {@code t} with a generation of its own. */
  public Meta newCollection(Meta.Type t) {
    return Meta.collection(t, generations.next());
  }

  /**
   * Drops a collection's elements: small ones at once, in the same write; large ones by a garbage
   * record that the collector ({@link Collector}) acts on later, in slices.
   */
  private void dropElements(RedisTx tx, Db db, Meta old) {
    long records = old.type() == Meta.Type.ZSET ? 2 * old.count() : old.count();
    if (records > INLINE_DROP || old.isChunked()) { // chunks are large: never read back to drop
      tx.put(KeyLayout.garbage(db.phys(), old.gen()), new byte[0]);
      return;
    }
    try (RedisTx.Scan s =
        tx.scan(
            KeyLayout.elementsStart(db.phys(), old.gen()),
            KeyLayout.elementsEnd(db.phys(), old.gen()))) {
      while (s.hasNext()) {
        tx.delete(s.next().key());
      }
    }
  }
}
