package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;
import static dev.orbit.node.protocol.resp.Args.parseLong;

import dev.orbit.node.redis.Meta;
import java.util.ArrayList;
import java.util.List;

/** Sorted sets: adds, scores, ranks, removals, pops and their blocking forms. */
final class ZSetCommands {
  private ZSetCommands() {}

  static void register(CommandTable t, Cursors cursors) {
    int w = Cmd.WRITE;
    int r = Cmd.READONLY;
    t.key1("zadd", -4, w, (c, a) -> zadd(c, a, false));
    t.key1("zincrby", 4, w, (c, a) -> zadd(c, a, true));
    t.key1("zcard", 2, r, (c, a) -> Reply.integer(card(c, a.get(1))));
    t.key1("zscore", 3, r, ZSetCommands::zscore);
    t.key1("zmscore", -3, r, ZSetCommands::zmscore);
    t.key1("zrank", 3, r, (c, a) -> zrank(c, a, false));
    t.key1("zrevrank", 3, r, (c, a) -> zrank(c, a, true));
    t.key1("zrem", -3, w, ZSetCommands::zrem);
    t.key1("zcount", 4, r, ZSetCommands::zcount);
    t.key1("zlexcount", 4, r, ZSetCommands::zlexcount);
    t.key1("zremrangebyrank", 4, w, (c, a) -> ZRanges.remove(c, a, ZRanges.By.RANK));
    t.key1("zremrangebyscore", 4, w, (c, a) -> ZRanges.remove(c, a, ZRanges.By.SCORE));
    t.key1("zremrangebylex", 4, w, (c, a) -> ZRanges.remove(c, a, ZRanges.By.LEX));
    t.key1("zrange", -4, r, (c, a) -> ZRanges.zrange(c, a, 1, null, ZRanges.By.RANK, false, true));
    t.add(
        "zrangestore",
        -5,
        w,
        1,
        2,
        1,
        (c, a) -> ZRanges.zrange(c, a, 2, a.get(1), ZRanges.By.RANK, false, true));
    t.key1(
        "zrevrange", -4, r, (c, a) -> ZRanges.zrange(c, a, 1, null, ZRanges.By.RANK, true, false));
    t.key1(
        "zrangebyscore",
        -4,
        r,
        (c, a) -> ZRanges.zrange(c, a, 1, null, ZRanges.By.SCORE, false, false));
    t.key1(
        "zrevrangebyscore",
        -4,
        r,
        (c, a) -> ZRanges.zrange(c, a, 1, null, ZRanges.By.SCORE, true, false));
    t.key1(
        "zrangebylex",
        -4,
        r,
        (c, a) -> ZRanges.zrange(c, a, 1, null, ZRanges.By.LEX, false, false));
    t.key1(
        "zrevrangebylex",
        -4,
        r,
        (c, a) -> ZRanges.zrange(c, a, 1, null, ZRanges.By.LEX, true, false));
    t.key1("zpopmin", -2, w, (c, a) -> zpop(c, a, false));
    t.key1("zpopmax", -2, w, (c, a) -> zpop(c, a, true));
    t.key1("zrandmember", -2, r, ZSetCommands::zrandmember);
    t.key1("zscan", -3, r, (c, a) -> Scans.scan(c, a, cursors, Meta.Type.ZSET));
    ZAlgebra.register(t);
    ZPops.register(t);
  }

  static long card(Ctx c, byte[] key) {
    Coll z = Coll.read(c, key, Meta.Type.ZSET);
    return z == null ? 0 : z.count();
  }

  private static final int NX = 1;
  private static final int XX = 2;
  private static final int GT = 4;
  private static final int LT = 8;
  private static final int CH = 16;
  private static final int INCR = 32;

