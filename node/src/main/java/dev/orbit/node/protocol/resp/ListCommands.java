package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;
import static dev.orbit.node.protocol.resp.Args.parseLong;

import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Lists: pushes, pops, ranges, edits, moves and their blocking forms. */
final class ListCommands {
  private ListCommands() {}

  static void register(CommandTable t, Engine e) {
    int w = Cmd.WRITE;
    int r = Cmd.READONLY;
    t.key1("lpush", -3, w, (c, a) -> push(c, a, true, false));
    t.key1("rpush", -3, w, (c, a) -> push(c, a, false, false));
    t.key1("lpushx", -3, w, (c, a) -> push(c, a, true, true));
    t.key1("rpushx", -3, w, (c, a) -> push(c, a, false, true));
    t.key1("lpop", -2, w, (c, a) -> pop(c, a, true));
    t.key1("rpop", -2, w, (c, a) -> pop(c, a, false));
    t.key1(
        "llen", 2, r, (c, a) -> Reply.integer(Lists.len(Coll.read(c, a.get(1), Meta.Type.LIST))));
    t.key1("lindex", 3, r, ListCommands::lindex);
    t.key1("lrange", 4, r, ListCommands::lrange);
    t.key1("lset", 4, w, ListCommands::lset);
    t.key1("linsert", 5, w, ListCommands::linsert);
    t.key1("lrem", 4, w, ListCommands::lrem);
    t.key1("ltrim", 4, w, ListCommands::ltrim);
    t.key1("lpos", -3, r, ListCommands::lpos);
    t.add("rpoplpush", 3, w, 1, 2, 1, (c, a) -> orNil(move(c, a.get(1), a.get(2), false, true)));
    t.add(
        "lmove",
        5,
        w,
        1,
        2,
        1,
        (c, a) -> {
          boolean[] dirs = directions(a.get(3), a.get(4));
          return orNil(move(c, a.get(1), a.get(2), dirs[0], dirs[1]));
        });
    t.add(
        "lmpop",
        -4,
        w,
        0,
        0,
        0,
        new Cmd.WithKeys(KeyFinders.numkeys(1), (c, a) -> lmpop(c, a, 1, false)));
    int b = Cmd.WRITE | Cmd.BLOCKING;
    t.add("blpop", -3, b, 1, -2, 1, (c, a) -> bpop(c, a, true));
    t.add("brpop", -3, b, 1, -2, 1, (c, a) -> bpop(c, a, false));
    t.add(
        "brpoplpush", 4, b, 1, 2, 1, (c, a) -> bmove(c, a.get(1), a.get(2), false, true, a.get(3)));
    t.add(
        "blmove",
        6,
        b,
        1,
        2,
        1,
        (c, a) -> {
          boolean[] dirs = directions(a.get(3), a.get(4));
          return bmove(c, a.get(1), a.get(2), dirs[0], dirs[1], a.get(5));
        });
    t.add(
        "blmpop",
        -5,
        b,
        0,
        0,
        0,
        new Cmd.WithKeys(KeyFinders.numkeys(2), (c, a) -> lmpop(c, a, 2, true)));
  }

  private static Reply orNil(byte[] v) {
    return Reply.bulk(v);
  }

  private static boolean left(byte[] where) {
    if (is(where, "LEFT")) {
      return true;
    }
    if (is(where, "RIGHT")) {
      return false;
    }
    throw RedisError.syntax();
  }

  private static boolean[] directions(byte[] from, byte[] to) {
    return new boolean[] {left(from), left(to)};
  }

  private static Reply push(Ctx c, List<byte[]> a, boolean left, boolean onlyIfExists) {
    Coll l =
        onlyIfExists
            ? Coll.read(c, a.get(1), Meta.Type.LIST)
            : Coll.write(c, a.get(1), Meta.Type.LIST);
    if (l == null) {
      return Reply.ZERO;
    }
    for (int i = 2; i < a.size(); i++) {
      Lists.push(l, a.get(i), left);
    }
    l.save();
    return Reply.integer(Lists.len(l));
  }

