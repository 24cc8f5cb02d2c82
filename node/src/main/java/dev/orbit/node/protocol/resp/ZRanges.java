package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;
import static dev.orbit.node.protocol.resp.Args.parseLong;

import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import java.util.ArrayList;
import java.util.List;

/** Ranges of sorted sets by rank, score or member: ZRANGE in all its forms, ZREMRANGEBY*. */
final class ZRanges {
  private ZRanges() {}

  enum By {
    RANK,
    SCORE,
    LEX
  }

  /** Entries with scores in {@code r}, skipping {@code offset}, at most {@code limit} (-1: all). */
  static List<ZSets.Entry> byScore(
      Coll z, ZSets.ScoreRange r, boolean reverse, long offset, long limit) {
    List<ZSets.Entry> out = new ArrayList<>();
    if (r.empty() || offset < 0) {
      return out;
    }
    try (RedisTx.Scan s = ZSets.fromScore(z, reverse ? r.max() : r.min(), reverse)) {
      while (s.hasNext() && limit != 0) {
        ZSets.Entry e = ZSets.entry(s.next());
        if (reverse ? !r.belowMax(e.score()) : !r.aboveMin(e.score())) {
          continue; // the excluded bound itself
        }
        if (reverse ? !r.aboveMin(e.score()) : !r.belowMax(e.score())) {
          break;
        }
        if (offset > 0) {
          offset--;
          continue;
        }
        out.add(e);
        limit--;
      }
    }
    return out;
  }

  /** Entries with members in {@code r}, as byScore. */
  static List<ZSets.Entry> byLex(
      Coll z, ZSets.LexRange r, boolean reverse, long offset, long limit) {
    List<ZSets.Entry> out = new ArrayList<>();
    if (r.empty() || offset < 0) {
      return out;
    }
    try (RedisTx.Scan s = ZSets.byLex(z, r, reverse)) {
      while (s.hasNext() && limit != 0) {
        ZSets.Entry e = ZSets.memberEntry(s.next());
        if (reverse ? !r.belowMax(e.member()) : !r.aboveMin(e.member())) {
          continue;
        }
        if (reverse ? !r.aboveMin(e.member()) : !r.belowMax(e.member())) {
          break;
        }
        if (offset > 0) {
          offset--;
          continue;
        }
        out.add(e);
        limit--;
      }
    }
    return out;
  }

  /**
   * Every ZRANGE form. {@code at}: the source key's argument; {@code dest}: ZRANGESTORE's
   * destination; {@code by}/{@code reverse}: fixed by the legacy commands unless {@code auto}.
   */
  static Reply zrange(
      Ctx c, List<byte[]> a, int at, byte[] dest, By by, boolean reverse, boolean auto) {
    boolean withScores = false;
    long offset = 0;
    long limit = -1;
    boolean limitGiven = false;
    boolean byGiven = false;
    boolean revGiven = false;
    for (int j = at + 3; j < a.size(); j++) {
      int left = a.size() - j - 1;
      byte[] o = a.get(j);
      if (dest == null && is(o, "WITHSCORES")) {
        withScores = true;
      } else if (is(o, "LIMIT") && left >= 2) {
        offset = parseLong(a.get(j + 1));
        limit = parseLong(a.get(j + 2));
        limitGiven = true;
        j += 2;
      } else if (auto && !revGiven && is(o, "REV")) {
        reverse = true;
        revGiven = true;
      } else if (auto && !byGiven && is(o, "BYLEX")) {
        by = By.LEX;
        byGiven = true;
      } else if (auto && !byGiven && is(o, "BYSCORE")) {
        by = By.SCORE;
        byGiven = true;
      } else {
        throw RedisError.syntax();
      }
    }
    if (limitGiven && by == By.RANK) {
      throw new RedisError(
          "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    }
    if (withScores && by == By.LEX) {
      throw new RedisError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    }
    byte[] lo = a.get(at + 1);
    byte[] hi = a.get(at + 2);
    if (reverse && by != By.RANK) {
      byte[] t = lo;
      lo = hi;
      hi = t;
    }
    List<ZSets.Entry> result;
    long start = 0;
    long end = 0;
    ZSets.ScoreRange sr = null;
    ZSets.LexRange lr = null;
    switch (by) {
      case RANK -> {
        start = parseLong(lo);
        end = parseLong(hi);
      }
      case SCORE -> sr = ZSets.ScoreRange.parse(lo, hi);
      case LEX -> lr = ZSets.LexRange.parse(lo, hi);
    }
    Coll z = Coll.read(c, a.get(at), Meta.Type.ZSET);
    if (z == null) {
      result = List.of();
    } else {
      result =
          switch (by) {
            case RANK -> {
              long[] r = Lists.bounds(start, end, z.count());
              yield r == null ? List.of() : ZSets.byRank(z, r[0], r[1], reverse);
            }
            case SCORE -> byScore(z, sr, reverse, offset, limit);
            case LEX -> byLex(z, lr, reverse, offset, limit);
          };
    }
    if (dest != null) {
      return Reply.integer(ZAlgebra.store(c, dest, result));
    }
    return ZSetCommands.entries(c, result, withScores);
  }

  /** ZREMRANGEBYRANK / BYSCORE / BYLEX key min max */
  static Reply remove(Ctx c, List<byte[]> a, By by) {
    long start = 0;
    long end = 0;
    ZSets.ScoreRange sr = null;
    ZSets.LexRange lr = null;
    switch (by) {
      case RANK -> {
        start = parseLong(a.get(2));
        end = parseLong(a.get(3));
      }
      case SCORE -> sr = ZSets.ScoreRange.parse(a.get(2), a.get(3));
      case LEX -> lr = ZSets.LexRange.parse(a.get(2), a.get(3));
    }
    Coll z = Coll.read(c, a.get(1), Meta.Type.ZSET);
    if (z == null) {
      return Reply.ZERO;
    }
    List<ZSets.Entry> gone =
        switch (by) {
          case RANK -> {
            long[] r = Lists.bounds(start, end, z.count());
            yield r == null ? List.of() : ZSets.byRank(z, r[0], r[1], false);
          }
          case SCORE -> byScore(z, sr, false, 0, -1);
          case LEX -> byLex(z, lr, false, 0, -1);
        };
    for (ZSets.Entry e : gone) {
      ZSets.remove(z, e.member());
    }
    if (!gone.isEmpty()) {
      z.save();
    }
    return Reply.integer(gone.size());
  }
}
