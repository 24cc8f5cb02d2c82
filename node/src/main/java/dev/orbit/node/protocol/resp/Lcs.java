package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;

import dev.orbit.node.redis.Meta;
import java.util.ArrayList;
import java.util.List;

/** LCS: the longest common subsequence of two strings, as Redis 7.0 computes and reports it. */
final class Lcs {
  private Lcs() {}

  static Reply run(Ctx c, List<byte[]> args) {
    Meta ma = c.live(args.get(1));
    Meta mb = c.live(args.get(2));
    if ((ma != null && !ma.isString()) || (mb != null && !mb.isString())) {
      throw new RedisError("ERR The specified keys must contain string values");
    }
    byte[] a = ma == null ? new byte[0] : ma.value();
    byte[] b = mb == null ? new byte[0] : mb.value();
    boolean getLen = false;
    boolean getIdx = false;
    boolean withMatchLen = false;
    long minMatchLen = 0;
    for (int j = 3; j < args.size(); j++) {
      byte[] o = args.get(j);
      boolean more = j < args.size() - 1;
      if (is(o, "IDX")) {
        getIdx = true;
      } else if (is(o, "LEN")) {
        getLen = true;
      } else if (is(o, "WITHMATCHLEN")) {
        withMatchLen = true;
      } else if (is(o, "MINMATCHLEN") && more) {
        minMatchLen = Math.max(0, Args.parseLong(args.get(++j)));
      } else {
        throw RedisError.syntax();
      }
    }
    if (getLen && getIdx) {
      throw new RedisError("ERR If you want both the length and indexes, please just use IDX.");
    }
    long cells = (long) (a.length + 1) * (b.length + 1);
    long max = Math.min(c.engine.state.config.getLong("proto-max-bulk-len"), 1L << 30);
    if (cells * 4 > max) {
      throw new RedisError(
          "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    }
    c.work(cells / 16);
    int w = b.length + 1;
    int[] lcs = new int[(int) cells];
    for (int i = 1; i <= a.length; i++) {
      for (int j = 1; j <= b.length; j++) {
        lcs[i * w + j] =
            a[i - 1] == b[j - 1]
                ? lcs[(i - 1) * w + j - 1] + 1
                : Math.max(lcs[(i - 1) * w + j], lcs[i * w + j - 1]);
      }
    }
    int total = lcs[a.length * w + b.length];
    if (getLen) {
      return Reply.integer(total);
    }
    byte[] result = new byte[total];
    List<Reply> matches = new ArrayList<>();
    int idx = total;
    int aStart = a.length;
    int aEnd = 0;
    int bStart = 0;
    int bEnd = 0;
    int i = a.length;
    int j = b.length;
    while (i > 0 && j > 0) {
      boolean emit = false;
      if (a[i - 1] == b[j - 1]) {
        result[idx - 1] = a[i - 1];
        if (aStart == a.length) {
          aStart = i - 1;
          aEnd = i - 1;
          bStart = j - 1;
          bEnd = j - 1;
        } else if (aStart == i && bStart == j) {
          aStart--;
          bStart--;
        } else {
          emit = true;
        }
        if (aStart == 0 || bStart == 0) {
          emit = true;
        }
        idx--;
        i--;
        j--;
      } else {
        if (lcs[(i - 1) * w + j] > lcs[i * w + j - 1]) {
          i--;
        } else {
          j--;
        }
        if (aStart != a.length) {
          emit = true;
        }
      }
      int matchLen = aEnd - aStart + 1;
      if (emit) {
        if (getIdx && (minMatchLen == 0 || matchLen >= minMatchLen)) {
          List<Reply> m = new ArrayList<>();
          m.add(Reply.array(List.of(Reply.integer(aStart), Reply.integer(aEnd))));
          m.add(Reply.array(List.of(Reply.integer(bStart), Reply.integer(bEnd))));
          if (withMatchLen) {
            m.add(Reply.integer(matchLen));
          }
          matches.add(Reply.array(m));
        }
        aStart = a.length;
      }
    }
    if (getIdx) {
      return new Reply.MapReply(
          List.of(
              Reply.bulk("matches"),
              Reply.array(matches),
              Reply.bulk("len"),
              Reply.integer(total)));
    }
    return Reply.bulk(result);
  }
}
