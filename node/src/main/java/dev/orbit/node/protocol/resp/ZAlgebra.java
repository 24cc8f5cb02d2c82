package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;

import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import dev.orbit.node.storage.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** ZUNION, ZINTER, ZDIFF (and their STORE forms) and ZINTERCARD, over sorted sets and sets. */
final class ZAlgebra {
  private ZAlgebra() {}

  enum Op {
    UNION,
    INTER,
    DIFF
  }

  static void register(CommandTable t) {
    int w = Cmd.WRITE;
    int r = Cmd.READONLY;
    t.add(
        "zunionstore",
        -4,
        w,
        0,
        0,
        0,
        withKeys(KeyFinders.destAndNumkeys(1, 2), Op.UNION, 2, true));
    t.add(
        "zinterstore",
        -4,
        w,
        0,
        0,
        0,
        withKeys(KeyFinders.destAndNumkeys(1, 2), Op.INTER, 2, true));
    t.add(
        "zdiffstore", -4, w, 0, 0, 0, withKeys(KeyFinders.destAndNumkeys(1, 2), Op.DIFF, 2, true));
    t.add("zunion", -3, r, 0, 0, 0, withKeys(KeyFinders.numkeys(1), Op.UNION, 1, false));
    t.add("zinter", -3, r, 0, 0, 0, withKeys(KeyFinders.numkeys(1), Op.INTER, 1, false));
    t.add("zdiff", -3, r, 0, 0, 0, withKeys(KeyFinders.numkeys(1), Op.DIFF, 1, false));
    t.add(
        "zintercard",
        -3,
        r,
        0,
        0,
        0,
        new Cmd.WithKeys(KeyFinders.numkeys(1), ZAlgebra::zintercard));
  }

  private static Cmd.Handler withKeys(Cmd.KeyFinder f, Op op, int numkeysAt, boolean store) {
    return new Cmd.WithKeys(f, (c, a) -> run(c, a, op, numkeysAt, store));
  }

  /** One input: the entries of a sorted set, or the members of a set with score 1. */
  private record Source(Coll coll, boolean isSet, double weight) {
    long size() {
      return coll == null ? 0 : coll.count();
    }

    Double score(byte[] member) {
      if (coll == null) {
        return null;
      }
      if (isSet) {
        return SetCommands.has(coll, member) ? 1.0 : null;
      }
      return ZSets.get(coll, member);
    }

    void forEach(java.util.function.BiConsumer<byte[], Double> each) {
      if (coll == null) {
        return;
      }
      try (RedisTx.Scan s =
          isSet ? coll.scan(null, null, false) : coll.scanPrefix(ZSets.MEMBERS, false)) {
        while (s.hasNext()) {
          KeyValue kv = s.next();
          if (isSet) {
            each.accept(SetCommands.memberOf(Coll.suffix(kv)), 1.0);
          } else {
            ZSets.Entry e = ZSets.memberEntry(kv);
            each.accept(e.member(), e.score());
          }
        }
      }
    }
  }

  private static Source open(Ctx c, byte[] key, double weight) {
    Meta m = c.live(key);
    if (m == null) {
      return new Source(null, false, weight);
    }
    if (m.type() == Meta.Type.ZSET) {
      return new Source(Coll.read(c, key, Meta.Type.ZSET), false, weight);
    }
    if (m.type() == Meta.Type.SET) {
      return new Source(Coll.read(c, key, Meta.Type.SET), true, weight);
    }
    throw RedisError.wrongType();
  }

  private static double weighted(double score, double weight) {
    double v = score * weight;
    return Double.isNaN(v) ? 0 : v;
  }

  private static double aggregate(String how, double a, double b) {
    return switch (how) {
      case "MIN" -> Math.min(a, b);
      case "MAX" -> Math.max(a, b);
      default -> {
        double v = a + b;
        yield Double.isNaN(v) ? 0 : v;
      }
    };
  }

