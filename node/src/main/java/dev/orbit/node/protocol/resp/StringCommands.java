package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.exact;
import static dev.orbit.node.protocol.resp.Args.parseLong;
import static dev.orbit.node.protocol.resp.Args.upper;

import dev.orbit.node.storage.Txn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The keyed Redis commands (strings, counters, expiry), parsed into {@link Command.Keyed}. */
final class StringCommands {
  private StringCommands() {}

  /** The command for {@code cmd}, or null when it is not a keyed command. */
  static Command.Keyed parse(String cmd, List<byte[]> a, long now) {
    return switch (cmd) {
      case "GET" -> read(a.get(exact(a, 2) - 1), t -> Reply.bulk(bytes(live(t, a.get(1), now))));
      case "SET" -> set(a, now);
      case "SETNX" -> setnx(a, now);
      case "DEL", "UNLINK" -> del(a, now);
      case "EXISTS" -> exists(a, now);
      case "INCR" -> incrBy(a.get(exact(a, 2) - 1), 1, now);
      case "DECR" -> incrBy(a.get(exact(a, 2) - 1), -1, now);
      case "INCRBY" -> incrBy(a.get(exact(a, 3) - 2), parseLong(a.get(2)), now);
      case "DECRBY" -> incrBy(a.get(exact(a, 3) - 2), negate(parseLong(a.get(2))), now);
      case "MSET" -> mset(a);
      case "MGET" -> mget(a, now);
      case "EXPIRE" -> expire(a, 1000, now);
      case "PEXPIRE" -> expire(a, 1, now);
      case "TTL" -> ttl(a, 1000, now);
      case "PTTL" -> ttl(a, 1, now);
      case "PERSIST" -> persist(a, now);
      default -> null;
    };
  }

  private static Command.Keyed one(byte[] key, java.util.function.Function<Txn, Reply> op) {
    return new Command.Keyed(List.of(key), false, op);
  }

  private static Command.Keyed read(byte[] key, java.util.function.Function<Txn, Reply> op) {
    return new Command.Keyed(List.of(key), true, op);
  }

  /**
   * The live value of {@code key}; an expired one is deleted on the way, as Redis does (in a
   * read-only Txn that asks for the batch to be run again with locks).
   */
  static StringValue live(Txn t, byte[] key, long now) {
    byte[] raw = t.get(key);
    StringValue v = StringValue.decodeLive(raw, now);
    if (v == null && raw != null) {
      if (t.readOnly()) {
        if (!t.onLeader()) {
          return null; // a replica answers; the leader removes the key, through the log
        }
        throw Command.NeedsLocks.INSTANCE;
      }
      t.delete(key);
    }
    return v;
  }

  private static byte[] bytes(StringValue v) {
    return v == null ? null : v.bytes();
  }

  private static long negate(long n) {
    if (n == Long.MIN_VALUE) {
      throw new Command.Error("ERR decrement would overflow");
    }
    return -n;
  }

  private static Command.Keyed set(List<byte[]> a, long now) {
    if (a.size() < 3) {
      throw new Command.WrongArgs();
    }
    byte[] key = a.get(1);
    byte[] value = a.get(2);
    long expireAt = 0;
    boolean nx = false;
    boolean xx = false;
    boolean keepTtl = false;
    boolean get = false;
    for (int i = 3; i < a.size(); i++) {
      String opt = upper(a.get(i));
      switch (opt) {
        case "NX" -> nx = true;
        case "XX" -> xx = true;
        case "KEEPTTL" -> keepTtl = true;
        case "GET" -> get = true;
        case "EX", "PX", "EXAT", "PXAT" -> {
          if (i + 1 >= a.size() || expireAt != 0) {
            throw new Command.Error("ERR syntax error");
          }
          long n = parseLong(a.get(++i));
          if (n <= 0) {
            throw new Command.Error("ERR invalid expire time in 'set' command");
          }
          expireAt =
              switch (opt) {
                case "EX" -> Math.addExact(now, Math.multiplyExact(n, 1000L));
                case "PX" -> Math.addExact(now, n);
                case "EXAT" -> Math.multiplyExact(n, 1000L);
                default -> n;
              };
        }
        default -> throw new Command.Error("ERR syntax error");
      }
    }
    if ((nx && xx) || (keepTtl && expireAt != 0)) {
      throw new Command.Error("ERR syntax error");
    }
    final long exp = expireAt;
    if (!nx && !xx && !keepTtl && !get) {
      // a plain SET replaces whatever is there: nothing to read first
      return one(
          key,
          t -> {
            t.put(key, new StringValue(value, exp).encode());
            return Reply.OK;
          });
    }
    final boolean fnx = nx;
    final boolean fxx = xx;
    final boolean fkeep = keepTtl;
    final boolean fget = get;
    return one(
        key,
        t -> {
          StringValue old = live(t, key, now);
          Reply prior = fget ? Reply.bulk(bytes(old)) : null;
          if ((fnx && old != null) || (fxx && old == null)) {
            return fget ? prior : Reply.NIL;
          }
          long e = fkeep && old != null ? old.expireAtMillis() : exp;
          t.put(key, new StringValue(value, e).encode());
          return fget ? prior : Reply.OK;
        });
  }

