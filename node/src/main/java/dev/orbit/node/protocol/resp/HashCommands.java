package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;

import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import dev.orbit.node.storage.KeyValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Hashes: one record per field (the field is the record's suffix, the value its value). */
final class HashCommands {
  private HashCommands() {}

  static void register(CommandTable t, Cursors cursors) {
    int w = Cmd.WRITE;
    int r = Cmd.READONLY;
    t.key1("hset", -4, w, (c, a) -> hset(c, a, false));
    t.key1("hmset", -4, w, (c, a) -> hset(c, a, true));
    t.key1("hsetnx", 4, w, HashCommands::hsetnx);
    t.key1("hget", 3, r, (c, a) -> Reply.bulk(get(c, a.get(1), a.get(2))));
    t.key1("hmget", -3, r, HashCommands::hmget);
    t.key1("hdel", -3, w, HashCommands::hdel);
    t.key1("hlen", 2, r, (c, a) -> Reply.integer(len(c, a.get(1))));
    t.key1("hstrlen", 3, r, HashCommands::hstrlen);
    t.key1("hexists", 3, r, (c, a) -> Reply.integer(get(c, a.get(1), a.get(2)) == null ? 0 : 1));
    t.key1("hkeys", 2, r, (c, a) -> all(c, a.get(1), true, false));
    t.key1("hvals", 2, r, (c, a) -> all(c, a.get(1), false, true));
    t.key1("hgetall", 2, r, (c, a) -> all(c, a.get(1), true, true));
    t.key1("hincrby", 4, w, HashCommands::hincrby);
    t.key1("hincrbyfloat", 4, w, HashCommands::hincrbyfloat);
    t.key1("hrandfield", -2, r, HashCommands::hrandfield);
    t.key1("hscan", -3, r, (c, a) -> Scans.scan(c, a, cursors, Meta.Type.HASH));
  }

  private static byte[] get(Ctx c, byte[] key, byte[] field) {
    Coll h = Coll.read(c, key, Meta.Type.HASH);
    return h == null ? null : h.get(field);
  }

  private static long len(Ctx c, byte[] key) {
    Coll h = Coll.read(c, key, Meta.Type.HASH);
    return h == null ? 0 : h.count();
  }

  /** Sets a field; true when it is new. */
  static boolean set(Coll h, byte[] field, byte[] value) {
    boolean added = h.get(field) == null;
    h.put(field, value);
    if (added) {
      h.count(h.count() + 1);
    }
    h.meta(
        h.meta()
            .withFlags(
                Encodings.grown(h.c, h.meta(), h.count(), Math.max(field.length, value.length))));
    return added;
  }

  private static Reply hset(Ctx c, List<byte[]> a, boolean hmset) {
    if (a.size() % 2 == 1) {
      throw Args.wrongArgs(a);
    }
    Coll h = Coll.write(c, a.get(1), Meta.Type.HASH);
    long added = 0;
    for (int i = 2; i < a.size(); i += 2) {
      added += set(h, a.get(i), a.get(i + 1)) ? 1 : 0;
    }
    h.save();
    return hmset ? Reply.OK : Reply.integer(added);
  }

  private static Reply hsetnx(Ctx c, List<byte[]> a) {
    Coll h = Coll.write(c, a.get(1), Meta.Type.HASH);
    if (h.get(a.get(2)) != null) {
      return Reply.ZERO;
    }
    set(h, a.get(2), a.get(3));
    h.save();
    return Reply.ONE;
  }

  private static Reply hmget(Ctx c, List<byte[]> a) {
    Coll h = Coll.read(c, a.get(1), Meta.Type.HASH);
    List<Reply> out = new ArrayList<>();
    for (int i = 2; i < a.size(); i++) {
      out.add(Reply.bulk(h == null ? null : h.get(a.get(i))));
    }
    return Reply.array(out);
  }

  private static Reply hdel(Ctx c, List<byte[]> a) {
    Coll h = Coll.read(c, a.get(1), Meta.Type.HASH);
    if (h == null) {
      return Reply.ZERO;
    }
    long n = 0;
    for (int i = 2; i < a.size(); i++) {
      if (h.get(a.get(i)) != null) {
        h.delete(a.get(i));
        n++;
      }
    }
    if (n > 0) {
      h.count(h.count() - n);
      h.save();
    }
    return Reply.integer(n);
  }

  private static Reply hstrlen(Ctx c, List<byte[]> a) {
    byte[] v = get(c, a.get(1), a.get(2));
    return Reply.integer(v == null ? 0 : v.length);
  }

  private static Reply all(Ctx c, byte[] key, boolean fields, boolean values) {
    Coll h = Coll.read(c, key, Meta.Type.HASH);
    if (h == null) {
      return fields && values ? new Reply.MapReply(List.of()) : Reply.EMPTY_ARRAY;
    }
    List<Reply> out = new ArrayList<>();
    try (RedisTx.Scan s = h.scan(null, null, false)) {
      while (s.hasNext()) {
        KeyValue kv = s.next();
        if (fields) {
          out.add(Reply.bulk(Coll.suffix(kv)));
        }
        if (values) {
          out.add(Reply.bulk(kv.value()));
        }
      }
    }
    return fields && values ? new Reply.MapReply(out) : Reply.array(out);
  }

  private static Reply hincrby(Ctx c, List<byte[]> a) {
    long incr = Args.parseLong(a.get(3));
    Coll h = Coll.write(c, a.get(1), Meta.Type.HASH);
    byte[] old = h.get(a.get(2));
    long cur = 0;
    if (old != null) {
      Long v = Args.tryLong(old);
      if (v == null) {
        throw new RedisError("ERR hash value is not an integer");
      }
      cur = v;
    }
    long next;
    try {
      next = Math.addExact(cur, incr);
    } catch (ArithmeticException e) {
      throw new RedisError("ERR increment or decrement would overflow");
    }
    set(h, a.get(2), Args.bytes(next));
    h.save();
    return Reply.integer(next);
  }

  private static Reply hincrbyfloat(Ctx c, List<byte[]> a) {
    BigDecimal incr;
    try {
      incr = Doubles.parseLongDouble(a.get(3));
    } catch (Doubles.NotANumber e) {
      throw new RedisError(RedisError.NOT_FLOAT);
    }
    if (incr == null) {
      throw new RedisError("ERR value is NaN or Infinity");
    }
    Coll h = Coll.write(c, a.get(1), Meta.Type.HASH);
    byte[] old = h.get(a.get(2));
    BigDecimal cur = BigDecimal.ZERO;
    if (old != null) {
      try {
        cur = Doubles.parseLongDouble(old);
      } catch (Doubles.NotANumber e) {
        cur = null;
      }
      if (cur == null) {
        throw new RedisError("ERR hash value is not a float");
      }
    }
    BigDecimal sum = Doubles.addLongDouble(cur, incr);
    if (sum == null) {
      throw new RedisError("ERR increment would produce NaN or Infinity");
    }
    byte[] text = Args.bytes(Doubles.formatLongDouble(sum));
    set(h, a.get(2), text);
    h.save();
    return Reply.bulk(text);
  }

  private static Reply hrandfield(Ctx c, List<byte[]> a) {
    if (a.size() == 2) {
      Coll h = Coll.read(c, a.get(1), Meta.Type.HASH);
      if (h == null) {
        return Reply.NIL;
      }
      return Reply.bulk(Random.pick(h, 1, false).get(0).suffix());
    }
    long l = Args.parseLong(a.get(2));
    if (l == Long.MIN_VALUE) {
      throw new RedisError("ERR value is out of range, must be positive");
    }
    boolean withValues = false;
    if (a.size() > 4 || (a.size() == 4 && !is(a.get(3), "WITHVALUES"))) {
      throw RedisError.syntax();
    } else if (a.size() == 4) {
      withValues = true;
      if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
        throw new RedisError("ERR value is out of range");
      }
    }
    Coll h = Coll.read(c, a.get(1), Meta.Type.HASH);
    if (h == null || l == 0) {
      return Reply.EMPTY_ARRAY;
    }
    boolean unique = l > 0;
    List<Random.Element> picked = Random.pick(h, Math.abs(l), unique);
    List<Reply> out = new ArrayList<>();
    for (Random.Element e : picked) {
      if (withValues && c.session.resp == 3) {
        out.add(Reply.array(List.of(Reply.bulk(e.suffix()), Reply.bulk(e.value()))));
      } else {
        out.add(Reply.bulk(e.suffix()));
        if (withValues) {
          out.add(Reply.bulk(e.value()));
        }
      }
    }
    return Reply.array(out);
  }
}