  private static Reply pop(Ctx c, List<byte[]> a, boolean left) {
    if (a.size() > 3) {
      throw Args.wrongArgs(a);
    }
    long count = 0;
    if (a.size() == 3) {
      count = parseLong(a.get(2));
      if (count < 0) {
        throw new RedisError("ERR value is out of range, must be positive");
      }
    }
    Coll l = Coll.read(c, a.get(1), Meta.Type.LIST);
    if (l == null) {
      return a.size() == 3 ? Reply.NIL_ARRAY : Reply.NIL;
    }
    if (a.size() == 2) {
      byte[] v = Lists.pop(l, left);
      l.save();
      return Reply.bulk(v);
    }
    if (count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    List<Reply> out = new ArrayList<>();
    for (long i = 0; i < count && Lists.len(l) > 0; i++) {
      out.add(Reply.bulk(Lists.pop(l, left)));
    }
    l.save();
    return Reply.array(out);
  }

  private static Reply lindex(Ctx c, List<byte[]> a) {
    long i = parseLong(a.get(2));
    Coll l = Coll.read(c, a.get(1), Meta.Type.LIST);
    long n = Lists.len(l);
    if (i < 0) {
      i = n + i;
    }
    if (l == null || i < 0 || i >= n) {
      return Reply.NIL;
    }
    return Reply.bulk(Lists.index(l, i));
  }

  private static Reply lrange(Ctx c, List<byte[]> a) {
    long start = parseLong(a.get(2));
    long end = parseLong(a.get(3));
    Coll l = Coll.read(c, a.get(1), Meta.Type.LIST);
    if (l == null) {
      return Reply.EMPTY_ARRAY;
    }
    long[] r = Lists.bounds(start, end, Lists.len(l));
    if (r == null) {
      return Reply.EMPTY_ARRAY;
    }
    return Reply.array(SetCommands.replies(Lists.range(l, r[0], r[1], false)));
  }

  private static Reply lset(Ctx c, List<byte[]> a) {
    long i = parseLong(a.get(2));
    Coll l = Coll.read(c, a.get(1), Meta.Type.LIST);
    if (l == null) {
      throw new RedisError(RedisError.NO_SUCH_KEY);
    }
    long n = Lists.len(l);
    if (i < 0) {
      i = n + i;
    }
    if (i < 0 || i >= n) {
      throw new RedisError(RedisError.OUT_OF_RANGE);
    }
    l.put(Lists.seq(l.meta().head() + i), a.get(3));
    l.save();
    return Reply.OK;
  }

  private static Reply linsert(Ctx c, List<byte[]> a) {
    boolean before;
    if (is(a.get(2), "BEFORE")) {
      before = true;
    } else if (is(a.get(2), "AFTER")) {
      before = false;
    } else {
      throw RedisError.syntax();
    }
    Coll l = Coll.read(c, a.get(1), Meta.Type.LIST);
    if (l == null) {
      return Reply.ZERO;
    }
    byte[] pivot = a.get(3);
    long n = Lists.len(l);
    long at = -1;
    long h = l.meta().head();
    try (RedisTx.Scan s = l.scan(null, null, false)) {
      for (long i = 0; s.hasNext(); i++) {
        if (Arrays.equals(s.next().value(), pivot)) {
          at = i;
          break;
        }
      }
    }
    if (at < 0) {
      return Reply.integer(-1);
    }
    long pos = before ? at : at + 1; // the new element's index
    if (pos < n - pos) {
      // shift the elements before it one place towards the head
      List<byte[]> front = Lists.range(l, 0, pos - 1, false);
      for (int i = 0; i < front.size(); i++) {
        l.put(Lists.seq(h - 1 + i), front.get(i));
      }
      l.put(Lists.seq(h - 1 + pos), a.get(4));
      l.meta(l.meta().withList(h - 1, l.meta().tail()));
      c.work(front.size());
    } else {
      List<byte[]> back = Lists.range(l, pos, n - 1, false);
      List<byte[]> rest = new ArrayList<>();
      rest.add(a.get(4));
      rest.addAll(back);
      Lists.rewriteFrom(l, pos, rest);
    }
    l.save();
    return Reply.integer(Lists.len(l));
  }

  private static Reply lrem(Ctx c, List<byte[]> a) {
    long count = parseLong(a.get(2));
    byte[] value = a.get(3);
    Coll l = Coll.read(c, a.get(1), Meta.Type.LIST);
    if (l == null) {
      return Reply.ZERO;
    }
    List<byte[]> all = Lists.range(l, 0, Lists.len(l) - 1, false);
    List<Integer> matches = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (Arrays.equals(all.get(i), value)) {
        matches.add(i);
      }
    }
    if (count > 0 && matches.size() > count) {
      matches = matches.subList(0, (int) count);
    } else if (count < 0 && matches.size() > -count) {
      matches = matches.subList(matches.size() + (int) count, matches.size());
    }
    if (matches.isEmpty()) {
      return Reply.ZERO;
    }
    int first = matches.get(0);
    java.util.Set<Integer> drop = new java.util.HashSet<>(matches);
    List<byte[]> rest = new ArrayList<>();
    for (int i = first; i < all.size(); i++) {
      if (!drop.contains(i)) {
        rest.add(all.get(i));
      }
    }
    Lists.rewriteFrom(l, first, rest);
    l.save();
    return Reply.integer(matches.size());
  }

