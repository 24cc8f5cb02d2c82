package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.KeyLayout;
import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import java.util.ArrayList;
import java.util.List;

/**
 * A list held in a {@link Coll}: element {@code i} is the record whose suffix is the sequence
 * number {@code head + i} (8 bytes, big-endian), so the ends, an index and a range are found
 * without walking the list; pushing at either end takes one number off or on.
 */
final class Lists {
  private Lists() {}

  static byte[] seq(long n) {
    byte[] b = new byte[8];
    KeyLayout.putLong(b, 0, n);
    return b;
  }

  static long len(Coll l) {
    return l == null ? 0 : l.meta().tail() - l.meta().head();
  }

  static void push(Coll l, byte[] value, boolean left) {
    Meta m = l.meta();
    if (left) {
      l.put(seq(m.head() - 1), value);
      l.meta(m.withList(m.head() - 1, m.tail()));
    } else {
      l.put(seq(m.tail()), value);
      l.meta(m.withList(m.head(), m.tail() + 1));
    }
  }

  static byte[] pop(Coll l, boolean left) {
    Meta m = l.meta();
    if (m.tail() == m.head()) {
      return null;
    }
    long s = left ? m.head() : m.tail() - 1;
    byte[] v = l.get(seq(s));
    l.delete(seq(s));
    l.meta(left ? m.withList(m.head() + 1, m.tail()) : m.withList(m.head(), m.tail() - 1));
    return v;
  }

  static byte[] index(Coll l, long i) {
    return l.get(seq(l.meta().head() + i));
  }

  /** Elements {@code from} to {@code to} inclusive (already within bounds), in order. */
  static List<byte[]> range(Coll l, long from, long to, boolean reverse) {
    List<byte[]> out = new ArrayList<>();
    if (from > to) {
      return out;
    }
    long h = l.meta().head();
    try (RedisTx.Scan s = l.scan(seq(h + from), seq(h + to + 1), reverse)) {
      while (s.hasNext()) {
        out.add(s.next().value());
      }
    }
    return out;
  }

  /** Redis's index normalisation for LRANGE-like ranges: [start, end] within [0, len). */
  static long[] bounds(long start, long end, long len) {
    if (start < 0) {
      start = len + start;
    }
    if (end < 0) {
      end = len + end;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= len) {
      return null;
    }
    if (end >= len) {
      end = len - 1;
    }
    return new long[] {start, end};
  }

  /**
   * Rewrites the list from position {@code from} on with {@code rest} (the elements that follow
   * now), so it ends right after them.
   */
  static void rewriteFrom(Coll l, long from, List<byte[]> rest) {
    Meta m = l.meta();
    long h = m.head();
    for (long s = h + from; s < m.tail(); s++) {
      l.delete(seq(s));
    }
    long s = h + from;
    for (byte[] v : rest) {
      l.put(seq(s++), v);
    }
    l.c.work(rest.size() + (m.tail() - h - from));
    l.meta(m.withList(h, s));
  }
}
