package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.RedisTx;
import dev.orbit.node.storage.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random elements of a collection (HRANDFIELD, SRANDMEMBER, SPOP, ZRANDMEMBER). Up to {@link
 * #UNIFORM} elements, or when many are asked for, elements are chosen by position, uniformly, in
 * one walk; from larger collections a few are found by seeking to random points between the first
 * and last element, which costs a seek each but is not exactly uniform.
 */
final class Random {
  static final long UNIFORM = 128;

  private Random() {}

  /** A chosen element: its suffix (without the prefix asked for) and value. */
  record Element(byte[] suffix, byte[] value) {}

  static List<Element> pick(Coll coll, long count, boolean unique) {
    return pick(coll, new byte[0], coll.count(), count, unique);
  }

  /** The whole 4-byte hash space that set members are spread over (see SetCommands). */
  private static final byte[] LOWEST = {0, 0, 0, 0};

  private static final byte[] HIGHEST = {-1, -1, -1, -1};

  /** As {@link #pick}, for a set, whose random points need no look at its first and last member. */
  static List<Element> pickHashed(Coll coll, long count, boolean unique) {
    long n = coll.count();
    if (n == 0 || count == 0) {
      return List.of();
    }
    if (unique && count >= n) {
      return walk(coll, new byte[0], null);
    }
    if (n <= UNIFORM || (unique && count * 2 > n) || count > UNIFORM) {
      return byPosition(coll, new byte[0], n, count, unique);
    }
    return bySeeking(coll, new byte[0], count, unique, LOWEST, HIGHEST);
  }

  /**
   * {@code count} elements among the {@code n} whose suffix starts with {@code prefix}: distinct
   * when {@code unique} (all of them, in order, when count ≥ n), else drawn with repetition.
   */
  static List<Element> pick(Coll coll, byte[] prefix, long n, long count, boolean unique) {
    if (n == 0 || count == 0) {
      return List.of();
    }
    if (unique && count >= n) {
      return walk(coll, prefix, null);
    }
    if (n <= UNIFORM || (unique && count * 2 > n) || count > UNIFORM) {
      return byPosition(coll, prefix, n, count, unique);
    }
    return bySeeking(
        coll, prefix, count, unique, edge(coll, prefix, false), edge(coll, prefix, true));
  }

  private static List<Element> walk(Coll coll, byte[] prefix, Set<Long> positions) {
    List<Element> out = new ArrayList<>();
    long i = 0;
    try (RedisTx.Scan s = coll.scanPrefix(prefix, false)) {
      while (s.hasNext()) {
        KeyValue kv = s.next();
        if (positions == null || positions.contains(i)) {
          byte[] suffix = Coll.suffix(kv);
          out.add(
              new Element(Arrays.copyOfRange(suffix, prefix.length, suffix.length), kv.value()));
        }
        i++;
      }
    }
    return out;
  }

  private static List<Element> byPosition(
      Coll coll, byte[] prefix, long n, long count, boolean unique) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    coll.c.work(count);
    long[] draws = new long[(int) count];
    if (unique) {
      // Floyd's sampling: count distinct positions, each set equally likely
      Set<Long> chosen = new HashSet<>();
      for (long j = n - count; j < n; j++) {
        long t = r.nextLong(j + 1);
        chosen.add(chosen.contains(t) ? j : t);
      }
      int k = 0;
      for (long p : chosen) {
        draws[k++] = p;
      }
    } else {
      for (int k = 0; k < count; k++) {
        draws[k] = r.nextLong(n);
      }
    }
    TreeSet<Long> positions = new TreeSet<>();
    for (long p : draws) {
      positions.add(p);
    }
    List<Element> found = walk(coll, prefix, positions);
    Map<Long, Element> at = new HashMap<>();
    int k = 0;
    for (long p : positions) {
      if (k < found.size()) {
        at.put(p, found.get(k++));
      }
    }
    List<Element> out = new ArrayList<>((int) count);
    for (long p : draws) {
      Element e = at.get(p);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private static List<Element> bySeeking(
      Coll coll, byte[] prefix, long count, boolean unique, byte[] first, byte[] last) {
    List<Element> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int attempts = 0;
    while (out.size() < count && attempts++ < count * 20) {
      byte[] point = between(first, last);
      Element e = atOrAfter(coll, prefix, point);
      if (e == null) {
        e = atOrAfter(coll, prefix, first);
      }
      if (e == null) {
        break;
      }
      if (!unique || seen.add(Arrays.toString(e.suffix()))) {
        out.add(e);
      }
    }
    return out;
  }

  private static byte[] edge(Coll coll, byte[] prefix, boolean last) {
    try (RedisTx.Scan s = coll.scanPrefix(prefix, last)) {
      byte[] suffix = Coll.suffix(s.next());
      return Arrays.copyOfRange(suffix, prefix.length, suffix.length);
    }
  }

  /** A random byte string that sorts between {@code lo} and {@code hi}. */
  static byte[] between(byte[] lo, byte[] hi) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int i = 0;
    while (i < lo.length && i < hi.length && lo[i] == hi[i]) {
      i++;
    }
    byte[] out = Arrays.copyOf(lo, Math.max(lo.length, hi.length) + 1);
    int a = i < lo.length ? lo[i] & 0xff : 0;
    int b = i < hi.length ? hi[i] & 0xff : 255;
    if (i < out.length) {
      out[i] = (byte) (a + r.nextInt(Math.max(1, b - a + 1)));
    }
    for (int j = i + 1; j < out.length; j++) {
      out[j] = (byte) r.nextInt(256);
    }
    return out;
  }

  private static Element atOrAfter(Coll coll, byte[] prefix, byte[] point) {
    byte[] from = new byte[prefix.length + point.length];
    System.arraycopy(prefix, 0, from, 0, prefix.length);
    System.arraycopy(point, 0, from, prefix.length, point.length);
    byte[] end = dev.orbit.node.redis.KeyLayout.successorPrefix(prefix);
    try (RedisTx.Scan s = coll.scan(from, end, false)) {
      if (!s.hasNext()) {
        return null;
      }
      KeyValue kv = s.next();
      byte[] suffix = Coll.suffix(kv);
      return new Element(Arrays.copyOfRange(suffix, prefix.length, suffix.length), kv.value());
    }
  }
}