  private static Reply run(Ctx c, List<byte[]> a, Op op, int numkeysAt, boolean store) {
    long numkeys = Args.parseLong(a.get(numkeysAt));
    if (numkeys < 1) {
      throw new RedisError(
          "ERR at least 1 input key is needed for '" + Args.lower(a.get(0)) + "' command");
    }
    if (numkeys > a.size() - numkeysAt - 1) {
      throw RedisError.syntax();
    }
    int first = numkeysAt + 1;
    int j = (int) (first + numkeys);
    double[] weights = new double[(int) numkeys];
    Arrays.fill(weights, 1.0);
    String aggregate = "SUM";
    boolean withScores = false;
    // sources are looked up (and their types checked) before the options, as in Redis
    List<byte[]> keys = a.subList(first, j);
    for (byte[] k : keys) {
      open(c, k, 1);
    }
    while (j < a.size()) {
      int remaining = a.size() - j;
      if (op != Op.DIFF && remaining >= numkeys + 1 && is(a.get(j), "WEIGHTS")) {
        j++;
        for (int i = 0; i < numkeys; i++, j++) {
          weights[i] = Args.parseDouble(a.get(j), "ERR weight value is not a float");
        }
      } else if (op != Op.DIFF && remaining >= 2 && is(a.get(j), "AGGREGATE")) {
        String how = Args.upper(a.get(j + 1));
        if (!how.equals("SUM") && !how.equals("MIN") && !how.equals("MAX")) {
          throw RedisError.syntax();
        }
        aggregate = how;
        j += 2;
      } else if (!store && is(a.get(j), "WITHSCORES")) {
        withScores = true;
        j++;
      } else {
        throw RedisError.syntax();
      }
    }
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < numkeys; i++) {
      sources.add(open(c, keys.get(i), weights[i]));
    }
    Map<byte[], Double> result = compute(sources, op, aggregate);
    List<ZSets.Entry> sorted = sorted(result);
    if (store) {
      return Reply.integer(store(c, a.get(1), sorted));
    }
    return ZSetCommands.entries(c, sorted, withScores);
  }

  private static Map<byte[], Double> compute(List<Source> sources, Op op, String aggregate) {
    TreeMap<byte[], Double> out = new TreeMap<>(Arrays::compareUnsigned);
    switch (op) {
      case UNION -> {
        for (Source s : sources) {
          s.forEach(
              (m, score) -> {
                double v = weighted(score, s.weight());
                out.merge(m, v, (x, y) -> aggregate(aggregate, x, y));
              });
        }
      }
      case INTER -> {
        List<Source> bySize = new ArrayList<>(sources);
        bySize.sort(Comparator.comparingLong(Source::size));
        if (bySize.get(0).size() == 0) {
          return out;
        }
        Source smallest = bySize.get(0);
        smallest.forEach(
            (m, score) -> {
              double v = weighted(score, smallest.weight());
              for (Source other : bySize.subList(1, bySize.size())) {
                Double o = other.score(m);
                if (o == null) {
                  return;
                }
                v = aggregate(aggregate, v, weighted(o, other.weight()));
              }
              out.put(m, v);
            });
      }
      case DIFF -> {
        Source head = sources.get(0);
        head.forEach(
            (m, score) -> {
              for (Source other : sources.subList(1, sources.size())) {
                if (other.score(m) != null) {
                  return;
                }
              }
              out.put(m, score);
            });
      }
    }
    return out;
  }

  private static List<ZSets.Entry> sorted(Map<byte[], Double> result) {
    List<ZSets.Entry> out = new ArrayList<>();
    result.forEach((m, s) -> out.add(new ZSets.Entry(m, s)));
    out.sort(
        (x, y) -> {
          int cmp =
              Double.compare(x.score() == 0 ? 0.0 : x.score(), y.score() == 0 ? 0.0 : y.score());
          return cmp != 0 ? cmp : Arrays.compareUnsigned(x.member(), y.member());
        });
    return out;
  }

  /**
   * Replaces whatever is at {@code dest} with a sorted set of {@code entries}; returns its size.
   */
  static long store(Ctx c, byte[] dest, List<ZSets.Entry> entries) {
    Meta old = c.stored(dest);
    if (old != null) {
      c.ks.delete(c.tx, c.db(), dest, old);
    }
    if (entries.isEmpty()) {
      return 0;
    }
    Coll z = Coll.write(c, dest, Meta.Type.ZSET);
    for (ZSets.Entry e : entries) {
      ZSets.put(z, e.member(), e.score(), null);
    }
    z.save();
    return entries.size();
  }

  private static Reply zintercard(Ctx c, List<byte[]> a) {
    long numkeys = Args.parseLong(a.get(1));
    if (numkeys < 1) {
      throw new RedisError("ERR at least 1 input key is needed for 'zintercard' command");
    }
    if (numkeys > a.size() - 2) {
      throw RedisError.syntax();
    }
    long limit = 0;
    List<Source> sources = new ArrayList<>();
    for (byte[] k : a.subList(2, (int) (2 + numkeys))) {
      sources.add(open(c, k, 1));
    }
    for (int j = (int) (2 + numkeys); j < a.size(); j++) {
      if (a.size() - j >= 2 && is(a.get(j), "LIMIT")) {
        limit = Args.parseLong(a.get(++j), "ERR LIMIT can't be negative");
        if (limit < 0) {
          throw new RedisError("ERR LIMIT can't be negative");
        }
      } else {
        throw RedisError.syntax();
      }
    }
    long n = compute(sources, Op.INTER, "SUM").size();
    return Reply.integer(limit > 0 ? Math.min(n, limit) : n);
  }
}
