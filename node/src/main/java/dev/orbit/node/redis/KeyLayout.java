package dev.orbit.node.redis;

import java.util.Arrays;

/**
 * Where the Redis data model keeps its records in the {@code redis} protocol store. Each key has a
 * small metadata record; each element of a collection (hash field, list element, set member,
 * sorted-set member and score entry) is a record of its own under the collection's generation:
 *
 * <pre>
 *   E | db:4 | gen:8 | suffix        an element of the collection incarnation {@code gen}
 *   G | db:4 | gen:8                 a dropped collection whose elements are still to be removed
 *   M | db:4 | key                   a key's metadata (type, expiry, and the string or collection)
 *   S | name                         the data model's own records (generation blocks, db map)
 *   X | expireAt:8 | db:4 | key      expiry index: keys to remove when their time comes
 * </pre>
 *
 * {@code db} is the physical database id a logical database (0-15) maps to; generations are never
 * reused, so dropping a collection only has to drop its metadata and the elements can go later.
 */
public final class KeyLayout {
  public static final byte ELEMENT = 'E';
  public static final byte GARBAGE = 'G';
  public static final byte META = 'M';
  public static final byte SYSTEM = 'S';
  public static final byte EXPIRY = 'X';

  private KeyLayout() {}

  public static byte[] meta(int db, byte[] key) {
    byte[] k = new byte[5 + key.length];
    k[0] = META;
    putInt(k, 1, db);
    System.arraycopy(key, 0, k, 5, key.length);
    return k;
  }

  /** The first meta key of database {@code db} that starts with {@code prefix}. */
  public static byte[] metaFrom(int db, byte[] prefix) {
    return meta(db, prefix);
  }

  /** Just past every meta key of {@code db} that starts with {@code prefix} (null: no bound). */
  public static byte[] metaUntil(int db, byte[] prefix) {
    byte[] p = meta(db, prefix);
    return successorPrefix(p);
  }

  /** The user key of a meta key. */
  public static byte[] userKey(byte[] metaKey) {
    return Arrays.copyOfRange(metaKey, 5, metaKey.length);
  }

  /** The first key of database {@code db}'s part of {@code family} (E, G or M). */
  public static byte[] dbStart(byte family, int db) {
    byte[] k = new byte[5];
    k[0] = family;
    putInt(k, 1, db);
    return k;
  }

  public static byte[] dbEnd(byte family, int db) {
    return successorPrefix(dbStart(family, db));
  }

  public static byte[] element(int db, long gen, byte[] suffix) {
    byte[] k = new byte[13 + suffix.length];
    k[0] = ELEMENT;
    putInt(k, 1, db);
    putLong(k, 5, gen);
    System.arraycopy(suffix, 0, k, 13, suffix.length);
    return k;
  }

  /** An element key whose suffix is {@code tag} followed by {@code rest}. */
  public static byte[] element(int db, long gen, byte tag, byte[] rest) {
    byte[] k = new byte[14 + rest.length];
    k[0] = ELEMENT;
    putInt(k, 1, db);
    putLong(k, 5, gen);
    k[13] = tag;
    System.arraycopy(rest, 0, k, 14, rest.length);
    return k;
  }

  /** The length of every element key's prefix before its suffix. */
  public static final int ELEMENT_PREFIX = 13;

  public static byte[] elementsStart(int db, long gen) {
    return element(db, gen, new byte[0]);
  }

  public static byte[] elementsEnd(int db, long gen) {
    return successorPrefix(elementsStart(db, gen));
  }

  public static byte[] garbage(int db, long gen) {
    byte[] k = new byte[13];
    k[0] = GARBAGE;
    putInt(k, 1, db);
    putLong(k, 5, gen);
    return k;
  }

  public static byte[] expiry(long at, int db, byte[] key) {
    byte[] k = new byte[13 + key.length];
    k[0] = EXPIRY;
    putLong(k, 1, at);
    putInt(k, 9, db);
    System.arraycopy(key, 0, k, 13, key.length);
    return k;
  }

  public static byte[] system(String name) {
    byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] k = new byte[1 + n.length];
    k[0] = SYSTEM;
    System.arraycopy(n, 0, k, 1, n.length);
    return k;
  }

  /** The smallest key greater than every key that starts with {@code p}; null when none is. */
  public static byte[] successorPrefix(byte[] p) {
    byte[] s = p.clone();
    for (int i = s.length - 1; i >= 0; i--) {
      if (s[i] != (byte) 0xFF) {
        s[i]++;
        return Arrays.copyOf(s, i + 1);
      }
    }
    return null;
  }

  /** The smallest key greater than {@code k}. */
  public static byte[] successor(byte[] k) {
    return Arrays.copyOf(k, k.length + 1);
  }

  public static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  public static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  public static int getInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  public static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }
}