  private static Reply ltrim(Ctx c, List<byte[]> a) {
    long start = parseLong(a.get(2));
    long end = parseLong(a.get(3));
    Coll l = Coll.read(c, a.get(1), Meta.Type.LIST);
    if (l == null) {
      return Reply.OK;
    }
    long n = Lists.len(l);
    long[] r = Lists.bounds(start, end, n);
    long h = l.meta().head();
    long keepFrom = r == null ? n : r[0];
    long keepTo = r == null ? n - 1 : r[1];
    for (long i = 0; i < Math.min(keepFrom, n); i++) {
      l.delete(Lists.seq(h + i));
    }
    for (long i = Math.max(keepTo + 1, keepFrom); i < n; i++) {
      l.delete(Lists.seq(h + i));
    }
    c.work(n - (keepTo - keepFrom + 1));
    if (r == null) {
      l.meta(l.meta().withList(h, h));
    } else {
      l.meta(l.meta().withList(h + keepFrom, h + keepTo + 1));
    }
    l.save();
    return Reply.OK;
  }

  private static Reply lpos(Ctx c, List<byte[]> a) {
    byte[] ele = a.get(2);
    long rank = 1;
    long count = -1;
    long maxlen = 0;
    for (int j = 3; j < a.size(); j++) {
      boolean more = j < a.size() - 1;
      if (is(a.get(j), "RANK") && more) {
        rank = parseLong(a.get(++j));
        if (rank == 0) {
          throw new RedisError(
              "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ..."
                  + " or use negative to start from the end of the list");
        }
      } else if (is(a.get(j), "COUNT") && more) {
        count = Args.parseLong(a.get(++j));
        if (count < 0) {
          throw new RedisError("ERR COUNT can't be negative");
        }
      } else if (is(a.get(j), "MAXLEN") && more) {
        maxlen = Args.parseLong(a.get(++j));
        if (maxlen < 0) {
          throw new RedisError("ERR MAXLEN can't be negative");
        }
      } else {
        throw RedisError.syntax();
      }
    }
    if (rank == Long.MIN_VALUE) {
      throw new RedisError("ERR value is out of range");
    }
    boolean fromTail = rank < 0;
    rank = Math.abs(rank);
    Coll l = Coll.read(c, a.get(1), Meta.Type.LIST);
    if (l == null) {
      return count != -1 ? Reply.EMPTY_ARRAY : Reply.NIL;
    }
    long n = Lists.len(l);
    List<Reply> found = new ArrayList<>();
    long matches = 0;
    long index = 0;
    try (RedisTx.Scan s = l.scan(null, null, fromTail)) {
      while (s.hasNext() && (maxlen == 0 || index < maxlen)) {
        if (Arrays.equals(s.next().value(), ele)) {
          matches++;
          if (matches >= rank) {
            found.add(Reply.integer(fromTail ? n - index - 1 : index));
            if (count == -1 || (count != 0 && matches - rank + 1 >= count)) {
              break;
            }
          }
        }
        index++;
      }
    }
    if (count != -1) {
      return Reply.array(found);
    }
    return found.isEmpty() ? Reply.NIL : found.get(0);
  }