  private static Reply zadd(Ctx c, List<byte[]> a, boolean zincrby) {
    int flags = zincrby ? INCR : 0;
    int at = 2;
    while (!zincrby && at < a.size()) {
      byte[] o = a.get(at);
      int f =
          is(o, "NX")
              ? NX
              : is(o, "XX")
                  ? XX
                  : is(o, "CH")
                      ? CH
                      : is(o, "INCR") ? INCR : is(o, "GT") ? GT : is(o, "LT") ? LT : 0;
      if (f == 0) {
        break;
      }
      flags |= f;
      at++;
    }
    int elements = a.size() - at;
    if (elements % 2 != 0 || elements == 0) {
      throw RedisError.syntax();
    }
    elements /= 2;
    boolean nx = (flags & NX) != 0;
    boolean xx = (flags & XX) != 0;
    boolean gt = (flags & GT) != 0;
    boolean lt = (flags & LT) != 0;
    boolean incr = (flags & INCR) != 0;
    if (nx && xx) {
      throw new RedisError("ERR XX and NX options at the same time are not compatible");
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
      throw new RedisError("ERR GT, LT, and/or NX options at the same time are not compatible");
    }
    if (incr && elements > 1) {
      throw new RedisError("ERR INCR option supports a single increment-element pair");
    }
    double[] scores = new double[elements];
    for (int j = 0; j < elements; j++) {
      scores[j] = Args.parseDouble(a.get(at + 2 * j));
    }
    Coll z = xx ? Coll.read(c, a.get(1), Meta.Type.ZSET) : Coll.write(c, a.get(1), Meta.Type.ZSET);
    long added = 0;
    long updated = 0;
    boolean processed = false;
    double last = 0;
    if (z != null) {
      for (int j = 0; j < elements; j++) {
        byte[] member = a.get(at + 2 * j + 1);
        double score = scores[j];
        Double old = ZSets.get(z, member);
        if (old != null) {
          if (nx) {
            continue;
          }
          double next = score;
          if (incr) {
            next = old + score;
            if (Double.isNaN(next)) {
              throw new RedisError("ERR resulting score is not a number (NaN)");
            }
          }
          if ((lt && next >= old) || (gt && next <= old)) {
            continue;
          }
          processed = true;
          last = next;
          if (next != old || Double.doubleToRawLongBits(next) != Double.doubleToRawLongBits(old)) {
            ZSets.put(z, member, next, old);
            updated += next != old ? 1 : 0;
          }
        } else if (!xx) {
          if (Double.isNaN(score)) {
            throw new RedisError("ERR resulting score is not a number (NaN)");
          }
          ZSets.put(z, member, score, null);
          added++;
          processed = true;
          last = score;
        }
      }
      z.save();
    }
    if (incr) {
      return processed ? new Reply.DoubleReply(last) : Reply.NIL;
    }
    return Reply.integer((flags & CH) != 0 ? added + updated : added);
  }

  private static Reply zscore(Ctx c, List<byte[]> a) {
    Coll z = Coll.read(c, a.get(1), Meta.Type.ZSET);
    Double s = z == null ? null : ZSets.get(z, a.get(2));
    return s == null ? Reply.NIL : new Reply.DoubleReply(s);
  }

  private static Reply zmscore(Ctx c, List<byte[]> a) {
    Coll z = Coll.read(c, a.get(1), Meta.Type.ZSET);
    List<Reply> out = new ArrayList<>();
    for (int i = 2; i < a.size(); i++) {
      Double s = z == null ? null : ZSets.get(z, a.get(i));
      out.add(s == null ? Reply.NIL : new Reply.DoubleReply(s));
    }
    return Reply.array(out);
  }

  private static Reply zrank(Ctx c, List<byte[]> a, boolean reverse) {
    Coll z = Coll.read(c, a.get(1), Meta.Type.ZSET);
    long r = z == null ? -1 : ZSets.rank(z, a.get(2), reverse);
    return r < 0 ? Reply.NIL : Reply.integer(r);
  }

  private static Reply zrem(Ctx c, List<byte[]> a) {
    Coll z = Coll.read(c, a.get(1), Meta.Type.ZSET);
    if (z == null) {
      return Reply.ZERO;
    }
    long n = 0;
    for (int i = 2; i < a.size(); i++) {
      n += ZSets.remove(z, a.get(i)) ? 1 : 0;
    }
    if (n > 0) {
      z.save();
    }
    return Reply.integer(n);
  }

