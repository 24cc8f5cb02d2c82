package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;
import static dev.orbit.node.protocol.resp.Args.parseLong;

import dev.orbit.node.redis.Meta;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Strings and counters: GET, SET and its relatives, INCR*, APPEND, ranges, LCS. */
final class StringCommands {
  private StringCommands() {}

  static void register(CommandTable t) {
    int w = Cmd.WRITE;
    int r = Cmd.READONLY;
    t.key1("get", 2, r | Cmd.ONE_READ, (c, a) -> Reply.bulk(value(c, a.get(1))));
    t.key1("set", -3, w, StringCommands::set);
    t.key1("setnx", 3, w, (c, a) -> setnx(c, a.get(1), a.get(2)));
    t.key1("setex", 4, w, (c, a) -> setex(c, a, 1000));
    t.key1("psetex", 4, w, (c, a) -> setex(c, a, 1));
    t.key1("getset", 3, w, StringCommands::getset);
    t.key1("getdel", 2, w, StringCommands::getdel);
    t.key1("getex", -2, w, StringCommands::getex);
    t.add("mget", -2, r, 1, -1, 1, StringCommands::mget);
    t.add("mset", -3, w, 1, -1, 2, (c, a) -> mset(c, a, false));
    t.add("msetnx", -3, w, 1, -1, 2, (c, a) -> mset(c, a, true));
    t.key1("incr", 2, w, (c, a) -> incrBy(c, a.get(1), 1));
    t.key1("decr", 2, w, (c, a) -> incrBy(c, a.get(1), -1));
    t.key1("incrby", 3, w, (c, a) -> incrBy(c, a.get(1), parseLong(a.get(2))));
    t.key1("decrby", 3, w, StringCommands::decrBy);
    t.key1("incrbyfloat", 3, w, StringCommands::incrByFloat);
    t.key1("append", 3, w, StringCommands::append);
    t.key1("strlen", 2, r | Cmd.ONE_READ, (c, a) -> Reply.integer(len(value(c, a.get(1)))));
    t.key1("setrange", 4, w, StringCommands::setrange);
    t.key1("getrange", 4, r | Cmd.ONE_READ, StringCommands::getrange);
    t.key1("substr", 4, r, StringCommands::getrange);
    t.add("lcs", -3, r, 1, 2, 1, Lcs::run);
  }

  private static int len(byte[] v) {
    return v == null ? 0 : v.length;
  }

  /** The string at {@code key}, or null; WRONGTYPE for another type. */
  static byte[] value(Ctx c, byte[] key) {
    Meta m = c.typed(key, Meta.Type.STRING);
    return m == null ? null : m.value();
  }

  /** Stores a string at {@code key}, replacing whatever was there. */
  static void put(Ctx c, byte[] key, byte[] value, long expireAt) {
    c.ks.put(c.tx, c.db(), key, c.stored(key), Meta.string(value, expireAt));
  }

  /**
   * Stores argument {@code i} of {@code a} at {@code key} (which held {@code old}): a large value
   * received in pieces is stored from them, without copying it.
   */
  static void putArg(Ctx c, byte[] key, Meta old, List<byte[]> a, int i, long expireAt) {
    byte[][] pieces = PiecedArgs.piecesOf(a, i);
    if (pieces != null) {
      c.ks.putPieces(c.tx, c.db(), key, old, pieces, expireAt);
    } else {
      c.ks.put(c.tx, c.db(), key, old, Meta.string(a.get(i), expireAt));
    }
  }

  /** The largest string SETRANGE, APPEND and SETBIT may make. */
  static void checkLength(Ctx c, long offset, long len) {
    long max = c.engine.state.config.getLong("proto-max-bulk-len");
    if (offset > max || len > max - offset) {
      throw new RedisError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    }
  }

  // ---- SET and relatives ----

  private static final int NX = 1;
  private static final int XX = 2;
  private static final int GET = 4;
  private static final int KEEPTTL = 8;
  private static final int EX = 16;
  private static final int PX = 32;
  private static final int EXAT = 64;
  private static final int PXAT = 128;
  private static final int PERSIST = 256;
  private static final int ANY_EXPIRY = EX | PX | EXAT | PXAT;

  /** The options after {@code from}, as Redis's parseExtendedStringArgumentsOrReply reads them. */
  private static int options(List<byte[]> a, int from, boolean set, byte[][] expire) {
    int flags = 0;
    for (int j = from; j < a.size(); j++) {
      byte[] o = a.get(j);
      boolean next = j < a.size() - 1;
      if (set && is(o, "NX") && (flags & XX) == 0) {
        flags |= NX;
      } else if (set && is(o, "XX") && (flags & NX) == 0) {
        flags |= XX;
      } else if (set && is(o, "GET")) {
        flags |= GET;
      } else if (set && is(o, "KEEPTTL") && (flags & (PERSIST | ANY_EXPIRY)) == 0) {
        flags |= KEEPTTL;
      } else if (!set && is(o, "PERSIST") && (flags & (ANY_EXPIRY | KEEPTTL)) == 0) {
        flags |= PERSIST;
      } else if (next
          && (flags & (KEEPTTL | PERSIST)) == 0
          && expiryFlag(o) != 0
          && (flags & ANY_EXPIRY) == 0) {
        flags |= expiryFlag(o);
        expire[0] = a.get(++j);
      } else {
        throw RedisError.syntax();
      }
    }
    return flags;
  }

