package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.KeyLayout;
import dev.orbit.node.redis.RedisTx;
import dev.orbit.node.storage.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sorted set held in a {@link Coll}: two records per member, {@code m|member → score} (the member
 * index, in member order) and {@code s|sortable(score)|member} (the score index, in Redis's order:
 * by score, then member), so lookups, score ranges and rank ranges need no full walk.
 */
final class ZSets {
  static final byte[] MEMBERS = {'m'};
  static final byte[] SCORES = {'s'};

  private ZSets() {}

  /** A member and its score. */
  record Entry(byte[] member, double score) {}

  static double score(byte[] raw) {
    return Double.longBitsToDouble(KeyLayout.getLong(raw, 0));
  }

  static byte[] scoreBytes(double d) {
    byte[] b = new byte[8];
    KeyLayout.putLong(b, 0, Double.doubleToRawLongBits(d));
    return b;
  }

  /** 8 bytes whose unsigned order is the numeric order of doubles (-0 sorts as 0). */
  static byte[] sortable(double d) {
    long bits = Double.doubleToLongBits(d == 0 ? 0.0 : d);
    bits = bits >= 0 ? bits ^ Long.MIN_VALUE : ~bits;
    byte[] b = new byte[8];
    KeyLayout.putLong(b, 0, bits);
    return b;
  }

  static double unsortable(byte[] b, int at) {
    long bits = KeyLayout.getLong(b, at);
    bits = bits < 0 ? bits ^ Long.MIN_VALUE : ~bits;
    return Double.longBitsToDouble(bits);
  }

  static byte[] memberKey(byte[] member) {
    return cat(MEMBERS, member);
  }

  static byte[] scoreKey(double score, byte[] member) {
    byte[] k = new byte[9 + member.length];
    k[0] = 's';
    System.arraycopy(sortable(score), 0, k, 1, 8);
    System.arraycopy(member, 0, k, 9, member.length);
    return k;
  }

  static byte[] cat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The score of {@code member}, or null. */
  static Double get(Coll z, byte[] member) {
    byte[] raw = z.get(memberKey(member));
    return raw == null ? null : score(raw);
  }

  /** Sets a member's score (adding it when new, counting it). */
  static void put(Coll z, byte[] member, double score, Double old) {
    if (old != null) {
      z.delete(scoreKey(old, member));
    } else {
      z.count(z.count() + 1);
      z.meta(z.meta().withFlags(Encodings.grown(z.c, z.meta(), z.count(), member.length)));
    }
    z.put(memberKey(member), scoreBytes(score));
    z.put(scoreKey(score, member), new byte[0]);
  }

  static boolean remove(Coll z, byte[] member) {
    Double old = get(z, member);
    if (old == null) {
      return false;
    }
    z.delete(memberKey(member));
    z.delete(scoreKey(old, member));
    z.count(z.count() - 1);
    return true;
  }

  static Entry entry(KeyValue scoreIndexRecord) {
    byte[] suffix = Coll.suffix(scoreIndexRecord);
    return new Entry(Arrays.copyOfRange(suffix, 9, suffix.length), unsortable(suffix, 1));
  }

  /** Walks the score index, from the lowest score (or the highest). */
  static RedisTx.Scan byScore(Coll z, boolean reverse) {
    return z.scanPrefix(SCORES, reverse);
  }

  /** Walks the score index from the first entry not below {@code min} (reverse: not above max). */
  static RedisTx.Scan fromScore(Coll z, double bound, boolean reverse) {
    if (!reverse) {
      return z.scan(cat(SCORES, sortable(bound)), KeyLayout.successorPrefix(SCORES), false);
    }
    byte[] past = KeyLayout.successorPrefix(cat(SCORES, sortable(bound)));
    return z.scan(SCORES, past, true);
  }

  /** Members from position {@code from} to {@code to} inclusive (within bounds) by score. */
  static List<Entry> byRank(Coll z, long from, long to, boolean reverse) {
    List<Entry> out = new ArrayList<>();
    try (RedisTx.Scan s = byScore(z, reverse)) {
      for (long i = 0; s.hasNext() && i <= to; i++) {
        KeyValue kv = s.next();
        if (i >= from) {
          out.add(entry(kv));
        }
      }
    }
    return out;
  }

  /** The 0-based rank of {@code member}, or -1 when absent. */
  static long rank(Coll z, byte[] member, boolean reverse) {
    Double score = get(z, member);
    if (score == null) {
      return -1;
    }
    byte[] target = scoreKey(score, member);
    long rank = 0;
    try (RedisTx.Scan s = byScore(z, reverse)) {
      while (s.hasNext()) {
        if (Arrays.equals(Coll.suffix(s.next()), target)) {
          return rank;
        }
        rank++;
      }
    }
    return -1;
  }

