package dev.orbit.node.redis;

import java.util.Arrays;

/**
 * A key's metadata record: its type and expiry, and either a string's bytes or a collection's
 * generation, element count and (lists) the sequence numbers of its first and past-last elements.
 *
 * <pre>
 *   string:     type:1 ('s' or 'r') | expireAt:8 | bytes
 *   collection: type:1 | expireAt:8 | gen:8 | count:8 | flags:1 [| head:8 | tail:8 (lists)]
 *               [| deleted:8 (sets, when not 0)]
 *   chunked string: 'c' | expireAt:8 | gen:8 | length:8 | flags:1 (its bytes in chunk records)
 * </pre>
 *
 * A set's {@code deleted} counts the members SPOP removed from its generation (kept in {@code
 * head}, which sets do not otherwise use): their tombstones slow its random picks, see {@link
 * #deleted}. A string of type {@code 'r'} was modified in place (APPEND, SETRANGE), which OBJECT
 * ENCODING reports as Redis does. {@code expireAt} is 0 for a key without expiry.
 */
public record Meta(
    Type type, long expireAt, byte[] value, long gen, long count, int flags, long head, long tail) {

  /** The Redis data types. */
  public enum Type {
    STRING("string"),
    HASH("hash"),
    LIST("list"),
    SET("set"),
    ZSET("zset");

    public final String redisName;

    Type(String redisName) {
      this.redisName = redisName;
    }
  }

  /** A collection grew past the sizes Redis keeps in its compact encoding (kept once set). */
  public static final int LARGE = 1;

  /** A set holds a member that is not an integer (so Redis would not keep it as an intset). */
  public static final int NOT_INTS = 2;

  /** A string modified in place (APPEND, SETRANGE): OBJECT ENCODING says "raw". */
  public static final int RAW = 4;

  private static final long LIST_MIDDLE = 1L << 62;

  public static Meta string(byte[] value, long expireAt) {
    return new Meta(Type.STRING, expireAt, value, 0, 0, 0, 0, 0);
  }

  public static Meta rawString(byte[] value, long expireAt) {
    return new Meta(Type.STRING, expireAt, value, 0, 0, RAW, 0, 0);
  }

  public static Meta collection(Type type, long gen) {
    long middle = type == Type.LIST ? LIST_MIDDLE : 0;
    return new Meta(type, 0, null, gen, 0, 0, middle, middle);
  }

  /**
   * Members SPOP removed from this set's generation since it was written (0 for other types): the
   * records they leave behind until compaction are skipped by every seek of a random pick.
   */
  public long deleted() {
    return type == Type.SET ? head : 0;
  }

  public Meta withDeleted(long n) {
    return new Meta(type, expireAt, value, gen, count, flags, n, tail);
  }

  public boolean isString() {
    return type == Type.STRING;
  }

  public boolean expired(long now) {
    return expireAt != 0 && expireAt <= now;
  }

  public Meta withExpireAt(long at) {
    return new Meta(type, at, value, gen, count, flags, head, tail);
  }

  public Meta withCount(long n) {
    return new Meta(type, expireAt, value, gen, n, flags, head, tail);
  }

  public Meta withFlags(int f) {
    return new Meta(type, expireAt, value, gen, count, f, head, tail);
  }

  public Meta withList(long newHead, long newTail) {
    return new Meta(type, expireAt, value, gen, newTail - newHead, flags, newHead, newTail);
  }

  public Meta withGen(long g) {
    return new Meta(type, expireAt, value, g, count, flags, head, tail);
  }

  /** A string stored in chunk records under its generation ({@link Keyspace}): not inline. */
  public boolean isChunked() {
    return type == Type.STRING && gen != 0;
  }

  public byte[] encode() {
    if (isChunked()) {
      byte[] out = new byte[26];
      out[0] = 'c';
      KeyLayout.putLong(out, 1, expireAt);
      KeyLayout.putLong(out, 9, gen);
      KeyLayout.putLong(out, 17, value != null ? value.length : count);
      out[25] = (byte) flags;
      return out;
    }
    if (type == Type.STRING) {
      byte[] out = new byte[9 + value.length];
      out[0] = (flags & RAW) != 0 ? (byte) 'r' : (byte) 's';
      KeyLayout.putLong(out, 1, expireAt);
      System.arraycopy(value, 0, out, 9, value.length);
      return out;
    }
    byte[] out = new byte[type == Type.LIST ? 42 : deleted() != 0 ? 34 : 26];
    out[0] = code(type);
    KeyLayout.putLong(out, 1, expireAt);
    KeyLayout.putLong(out, 9, gen);
    KeyLayout.putLong(out, 17, count);
    out[25] = (byte) flags;
    if (type == Type.LIST) {
      KeyLayout.putLong(out, 26, head);
      KeyLayout.putLong(out, 34, tail);
    } else if (deleted() != 0) {
      KeyLayout.putLong(out, 26, head);
    }
    return out;
  }

  public static Meta decode(byte[] raw) {
    if (raw == null || raw.length < 9) {
      return null;
    }
    long exp = KeyLayout.getLong(raw, 1);
    return switch (raw[0]) {
      case 's' -> new Meta(Type.STRING, exp, Arrays.copyOfRange(raw, 9, raw.length), 0, 0, 0, 0, 0);
      case 'r' ->
          new Meta(Type.STRING, exp, Arrays.copyOfRange(raw, 9, raw.length), 0, 0, RAW, 0, 0);
      case 'c' ->
          new Meta(
              Type.STRING,
              exp,
              null,
              KeyLayout.getLong(raw, 9),
              KeyLayout.getLong(raw, 17),
              raw[25],
              0,
              0);
      default -> {
        Type t = type(raw[0]);
        long gen = KeyLayout.getLong(raw, 9);
        long count = KeyLayout.getLong(raw, 17);
        int flags = raw[25];
        long h =
            t == Type.LIST || (t == Type.SET && raw.length >= 34) ? KeyLayout.getLong(raw, 26) : 0;
        long tl = t == Type.LIST ? KeyLayout.getLong(raw, 34) : 0;
        yield new Meta(t, exp, null, gen, count, flags, h, tl);
      }
    };
  }

  /** The expiry stored in an encoded meta record, without decoding the rest. */
  public static long expireAtOf(byte[] raw) {
    return KeyLayout.getLong(raw, 1);
  }

  /** The type stored in an encoded meta record, without decoding the rest. */
  public static Type typeOf(byte[] raw) {
    return raw[0] == 's' || raw[0] == 'r' || raw[0] == 'c' ? Type.STRING : type(raw[0]);
  }

  private static byte code(Type t) {
    return switch (t) {
      case HASH -> 'h';
      case LIST -> 'l';
      case SET -> 't';
      case ZSET -> 'z';
      case STRING -> 's';
    };
  }

  private static Type type(byte c) {
    return switch (c) {
      case 'h' -> Type.HASH;
      case 'l' -> Type.LIST;
      case 't' -> Type.SET;
      case 'z' -> Type.ZSET;
      default -> throw new IllegalStateException("corrupt redis meta record: type " + c);
    };
  }
}
