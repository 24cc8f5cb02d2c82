package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;

import dev.orbit.node.redis.KeyLayout;
import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Sets: one record per member (the member is the record's suffix). */
final class SetCommands {
  private static final byte[] EMPTY = new byte[0];

  private SetCommands() {}

  static void register(CommandTable t, Cursors cursors) {
    int w = Cmd.WRITE;
    int r = Cmd.READONLY;
    t.key1("sadd", -3, w, SetCommands::sadd);
    t.key1("srem", -3, w, SetCommands::srem);
    t.key1("scard", 2, r, (c, a) -> Reply.integer(card(c, a.get(1))));
    t.key1("sismember", 3, r, (c, a) -> Reply.integer(isMember(c, a.get(1), a.get(2)) ? 1 : 0));
    t.key1("smismember", -3, r, SetCommands::smismember);
    t.key1("smembers", 2, r, (c, a) -> new Reply.SetReply(replies(members(c, a.get(1)))));
    t.key1("spop", -2, w, SetCommands::spop);
    t.key1("srandmember", -2, r, SetCommands::srandmember);
    t.add("smove", 4, w, 1, 2, 1, SetCommands::smove);
    t.add("sinter", -2, r, 1, -1, 1, (c, a) -> algebra(c, a, 1, null, Op.INTER));
    t.add("sunion", -2, r, 1, -1, 1, (c, a) -> algebra(c, a, 1, null, Op.UNION));
    t.add("sdiff", -2, r, 1, -1, 1, (c, a) -> algebra(c, a, 1, null, Op.DIFF));
    t.add("sinterstore", -3, w, 1, -1, 1, (c, a) -> algebra(c, a, 2, a.get(1), Op.INTER));
    t.add("sunionstore", -3, w, 1, -1, 1, (c, a) -> algebra(c, a, 2, a.get(1), Op.UNION));
    t.add("sdiffstore", -3, w, 1, -1, 1, (c, a) -> algebra(c, a, 2, a.get(1), Op.DIFF));
    t.add(
        "sintercard",
        -3,
        r,
        0,
        0,
        0,
        new Cmd.WithKeys(KeyFinders.numkeys(1), SetCommands::sintercard));
    t.key1("sscan", -3, r, (c, a) -> Scans.scan(c, a, cursors, Meta.Type.SET));
  }

  /**
   * A member's record suffix: a 4-byte hash of it, then the member. Members are so spread evenly
   * over the suffix space, which lets SPOP and SRANDMEMBER find one by seeking to a random point.
   */
  static byte[] suffixOf(byte[] member) {
    int h = 0x811c9dc5;
    for (byte b : member) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    byte[] k = new byte[4 + member.length];
    dev.orbit.node.redis.KeyLayout.putInt(k, 0, h);
    System.arraycopy(member, 0, k, 4, member.length);
    return k;
  }

  static byte[] memberOf(byte[] suffix) {
    return Arrays.copyOfRange(suffix, 4, suffix.length);
  }

  static boolean has(Coll s, byte[] member) {
    return s.get(suffixOf(member)) != null;
  }

  static long card(Ctx c, byte[] key) {
    Coll s = Coll.read(c, key, Meta.Type.SET);
    return s == null ? 0 : s.count();
  }

  private static boolean isMember(Ctx c, byte[] key, byte[] member) {
    Coll s = Coll.read(c, key, Meta.Type.SET);
    return s != null && has(s, member);
  }

  /** Adds a member; true when it is new. */
  static boolean add(Coll s, byte[] member) {
    byte[] suffix = suffixOf(member);
    if (s.get(suffix) != null) {
      return false;
    }
    s.put(suffix, EMPTY);
    s.count(s.count() + 1);
    Meta m = s.meta();
    int flags = Encodings.grown(s.c, m, s.count(), member.length);
    if (member.length > 20 || Args.tryLong(member) == null) {
      flags |= Meta.NOT_INTS;
    }
    s.meta(m.withFlags(flags));
    return true;
  }

  private static Reply sadd(Ctx c, List<byte[]> a) {
    Coll s = Coll.write(c, a.get(1), Meta.Type.SET);
    long n = 0;
    for (int i = 2; i < a.size(); i++) {
      n += add(s, a.get(i)) ? 1 : 0;
    }
    s.save();
    return Reply.integer(n);
  }

  private static Reply srem(Ctx c, List<byte[]> a) {
    Coll s = Coll.read(c, a.get(1), Meta.Type.SET);
    if (s == null) {
      return Reply.ZERO;
    }
    long n = 0;
    for (int i = 2; i < a.size(); i++) {
      if (has(s, a.get(i))) {
        s.delete(suffixOf(a.get(i)));
        n++;
      }
    }
    if (n > 0) {
      s.count(s.count() - n);
      s.save();
    }
    return Reply.integer(n);
  }

  private static Reply smismember(Ctx c, List<byte[]> a) {
    Coll s = Coll.read(c, a.get(1), Meta.Type.SET);
    List<Reply> out = new ArrayList<>();
    for (int i = 2; i < a.size(); i++) {
      out.add(Reply.integer(s != null && has(s, a.get(i)) ? 1 : 0));
    }
    return Reply.array(out);
  }

  /** Every member of the set at {@code key}, in order (empty when absent). */
  static List<byte[]> members(Ctx c, byte[] key) {
    Coll s = Coll.read(c, key, Meta.Type.SET);
    List<byte[]> out = new ArrayList<>();
    if (s != null) {
      try (RedisTx.Scan it = s.scan(null, null, false)) {
        while (it.hasNext()) {
          out.add(memberOf(Coll.suffix(it.next())));
        }
      }
    }
    return out;
  }

  static List<Reply> replies(Iterable<byte[]> members) {
    List<Reply> out = new ArrayList<>();
    for (byte[] m : members) {
      out.add(Reply.bulk(m));
    }
    return out;
  }

  private static long count(List<byte[]> a, int at) {
    long n = Args.parseLong(a.get(at));
    if (n < 0) {
      throw new RedisError("ERR value is out of range, must be positive");
    }
    return n;
  }

  private static Reply spop(Ctx c, List<byte[]> a) {
    if (a.size() > 3) {
      throw RedisError.syntax();
    }
    long count = a.size() == 3 ? count(a, 2) : 1;
    Coll s = Coll.read(c, a.get(1), Meta.Type.SET);
    if (s == null || count == 0) {
      return a.size() == 3 ? new Reply.SetReply(List.of()) : Reply.NIL;
    }
    List<Random.Element> picked = Random.pickHashed(s, count, true);
    List<byte[]> popped = new ArrayList<>();
    for (Random.Element e : picked) {
      s.delete(e.suffix());
      popped.add(memberOf(e.suffix()));
    }
    long left = s.count() - popped.size();
    long deleted = s.meta().deleted() + popped.size();
    s.count(left);
    if (left > 0 && left <= MOVE_MAX && deleted > 2 * left + 64) {
      moveToNewGeneration(c, s);
    } else {
      s.meta(s.meta().withDeleted(left == 0 ? 0 : deleted));
      s.save();
    }
    if (a.size() == 2) {
      return Reply.bulk(popped.get(0));
    }
    return new Reply.SetReply(replies(popped));
  }

  /** Sets up to this many members are moved away from their SPOP tombstones (see below). */
  static final long MOVE_MAX = 10_000;

  /**
   * Copies the members left in a set into a new generation, whose key range holds no tombstones,
   * and drops the old one. Without it a set drained by SPOP kept its popped members' tombstones in
   * its key range until compaction, and every random pick seeked over them: from a set of 100k
   * members popped down to a few, one SPOP walked ~100k deleted records (seconds per pipeline).
   * Done once deletions pass twice the members left, so each pop copies under one member on
   * average.
   */
  private static void moveToNewGeneration(Ctx c, Coll s) {
    Meta old = s.meta();
    long gen = c.ks.newCollection(Meta.Type.SET).gen();
    try (RedisTx.Scan it = s.scanPrefix(new byte[0], false)) {
      while (it.hasNext()) {
        dev.orbit.node.storage.KeyValue kv = it.next();
        c.tx.put(KeyLayout.element(s.db.phys(), gen, Coll.suffix(kv)), kv.value());
      }
    }
    Meta moved = new Meta(Meta.Type.SET, old.expireAt(), null, gen, old.count(), old.flags(), 0, 0);
    c.ks.put(c.tx, s.db, s.key, old, moved); // drops the old generation's records
  }

  private static Reply srandmember(Ctx c, List<byte[]> a) {
    if (a.size() > 3) {
      throw RedisError.syntax();
    }
    Coll s = Coll.read(c, a.get(1), Meta.Type.SET);
    if (a.size() == 2) {
      return s == null
          ? Reply.NIL
          : Reply.bulk(memberOf(Random.pickHashed(s, 1, true).get(0).suffix()));
    }
    long l = Args.parseLong(a.get(2));
    if (l == Long.MIN_VALUE) {
      throw new RedisError("ERR value is out of range, must be positive");
    }
    if (s == null || l == 0) {
      return Reply.EMPTY_ARRAY;
    }
    List<byte[]> out = new ArrayList<>();
    for (Random.Element e : Random.pickHashed(s, Math.abs(l), l > 0)) {
      out.add(memberOf(e.suffix()));
    }
    return Reply.array(replies(out));
  }

  private static Reply smove(Ctx c, List<byte[]> a) {
    Coll src = Coll.read(c, a.get(1), Meta.Type.SET);
    Coll.read(c, a.get(2), Meta.Type.SET); // WRONGTYPE before anything moves
    byte[] member = a.get(3);
    if (src == null) {
      return Reply.ZERO;
    }
    if (Arrays.equals(a.get(1), a.get(2))) {
      return Reply.integer(has(src, member) ? 1 : 0);
    }
    if (!has(src, member)) {
      return Reply.ZERO;
    }
    src.delete(suffixOf(member));
    src.count(src.count() - 1);
    src.save();
    Coll dst = Coll.write(c, a.get(2), Meta.Type.SET);
    if (add(dst, member)) {
      dst.save(); // a destination that had the member is unchanged: not touched (WATCH)
    }
    return Reply.ONE;
  }

  enum Op {
    INTER,
    UNION,
    DIFF
  }

  /** The members of {@code op} over the sets at {@code a[from..]}, sorted. */
  static TreeSet<byte[]> compute(Ctx c, List<byte[]> keys, Op op, long limit) {
    TreeSet<byte[]> out = new TreeSet<>(Arrays::compareUnsigned);
    List<Coll> sets = new ArrayList<>();
    for (byte[] k : keys) {
      sets.add(Coll.read(c, k, Meta.Type.SET));
    }
    switch (op) {
      case UNION -> {
        for (Coll s : sets) {
          if (s != null) {
            addAll(s, out);
          }
        }
      }
      case DIFF -> {
        if (sets.get(0) == null) {
          return out;
        }
        addAll(sets.get(0), out);
        for (Coll s : sets.subList(1, sets.size())) {
          if (s != null) {
            out.removeIf(m -> has(s, m));
          }
        }
      }
      case INTER -> {
        if (sets.contains(null)) {
          return out;
        }
        List<Coll> bySize = new ArrayList<>(sets);
        bySize.sort(Comparator.comparingLong(Coll::count));
        try (RedisTx.Scan it = bySize.get(0).scan(null, null, false)) {
          while (it.hasNext()) {
            byte[] m = memberOf(Coll.suffix(it.next()));
            boolean all = true;
            for (Coll s : bySize.subList(1, bySize.size())) {
              if (!has(s, m)) {
                all = false;
                break;
              }
            }
            if (all) {
              out.add(m);
              if (limit > 0 && out.size() >= limit) {
                break;
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static void addAll(Coll s, TreeSet<byte[]> out) {
    try (RedisTx.Scan it = s.scan(null, null, false)) {
      while (it.hasNext()) {
        out.add(memberOf(Coll.suffix(it.next())));
      }
    }
  }

  private static Reply algebra(Ctx c, List<byte[]> a, int from, byte[] dest, Op op) {
    TreeSet<byte[]> result = compute(c, a.subList(from, a.size()), op, 0);
    if (dest == null) {
      return new Reply.SetReply(replies(result));
    }
    store(c, dest, result);
    return Reply.integer(result.size());
  }

  /** Replaces whatever is at {@code dest} with a set of {@code members} (removed when empty). */
  static void store(Ctx c, byte[] dest, Iterable<byte[]> members) {
    Meta old = c.stored(dest);
    if (old != null) {
      c.ks.delete(c.tx, c.db(), dest, old);
    }
    Coll s = Coll.write(c, dest, Meta.Type.SET);
    for (byte[] m : members) {
      add(s, m);
    }
    s.save();
  }

  private static Reply sintercard(Ctx c, List<byte[]> a) {
    long numkeys = Args.parseLong(a.get(1), "ERR numkeys should be greater than 0");
    if (numkeys < 1) {
      throw new RedisError("ERR numkeys should be greater than 0");
    }
    if (numkeys > a.size() - 2) {
      throw new RedisError("ERR Number of keys can't be greater than number of args");
    }
    long limit = 0;
    for (int j = (int) (2 + numkeys); j < a.size(); j++) {
      if (is(a.get(j), "LIMIT") && j + 1 < a.size()) {
        limit = Args.parseLong(a.get(++j), "ERR LIMIT can't be negative");
        if (limit < 0) {
          throw new RedisError("ERR LIMIT can't be negative");
        }
      } else {
        throw RedisError.syntax();
      }
    }
    return Reply.integer(compute(c, a.subList(2, (int) (2 + numkeys)), Op.INTER, limit).size());
  }
}