  /** Pops from {@code src} and pushes onto {@code dst}; the element moved, or null. */
  static byte[] move(Ctx c, byte[] src, byte[] dst, boolean fromLeft, boolean toLeft) {
    Coll s = Coll.read(c, src, Meta.Type.LIST);
    if (s == null) {
      return null;
    }
    if (Arrays.equals(src, dst)) {
      byte[] v = Lists.pop(s, fromLeft);
      Lists.push(s, v, toLeft);
      s.save();
      return v;
    }
    Coll.read(c, dst, Meta.Type.LIST); // WRONGTYPE before anything moves
    byte[] v = Lists.pop(s, fromLeft);
    s.save();
    Coll d = Coll.write(c, dst, Meta.Type.LIST);
    Lists.push(d, v, toLeft);
    d.save();
    return v;
  }

  /** The first non-empty list among {@code keys}: [key, element] popped from it, or null. */
  private static Reply popFirst(Ctx c, List<byte[]> keys, boolean left, long count, boolean many) {
    for (byte[] k : keys) {
      // a blocked client waits while a key holds another type, as in Redis
      Coll l =
          c.session.blocked ? Coll.readIf(c, k, Meta.Type.LIST) : Coll.read(c, k, Meta.Type.LIST);
      if (l == null) {
        continue;
      }
      if (!many) {
        byte[] v = Lists.pop(l, left);
        l.save();
        return Reply.array(List.of(Reply.bulk(k), Reply.bulk(v)));
      }
      List<Reply> out = new ArrayList<>();
      for (long i = 0; i < count && Lists.len(l) > 0; i++) {
        out.add(Reply.bulk(Lists.pop(l, left)));
      }
      l.save();
      return Reply.array(List.of(Reply.bulk(k), Reply.array(out)));
    }
    return null;
  }

  private static Reply bpop(Ctx c, List<byte[]> a, boolean left) {
    long timeout = Blocking.timeoutMillis(a.get(a.size() - 1));
    List<byte[]> keys = new ArrayList<>(a.subList(1, a.size() - 1));
    for (byte[] k : keys) {
      Coll.read(c, k, Meta.Type.LIST); // WRONGTYPE at once, as Redis checks before blocking
    }
    return c.engine.blocking.block(
        c, keys, keys, timeout, ctx -> popFirst(ctx, keys, left, 1, false), Reply.NIL_ARRAY);
  }

  private static Reply bmove(
      Ctx c, byte[] src, byte[] dst, boolean fromLeft, boolean toLeft, byte[] timeoutArg) {
    long timeout = Blocking.timeoutMillis(timeoutArg);
    Coll.read(c, src, Meta.Type.LIST);
    List<byte[]> keys = List.of(src);
    return c.engine.blocking.block(
        c,
        keys,
        List.of(src, dst),
        timeout,
        ctx -> {
          Coll s = Coll.readIf(ctx, src, Meta.Type.LIST);
          return s == null ? null : Reply.bulk(move(ctx, src, dst, fromLeft, toLeft));
        },
        Reply.NIL);
  }

  /** LMPOP numkeys key … LEFT|RIGHT [COUNT n], and BLMPOP timeout numkeys …. */
  private static Reply lmpop(Ctx c, List<byte[]> a, int numkeysAt, boolean block) {
    long numkeys = Args.parseLong(a.get(numkeysAt), "ERR numkeys should be greater than 0");
    if (numkeys < 1) {
      throw new RedisError("ERR numkeys should be greater than 0");
    }
    long whereAt = numkeysAt + numkeys + 1;
    if (whereAt >= a.size()) {
      throw RedisError.syntax();
    }
    boolean left = left(a.get((int) whereAt));
    long count = -1;
    for (int j = (int) whereAt + 1; j < a.size(); j++) {
      if (count == -1 && is(a.get(j), "COUNT") && j < a.size() - 1) {
        count = Args.parseLong(a.get(++j), "ERR count should be greater than 0");
        if (count < 1) {
          throw new RedisError("ERR count should be greater than 0");
        }
      } else {
        throw RedisError.syntax();
      }
    }
    long n = count == -1 ? 1 : count;
    List<byte[]> keys = new ArrayList<>(a.subList(numkeysAt + 1, (int) whereAt));
    if (!block) {
      Reply r = popFirst(c, keys, left, n, true);
      return r == null ? Reply.NIL_ARRAY : r;
    }
    long timeout = Blocking.timeoutMillis(a.get(1));
    for (byte[] k : keys) {
      Coll.read(c, k, Meta.Type.LIST);
    }
    return c.engine.blocking.block(
        c, keys, keys, timeout, ctx -> popFirst(ctx, keys, left, n, true), Reply.NIL_ARRAY);
  }
}