  /** A score interval as ZRANGEBYSCORE reads it: {@code (1.5}, {@code -inf}, {@code 3}. */
  record ScoreRange(double min, boolean minEx, double max, boolean maxEx) {
    boolean aboveMin(double v) {
      return minEx ? v > min : v >= min;
    }

    boolean belowMax(double v) {
      return maxEx ? v < max : v <= max;
    }

    boolean empty() {
      return min > max || (min == max && (minEx || maxEx));
    }

    static ScoreRange parse(byte[] min, byte[] max) {
      double[] lo = bound(min);
      double[] hi = bound(max);
      if (lo == null || hi == null) {
        throw new RedisError("ERR min or max is not a float");
      }
      return new ScoreRange(lo[0], lo[1] != 0, hi[0], hi[1] != 0);
    }

    private static double[] bound(byte[] b) {
      boolean ex = b.length > 0 && b[0] == '(';
      byte[] text = ex ? Arrays.copyOfRange(b, 1, b.length) : b;
      int skip = 0;
      while (skip < text.length && Character.isWhitespace(text[skip])) {
        skip++;
      }
      text = Arrays.copyOfRange(text, skip, text.length);
      if (text.length == 0) {
        return new double[] {0, ex ? 1 : 0}; // strtod of nothing is 0 with nothing left over
      }
      try {
        java.math.BigDecimal exact = Doubles.parseExact(text);
        double v;
        if (exact == null) {
          String s = new String(text, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
          v =
              switch (s) {
                case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
                case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                default -> throw new Doubles.NotANumber();
              };
        } else {
          v = exact.doubleValue();
        }
        return new double[] {v, ex ? 1 : 0};
      } catch (Doubles.NotANumber e) {
        return null;
      }
    }
  }

  /** A member interval as ZRANGEBYLEX reads it: {@code [a}, {@code (a}, {@code -}, {@code +}. */
  record LexRange(byte[] min, boolean minEx, byte[] max, boolean maxEx) {
    /** null bound: -inf for min, +inf for max. */
    static LexRange parse(byte[] min, byte[] max) {
      Object[] lo = bound(min);
      Object[] hi = bound(max);
      if (lo == null || hi == null) {
        throw new RedisError("ERR min or max not valid string range item");
      }
      return new LexRange((byte[]) lo[0], (Boolean) lo[1], (byte[]) hi[0], (Boolean) hi[1]);
    }

    private static Object[] bound(byte[] b) {
      if (b.length == 0) {
        return null;
      }
      return switch (b[0]) {
        case '+' -> b.length == 1 ? new Object[] {PLUS, true} : null;
        case '-' -> b.length == 1 ? new Object[] {MINUS, true} : null;
        case '(' -> new Object[] {Arrays.copyOfRange(b, 1, b.length), true};
        case '[' -> new Object[] {Arrays.copyOfRange(b, 1, b.length), false};
        default -> null;
      };
    }

    static final byte[] PLUS = new byte[0];
    static final byte[] MINUS = new byte[0];

    boolean aboveMin(byte[] m) {
      if (min == MINUS) {
        return true;
      }
      if (min == PLUS) {
        return false;
      }
      int c = Arrays.compareUnsigned(m, min);
      return minEx ? c > 0 : c >= 0;
    }

    boolean belowMax(byte[] m) {
      if (max == PLUS) {
        return true;
      }
      if (max == MINUS) {
        return false;
      }
      int c = Arrays.compareUnsigned(m, max);
      return maxEx ? c < 0 : c <= 0;
    }

    boolean empty() {
      if (min == PLUS || max == MINUS) {
        return true;
      }
      if (min == MINUS || max == PLUS) {
        return false;
      }
      int c = Arrays.compareUnsigned(min, max);
      return c > 0 || (c == 0 && (minEx || maxEx));
    }
  }

  /** Walks the member index from the lexicographic start of {@code r} (or its end, reversed). */
  static RedisTx.Scan byLex(Coll z, LexRange r, boolean reverse) {
    byte[] end = KeyLayout.successorPrefix(MEMBERS);
    if (!reverse) {
      byte[] from = r.min() == LexRange.MINUS ? MEMBERS : cat(MEMBERS, r.min());
      return z.scan(from, end, false);
    }
    byte[] to = r.max() == LexRange.PLUS ? end : KeyLayout.successor(cat(MEMBERS, r.max()));
    return z.scan(MEMBERS, to, true);
  }

  static Entry memberEntry(KeyValue memberIndexRecord) {
    byte[] suffix = Coll.suffix(memberIndexRecord);
    return new Entry(
        Arrays.copyOfRange(suffix, 1, suffix.length), score(memberIndexRecord.value()));
  }
}