  private static Reply zcount(Ctx c, List<byte[]> a) {
    ZSets.ScoreRange r = ZSets.ScoreRange.parse(a.get(2), a.get(3));
    Coll z = Coll.read(c, a.get(1), Meta.Type.ZSET);
    if (z == null || r.empty()) {
      return Reply.ZERO;
    }
    return Reply.integer(ZRanges.byScore(z, r, false, 0, -1).size());
  }

  private static Reply zlexcount(Ctx c, List<byte[]> a) {
    ZSets.LexRange r = ZSets.LexRange.parse(a.get(2), a.get(3));
    Coll z = Coll.read(c, a.get(1), Meta.Type.ZSET);
    if (z == null || r.empty()) {
      return Reply.ZERO;
    }
    return Reply.integer(ZRanges.byLex(z, r, false, 0, -1).size());
  }

  static Reply pair(Ctx c, ZSets.Entry e) {
    return Reply.array(List.of(Reply.bulk(e.member()), new Reply.DoubleReply(e.score())));
  }

  /** Entries as a flat array [member, score, …] (RESP2) or pairs (RESP3), or members only. */
  static Reply entries(Ctx c, List<ZSets.Entry> entries, boolean withScores) {
    List<Reply> out = new ArrayList<>();
    for (ZSets.Entry e : entries) {
      if (withScores && c.session.resp == 3) {
        out.add(pair(c, e));
      } else {
        out.add(Reply.bulk(e.member()));
        if (withScores) {
          out.add(new Reply.DoubleReply(e.score()));
        }
      }
    }
    return Reply.array(out);
  }

  /** Pops up to {@code count} lowest (or highest) entries. */
  static List<ZSets.Entry> pop(Coll z, long count, boolean max) {
    List<ZSets.Entry> out = ZSets.byRank(z, 0, count - 1, max);
    for (ZSets.Entry e : out) {
      ZSets.remove(z, e.member());
    }
    z.save();
    return out;
  }

  private static Reply zpop(Ctx c, List<byte[]> a, boolean max) {
    if (a.size() > 3) {
      throw RedisError.syntax();
    }
    long count = 1;
    if (a.size() == 3) {
      count = parseLong(a.get(2));
      if (count < 0) {
        throw new RedisError("ERR value is out of range, must be positive");
      }
    }
    Coll z = Coll.read(c, a.get(1), Meta.Type.ZSET);
    if (z == null || count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    List<ZSets.Entry> popped = pop(z, count, max);
    if (a.size() == 3 && c.session.resp == 3) {
      List<Reply> out = new ArrayList<>();
      popped.forEach(e -> out.add(pair(c, e)));
      return Reply.array(out);
    }
    return flat(popped);
  }

  /** [member, score, member, score …], what ZPOPMIN answers in RESP2 (and without COUNT). */
  static Reply flat(List<ZSets.Entry> entries) {
    List<Reply> out = new ArrayList<>();
    for (ZSets.Entry e : entries) {
      out.add(Reply.bulk(e.member()));
      out.add(new Reply.DoubleReply(e.score()));
    }
    return Reply.array(out);
  }

  private static Reply zrandmember(Ctx c, List<byte[]> a) {
    Coll z = Coll.read(c, a.get(1), Meta.Type.ZSET);
    if (a.size() == 2) {
      if (z == null) {
        return Reply.NIL;
      }
      return Reply.bulk(Random.pick(z, ZSets.MEMBERS, z.count(), 1, true).get(0).suffix());
    }
    long l = parseLong(a.get(2));
    if (l == Long.MIN_VALUE) {
      throw new RedisError("ERR value is out of range");
    }
    boolean withScores = false;
    if (a.size() > 4 || (a.size() == 4 && !is(a.get(3), "WITHSCORES"))) {
      throw RedisError.syntax();
    } else if (a.size() == 4) {
      withScores = true;
      if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
        throw new RedisError("ERR value is out of range");
      }
    }
    if (z == null || l == 0) {
      return Reply.EMPTY_ARRAY;
    }
    List<ZSets.Entry> out = new ArrayList<>();
    for (Random.Element e : Random.pick(z, ZSets.MEMBERS, z.count(), Math.abs(l), l > 0)) {
      out.add(new ZSets.Entry(e.suffix(), ZSets.score(e.value())));
    }
    return entries(c, out, withScores);
  }
}