  private static Command.Keyed setnx(List<byte[]> a, long now) {
    exact(a, 3);
    byte[] key = a.get(1);
    return one(
        key,
        t -> {
          if (live(t, key, now) != null) {
            return Reply.ZERO;
          }
          t.put(key, new StringValue(a.get(2), 0).encode());
          return Reply.ONE;
        });
  }

  private static Command.Keyed del(List<byte[]> a, long now) {
    List<byte[]> keys = keysFrom(a);
    return new Command.Keyed(
        keys,
        false,
        t -> {
          long n = 0;
          for (byte[] k : keys) {
            if (live(t, k, now) != null) {
              n++;
              t.delete(k);
            }
          }
          return Reply.integer(n);
        });
  }

  private static Command.Keyed exists(List<byte[]> a, long now) {
    List<byte[]> keys = keysFrom(a);
    return new Command.Keyed(
        keys,
        true,
        t -> {
          long n = 0;
          for (byte[] k : keys) {
            n += live(t, k, now) != null ? 1 : 0;
          }
          return Reply.integer(n);
        });
  }

  private static Command.Keyed incrBy(byte[] key, long delta, long now) {
    return one(
        key,
        t -> {
          StringValue old = live(t, key, now);
          long cur = old == null ? 0 : parseLong(old.bytes());
          long next;
          try {
            next = Math.addExact(cur, delta);
          } catch (ArithmeticException e) {
            throw new Command.Error("ERR increment or decrement would overflow");
          }
          byte[] text = Long.toString(next).getBytes(StandardCharsets.US_ASCII);
          t.put(key, new StringValue(text, old == null ? 0 : old.expireAtMillis()).encode());
          return Reply.integer(next);
        });
  }

  private static Command.Keyed mset(List<byte[]> a) {
    if (a.size() < 3 || a.size() % 2 == 0) {
      throw new Command.WrongArgs();
    }
    List<byte[]> keys = new ArrayList<>();
    for (int i = 1; i < a.size(); i += 2) {
      keys.add(a.get(i));
    }
    return new Command.Keyed(
        keys,
        false,
        t -> {
          for (int i = 1; i < a.size(); i += 2) {
            t.put(a.get(i), new StringValue(a.get(i + 1), 0).encode());
          }
          return Reply.OK;
        });
  }

  private static Command.Keyed mget(List<byte[]> a, long now) {
    List<byte[]> keys = keysFrom(a);
    return new Command.Keyed(
        keys,
        true,
        t -> {
          List<Reply> out = new ArrayList<>(keys.size());
          for (byte[] k : keys) {
            out.add(Reply.bulk(bytes(live(t, k, now))));
          }
          return new Reply.Array(out);
        });
  }

  private static Command.Keyed expire(List<byte[]> a, long unitMillis, long now) {
    if (a.size() < 3 || a.size() > 4) {
      throw new Command.WrongArgs();
    }
    byte[] key = a.get(1);
    long n = parseLong(a.get(2));
    String cond = a.size() == 4 ? upper(a.get(3)) : "";
    if (!List.of("", "NX", "XX", "GT", "LT").contains(cond)) {
      throw new Command.Error("ERR Unsupported option " + cond);
    }
    long at;
    try {
      at = Math.addExact(now, Math.multiplyExact(n, unitMillis));
    } catch (ArithmeticException e) {
      throw new Command.Error("ERR invalid expire time in '" + Args.lower(a.get(0)) + "' command");
    }
    return one(
        key,
        t -> {
          StringValue old = live(t, key, now);
          if (old == null) {
            return Reply.ZERO;
          }
          long cur = old.expireAtMillis();
          boolean apply =
              switch (cond) {
                case "NX" -> cur == 0;
                case "XX" -> cur != 0;
                case "GT" -> cur != 0 && at > cur;
                case "LT" -> cur == 0 || at < cur;
                default -> true;
              };
          if (!apply) {
            return Reply.ZERO;
          }
          if (at <= now) {
            t.delete(key); // a past expiry deletes the key, as Redis does
          } else {
            t.put(key, old.withExpiry(at).encode());
          }
          return Reply.ONE;
        });
  }

  private static Command.Keyed ttl(List<byte[]> a, long unitMillis, long now) {
    byte[] key = a.get(exact(a, 2) - 1);
    return read(
        key,
        t -> {
          StringValue v = live(t, key, now);
          if (v == null) {
            return Reply.integer(-2);
          }
          if (v.expireAtMillis() == 0) {
            return Reply.integer(-1);
          }
          long left = v.expireAtMillis() - now;
          return Reply.integer(unitMillis == 1 ? left : (left + 500) / 1000);
        });
  }

  private static Command.Keyed persist(List<byte[]> a, long now) {
    byte[] key = a.get(exact(a, 2) - 1);
    return one(
        key,
        t -> {
          StringValue old = live(t, key, now);
          if (old == null || old.expireAtMillis() == 0) {
            return Reply.ZERO;
          }
          t.put(key, old.withExpiry(0).encode());
          return Reply.ONE;
        });
  }

  /** The keys of a command taking one or more keys: every argument after the name. */
  private static List<byte[]> keysFrom(List<byte[]> a) {
    if (a.size() < 2) {
      throw new Command.WrongArgs();
    }
    return a.subList(1, a.size());
  }
}