  private static int expiryFlag(byte[] o) {
    return is(o, "EX") ? EX : is(o, "PX") ? PX : is(o, "EXAT") ? EXAT : is(o, "PXAT") ? PXAT : 0;
  }

  /** The absolute expiry time for an EX/PX/EXAT/PXAT argument, checked as Redis checks it. */
  static long expireAt(Ctx c, byte[] arg, int flags, String cmd) {
    long v = parseLong(arg);
    boolean seconds = (flags & (EX | EXAT)) != 0;
    if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
      throw new RedisError("ERR invalid expire time in '" + cmd + "' command");
    }
    if (seconds) {
      v *= 1000;
    }
    if ((flags & (EX | PX)) != 0) {
      v += c.now; // overflow shows as a non-positive time, as in Redis
    }
    if (v <= 0) {
      throw new RedisError("ERR invalid expire time in '" + cmd + "' command");
    }
    return v;
  }

  private static Reply set(Ctx c, List<byte[]> a) {
    byte[][] expire = new byte[1][];
    int flags = options(a, 3, true, expire);
    byte[] key = a.get(1);
    long at = expire[0] == null ? 0 : expireAt(c, expire[0], flags, "set");
    if (flags == 0) {
      // a plain SET replaces whatever is there, unread
      putArg(c, key, c.ks.storedMeta(c.tx, c.db(), key), a, 2, 0);
      return Reply.OK;
    }
    Meta old = c.stored(key);
    Meta live = old == null || old.expired(c.now) ? null : old;
    Reply prior = null;
    if ((flags & GET) != 0) {
      if (live != null && !live.isString()) {
        throw RedisError.wrongType();
      }
      prior = Reply.bulk(live == null ? null : live.value());
    }
    if (((flags & NX) != 0 && live != null) || ((flags & XX) != 0 && live == null)) {
      return prior != null ? prior : Reply.NIL;
    }
    if ((flags & KEEPTTL) != 0 && live != null) {
      at = live.expireAt();
    }
    putArg(c, key, old, a, 2, at);
    return prior != null ? prior : Reply.OK;
  }

  private static Reply setnx(Ctx c, byte[] key, byte[] value) {
    if (c.live(key) != null) {
      return Reply.ZERO;
    }
    put(c, key, value, 0);
    return Reply.ONE;
  }

  private static Reply setex(Ctx c, List<byte[]> a, long unit) {
    String cmd = unit == 1000 ? "setex" : "psetex";
    long at = expireAt(c, a.get(2), unit == 1000 ? EX : PX, cmd);
    putArg(c, a.get(1), c.ks.storedMeta(c.tx, c.db(), a.get(1)), a, 3, at);
    return Reply.OK;
  }

  private static Reply getset(Ctx c, List<byte[]> a) {
    byte[] old = value(c, a.get(1));
    put(c, a.get(1), a.get(2), 0);
    return Reply.bulk(old);
  }

  private static Reply getdel(Ctx c, List<byte[]> a) {
    Meta m = c.typed(a.get(1), Meta.Type.STRING);
    if (m == null) {
      return Reply.NIL;
    }
    c.ks.delete(c.tx, c.db(), a.get(1), m);
    return Reply.bulk(m.value());
  }

  private static Reply getex(Ctx c, List<byte[]> a) {
    byte[][] expire = new byte[1][];
    int flags = options(a, 2, false, expire);
    byte[] key = a.get(1);
    Meta m = c.typed(key, Meta.Type.STRING);
    if (m == null) {
      return Reply.NIL;
    }
    long at = expire[0] == null ? 0 : expireAt(c, expire[0], flags, "getex");
    if ((flags & (EXAT | PXAT)) != 0 && at <= c.now) {
      c.ks.delete(c.tx, c.db(), key, m);
    } else if (expire[0] != null) {
      c.ks.put(c.tx, c.db(), key, m, m.withExpireAt(at));
    } else if ((flags & PERSIST) != 0 && m.expireAt() != 0) {
      c.ks.put(c.tx, c.db(), key, m, m.withExpireAt(0));
    }
    return Reply.bulk(m.value());
  }

  private static Reply mget(Ctx c, List<byte[]> a) {
    List<Reply> out = new ArrayList<>(a.size() - 1);
    for (int i = 1; i < a.size(); i++) {
      Meta m = c.live(a.get(i));
      out.add(Reply.bulk(m != null && m.isString() ? m.value() : null));
    }
    return Reply.array(out);
  }

  private static Reply mset(Ctx c, List<byte[]> a, boolean nx) {
    if (a.size() % 2 == 0) {
      throw Args.wrongArgs(a);
    }
    if (nx) {
      for (int i = 1; i < a.size(); i += 2) {
        if (c.live(a.get(i)) != null) {
          return Reply.ZERO;
        }
      }
    }
    for (int i = 1; i < a.size(); i += 2) {
      putArg(c, a.get(i), c.ks.storedMeta(c.tx, c.db(), a.get(i)), a, i + 1, 0);
    }
    return nx ? Reply.ONE : Reply.OK;
  }

  // ---- counters ----

  private static Reply decrBy(Ctx c, List<byte[]> a) {
    long n = parseLong(a.get(2));
    if (n == Long.MIN_VALUE) {
      throw new RedisError("ERR decrement would overflow");
    }
    return incrBy(c, a.get(1), -n);
  }

  private static Reply incrBy(Ctx c, byte[] key, long delta) {
    Meta m = c.typed(key, Meta.Type.STRING);
    long cur = m == null ? 0 : parseLong(m.value());
    long next;
    try {
      next = Math.addExact(cur, delta);
    } catch (ArithmeticException e) {
      throw new RedisError("ERR increment or decrement would overflow");
    }
    c.ks.put(
        c.tx,
        c.db(),
        key,
        m == null ? c.stored(key) : m,
        Meta.string(Args.bytes(next), m == null ? 0 : m.expireAt()));
    return Reply.integer(next);
  }

  private static Reply incrByFloat(Ctx c, List<byte[]> a) {
    byte[] key = a.get(1);
    Meta m = c.typed(key, Meta.Type.STRING);
    BigDecimal cur;
    BigDecimal incr;
    try {
      cur = m == null ? BigDecimal.ZERO : Doubles.parseLongDouble(m.value());
      incr = Doubles.parseLongDouble(a.get(2));
    } catch (Doubles.NotANumber e) {
      throw new RedisError(RedisError.NOT_FLOAT);
    }
    BigDecimal sum = cur == null || incr == null ? null : Doubles.addLongDouble(cur, incr);
    if (sum == null) {
      throw new RedisError("ERR increment would produce NaN or Infinity");
    }
    byte[] text = Args.bytes(Doubles.formatLongDouble(sum));
    c.ks.put(
        c.tx,
        c.db(),
        key,
        m == null ? c.stored(key) : m,
        Meta.string(text, m == null ? 0 : m.expireAt()));
    return Reply.bulk(text);
  }

  // ---- in-place edits and ranges ----

  private static Reply append(Ctx c, List<byte[]> a) {
    byte[] key = a.get(1);
    Meta m = c.typed(key, Meta.Type.STRING);
    byte[] add = a.get(2);
    if (m == null) {
      put(c, key, add, 0);
      return Reply.integer(add.length);
    }
    checkLength(c, m.value().length, add.length);
    byte[] v = Arrays.copyOf(m.value(), m.value().length + add.length);
    System.arraycopy(add, 0, v, m.value().length, add.length);
    c.ks.put(c.tx, c.db(), key, m, Meta.rawString(v, m.expireAt()));
    return Reply.integer(v.length);
  }

  private static Reply setrange(Ctx c, List<byte[]> a) {
    long offset = parseLong(a.get(2));
    byte[] value = a.get(3);
    if (offset < 0) {
      throw new RedisError("ERR offset is out of range");
    }
    byte[] key = a.get(1);
    Meta m = c.typed(key, Meta.Type.STRING);
    if (m == null) {
      if (value.length == 0) {
        return Reply.ZERO;
      }
      checkLength(c, offset, value.length);
      byte[] v = new byte[(int) (offset + value.length)];
      System.arraycopy(value, 0, v, (int) offset, value.length);
      c.ks.put(c.tx, c.db(), key, c.stored(key), Meta.rawString(v, 0));
      return Reply.integer(v.length);
    }
    if (value.length == 0) {
      return Reply.integer(m.value().length);
    }
    checkLength(c, offset, value.length);
    byte[] v = Arrays.copyOf(m.value(), (int) Math.max(m.value().length, offset + value.length));
    System.arraycopy(value, 0, v, (int) offset, value.length);
    c.ks.put(c.tx, c.db(), key, m, Meta.rawString(v, m.expireAt()));
    return Reply.integer(v.length);
  }

  private static final Reply EMPTY = Reply.bulk(new byte[0]);

  private static Reply getrange(Ctx c, List<byte[]> a) {
    long start = parseLong(a.get(2));
    long end = parseLong(a.get(3));
    byte[] v = value(c, a.get(1));
    if (v == null) {
      return EMPTY;
    }
    long n = v.length;
    if (start < 0 && end < 0 && start > end) {
      return EMPTY;
    }
    if (start < 0) {
      start = n + start;
    }
    if (end < 0) {
      end = n + end;
    }
    start = Math.max(0, start);
    end = Math.max(0, end);
    if (end >= n) {
      end = n - 1;
    }
    if (start > end || n == 0) {
      return EMPTY;
    }
    return Reply.bulk(Arrays.copyOfRange(v, (int) start, (int) end + 1));
  }
}
