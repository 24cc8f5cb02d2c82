package dev.orbit.node.protocol.resp;

import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Executes Redis commands against the {@code redis} protocol store. Reads answer at once; writes
 * answer when durable under the configured durability.
 */
public final class RedisCommands {
  static final String VERSION = "7.2.0";

  private final ProtocolStore store;
  private final Clock clock;
  private final ServerInfo info;

  /** What INFO reports about the server process. */
  public interface ServerInfo {
    int port();

    long startedAtMillis();

    int connectedClients();
  }

  public RedisCommands(ProtocolStore store, Clock clock, ServerInfo info) {
    this.store = store;
    this.clock = clock;
    this.info = info;
  }

  /** A connection's state. */
  static final class Session {
    byte[] name;
    boolean quit;
  }

  CompletableFuture<Reply> execute(List<byte[]> args, Session session) {
    String cmd = new String(args.get(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
    try {
      return dispatch(cmd, args, session);
    } catch (WrongArgs e) {
      return done(
          Reply.error(
              "ERR wrong number of arguments for '" + cmd.toLowerCase(Locale.ROOT) + "' command"));
    } catch (CommandError e) {
      return done(Reply.error(e.getMessage()));
    } catch (ArithmeticException e) {
      return done(Reply.error("ERR increment or decrement would overflow"));
    } catch (StorageException e) {
      return done(Reply.error("ERR storage error: " + e.getMessage()));
    }
  }

  private CompletableFuture<Reply> dispatch(String cmd, List<byte[]> a, Session s) {
    return switch (cmd) {
      case "PING" -> done(arity(a, 1, 2) == 1 ? Reply.PONG : Reply.bulk(a.get(1)));
      case "ECHO" -> done(Reply.bulk(a.get(exact(a, 2) - 1)));
      case "GET" -> done(Reply.bulk(valueOf(a.get(exact(a, 2) - 1))));
      case "SET" -> set(a);
      case "SETNX" -> setnx(a);
      case "DEL", "UNLINK" -> del(a);
      case "EXISTS" -> done(exists(a));
      case "INCR" -> incrBy(a.get(exact(a, 2) - 1), 1);
      case "DECR" -> incrBy(a.get(exact(a, 2) - 1), -1);
      case "INCRBY" -> incrBy(a.get(exact(a, 3) - 2), parseLong(a.get(2)));
      case "DECRBY" -> incrBy(a.get(exact(a, 3) - 2), Math.negateExact(parseLong(a.get(2))));
      case "MSET" -> mset(a);
      case "MGET" -> done(mget(a));
      case "EXPIRE" -> expire(a, 1000);
      case "PEXPIRE" -> expire(a, 1);
      case "TTL" -> done(ttl(a, 1000));
      case "PTTL" -> done(ttl(a, 1));
      case "PERSIST" -> persist(a);
      case "KEYS" -> done(keys(a));
      case "SCAN" -> done(scan(a));
      case "DBSIZE" -> {
        exact(a, 1);
        yield done(Reply.integer(countLive()));
      }
      case "FLUSHDB", "FLUSHALL" -> flush(a);
      case "SELECT" -> done(select(a));
      case "INFO" -> done(Reply.bulk(InfoText.render(info, store, clock)));
      case "CONFIG" -> done(config(a));
      case "COMMAND" -> done(command(a));
      case "CLIENT" -> done(client(a, s));
      case "QUIT" -> {
        s.quit = true;
        yield done(Reply.OK);
      }
      default -> done(unknown(cmd, a));
    };
  }

  // ---- strings ----

  private byte[] valueOf(byte[] key) {
    long now = clock.millis();
    byte[] raw = store.get(key);
    StringValue v = StringValue.decodeLive(raw, now);
    if (v == null && raw != null) {
      removeIfExpired(key, now);
    }
    return v == null ? null : v.bytes();
  }

  /** Expired keys are removed when they are next touched, as Redis does. */
  private void removeIfExpired(byte[] key, long now) {
    store.atomically(
        List.of(key),
        t -> {
          byte[] raw = t.get(key);
          if (raw != null && StringValue.decodeLive(raw, now) == null) {
            t.delete(key);
          }
          return null;
        });
  }

  private CompletableFuture<Reply> set(List<byte[]> a) {
    if (a.size() < 3) {
      throw new WrongArgs();
    }
    byte[] key = a.get(1);
    byte[] value = a.get(2);
    long expireAt = 0;
    boolean nx = false;
    boolean xx = false;
    boolean keepTtl = false;
    boolean get = false;
    long now = clock.millis();
    for (int i = 3; i < a.size(); i++) {
      String opt = upper(a.get(i));
      switch (opt) {
        case "NX" -> nx = true;
        case "XX" -> xx = true;
        case "KEEPTTL" -> keepTtl = true;
        case "GET" -> get = true;
        case "EX", "PX", "EXAT", "PXAT" -> {
          if (i + 1 >= a.size() || expireAt != 0) {
            throw new CommandError("ERR syntax error");
          }
          long n = parseLong(a.get(++i));
          if (n <= 0) {
            throw new CommandError("ERR invalid expire time in 'set' command");
          }
          expireAt =
              switch (opt) {
                case "EX" -> now + Math.multiplyExact(n, 1000L);
                case "PX" -> now + n;
                case "EXAT" -> Math.multiplyExact(n, 1000L);
                default -> n;
              };
        }
        default -> throw new CommandError("ERR syntax error");
      }
    }
    if ((nx && xx) || (keepTtl && expireAt != 0)) {
      throw new CommandError("ERR syntax error");
    }
    final long exp = expireAt;
    final boolean fnx = nx;
    final boolean fxx = xx;
    final boolean fkeep = keepTtl;
    final boolean fget = get;
    return write(
        List.of(key),
        t -> {
          StringValue old = StringValue.decodeLive(t.get(key), now);
          Reply prior = fget ? Reply.bulk(old == null ? null : old.bytes()) : null;
          if ((fnx && old != null) || (fxx && old == null)) {
            return fget ? prior : Reply.NIL;
          }
          long e = fkeep && old != null ? old.expireAtMillis() : exp;
          t.put(key, new StringValue(value, e).encode());
          return fget ? prior : Reply.OK;
        });
  }

  private CompletableFuture<Reply> setnx(List<byte[]> a) {
    exact(a, 3);
    byte[] key = a.get(1);
    long now = clock.millis();
    return write(
        List.of(key),
        t -> {
          if (StringValue.decodeLive(t.get(key), now) != null) {
            return Reply.ZERO;
          }
          t.put(key, new StringValue(a.get(2), 0).encode());
          return Reply.ONE;
        });
  }

  private CompletableFuture<Reply> del(List<byte[]> a) {
    if (a.size() < 2) {
      throw new WrongArgs();
    }
    List<byte[]> keys = a.subList(1, a.size());
    long now = clock.millis();
    return write(
        keys,
        t -> {
          long n = 0;
          for (byte[] k : keys) {
            byte[] raw = t.get(k);
            if (raw != null) {
              if (StringValue.decodeLive(raw, now) != null) {
                n++;
              }
              t.delete(k);
            }
          }
          return Reply.integer(n);
        });
  }

  private Reply exists(List<byte[]> a) {
    if (a.size() < 2) {
      throw new WrongArgs();
    }
    long n = 0;
    for (byte[] k : a.subList(1, a.size())) {
      if (valueOf(k) != null) {
        n++;
      }
    }
    return Reply.integer(n);
  }

  private CompletableFuture<Reply> incrBy(byte[] key, long delta) {
    long now = clock.millis();
    return write(
        List.of(key),
        t -> {
          StringValue old = StringValue.decodeLive(t.get(key), now);
          long cur = old == null ? 0 : parseLong(old.bytes());
          long next;
          try {
            next = Math.addExact(cur, delta);
          } catch (ArithmeticException e) {
            throw new CommandError("ERR increment or decrement would overflow");
          }
          byte[] text = Long.toString(next).getBytes(StandardCharsets.US_ASCII);
          t.put(key, new StringValue(text, old == null ? 0 : old.expireAtMillis()).encode());
          return Reply.integer(next);
        });
  }

  private CompletableFuture<Reply> mset(List<byte[]> a) {
    if (a.size() < 3 || a.size() % 2 == 0) {
      throw new WrongArgs();
    }
    List<byte[]> keys = new ArrayList<>();
    for (int i = 1; i < a.size(); i += 2) {
      keys.add(a.get(i));
    }
    return write(
        keys,
        t -> {
          for (int i = 1; i < a.size(); i += 2) {
            t.put(a.get(i), new StringValue(a.get(i + 1), 0).encode());
          }
          return Reply.OK;
        });
  }

  private Reply mget(List<byte[]> a) {
    if (a.size() < 2) {
      throw new WrongArgs();
    }
    List<Reply> out = new ArrayList<>(a.size() - 1);
    for (byte[] k : a.subList(1, a.size())) {
      out.add(Reply.bulk(valueOf(k)));
    }
    return new Reply.Array(out);
  }

  // ---- expiry ----

  private CompletableFuture<Reply> expire(List<byte[]> a, long unitMillis) {
    if (a.size() < 3 || a.size() > 4) {
      throw new WrongArgs();
    }
    byte[] key = a.get(1);
    long n = parseLong(a.get(2));
    String cond = a.size() == 4 ? upper(a.get(3)) : "";
    if (!List.of("", "NX", "XX", "GT", "LT").contains(cond)) {
      throw new CommandError("ERR Unsupported option " + cond);
    }
    long now = clock.millis();
    long at;
    try {
      at = Math.addExact(now, Math.multiplyExact(n, unitMillis));
    } catch (ArithmeticException e) {
      throw new CommandError("ERR invalid expire time in '" + lower(a.get(0)) + "' command");
    }
    return write(
        List.of(key),
        t -> {
          StringValue old = StringValue.decodeLive(t.get(key), now);
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

  private Reply ttl(List<byte[]> a, long unitMillis) {
    long now = clock.millis();
    StringValue v = StringValue.decodeLive(store.get(a.get(exact(a, 2) - 1)), now);
    if (v == null) {
      return Reply.integer(-2);
    }
    if (v.expireAtMillis() == 0) {
      return Reply.integer(-1);
    }
    long left = v.expireAtMillis() - now;
    return Reply.integer(unitMillis == 1 ? left : (left + 500) / 1000);
  }

  private CompletableFuture<Reply> persist(List<byte[]> a) {
    byte[] key = a.get(exact(a, 2) - 1);
    long now = clock.millis();
    return write(
        List.of(key),
        t -> {
          StringValue old = StringValue.decodeLive(t.get(key), now);
          if (old == null || old.expireAtMillis() == 0) {
            return Reply.ZERO;
          }
          t.put(key, old.withExpiry(0).encode());
          return Reply.ONE;
        });
  }

  // ---- keyspace ----

  private Reply keys(List<byte[]> a) {
    byte[] pattern = a.get(exact(a, 2) - 1);
    long now = clock.millis();
    List<Reply> out = new ArrayList<>();
    try (MergedScan scan = store.scan(null, null)) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        if (StringValue.decodeLive(kv.value(), now) != null && Glob.matches(pattern, kv.key())) {
          out.add(Reply.bulk(kv.key()));
        }
      }
    }
    return new Reply.Array(out);
  }

  /**
   * SCAN's cursor is the last key returned, written as a decimal number (1 byte of 0x01 before the
   * key, read as an unsigned big integer), so cursors need no server-side state.
   */
  private Reply scan(List<byte[]> a) {
    if (a.size() < 2 || a.size() % 2 == 1) {
      throw new WrongArgs();
    }
    byte[] after = cursorKey(new String(a.get(1), StandardCharsets.US_ASCII));
    byte[] pattern = null;
    long count = 10;
    for (int i = 2; i < a.size(); i += 2) {
      switch (upper(a.get(i))) {
        case "MATCH" -> pattern = a.get(i + 1);
        case "COUNT" -> {
          count = parseLong(a.get(i + 1));
          if (count < 1) {
            throw new CommandError("ERR syntax error");
          }
        }
        case "TYPE" -> {
          if (!"STRING".equals(upper(a.get(i + 1)))) {
            return scanReply("0", List.of());
          }
        }
        default -> throw new CommandError("ERR syntax error");
      }
    }
    long now = clock.millis();
    List<Reply> keys = new ArrayList<>();
    byte[] from = after == null ? null : successor(after);
    byte[] last = null;
    long visited = 0;
    try (MergedScan scan = store.scan(from, null)) {
      while (visited < count && scan.hasNext()) {
        KeyValue kv = scan.next();
        visited++;
        last = kv.key();
        if (StringValue.decodeLive(kv.value(), now) != null
            && (pattern == null || Glob.matches(pattern, kv.key()))) {
          keys.add(Reply.bulk(kv.key()));
        }
      }
      boolean more = scan.hasNext();
      return scanReply(more && last != null ? cursorOf(last) : "0", keys);
    }
  }

  private static Reply scanReply(String cursor, List<Reply> keys) {
    return new Reply.Array(List.of(Reply.bulk(cursor), new Reply.Array(keys)));
  }

  static String cursorOf(byte[] key) {
    byte[] b = new byte[key.length + 1];
    b[0] = 1;
    System.arraycopy(key, 0, b, 1, key.length);
    return new BigInteger(1, b).toString();
  }

  static byte[] cursorKey(String cursor) {
    BigInteger n;
    try {
      n = new BigInteger(cursor);
    } catch (NumberFormatException e) {
      throw new CommandError("ERR invalid cursor");
    }
    if (n.signum() == 0) {
      return null;
    }
    byte[] b = n.toByteArray();
    int off = b[0] == 0 ? 1 : 0;
    if (n.signum() < 0 || b.length - off < 1 || b[off] != 1) {
      throw new CommandError("ERR invalid cursor");
    }
    byte[] key = new byte[b.length - off - 1];
    System.arraycopy(b, off + 1, key, 0, key.length);
    return key;
  }

  private static byte[] successor(byte[] key) {
    byte[] s = new byte[key.length + 1];
    System.arraycopy(key, 0, s, 0, key.length);
    return s;
  }

  private long countLive() {
    long now = clock.millis();
    long n = 0;
    try (MergedScan scan = store.scan(null, null)) {
      while (scan.hasNext()) {
        if (StringValue.decodeLive(scan.next().value(), now) != null) {
          n++;
        }
      }
    }
    return n;
  }

  private CompletableFuture<Reply> flush(List<byte[]> a) {
    if (a.size() > 2) {
      throw new WrongArgs();
    }
    if (a.size() == 2 && !List.of("ASYNC", "SYNC").contains(upper(a.get(1)))) {
      throw new CommandError("ERR syntax error");
    }
    return store.clearRange(null, null).thenApply(v -> Reply.OK);
  }

  private static Reply select(List<byte[]> a) {
    long db = parseLong(a.get(exact(a, 2) - 1));
    return db == 0 ? Reply.OK : Reply.error("ERR DB index is out of range");
  }

  // ---- server ----

  private static Reply config(List<byte[]> a) {
    if (a.size() < 2) {
      throw new WrongArgs();
    }
    String sub = upper(a.get(1));
    if (sub.equals("GET")) {
      if (a.size() < 3) {
        throw new WrongArgs();
      }
      List<Reply> out = new ArrayList<>();
      for (byte[] p : a.subList(2, a.size())) {
        for (String[] kv : ServerConfig.PARAMS) {
          if (Glob.matches(lowerBytes(p), kv[0].getBytes(StandardCharsets.UTF_8))) {
            out.add(Reply.bulk(kv[0]));
            out.add(Reply.bulk(kv[1]));
          }
        }
      }
      return new Reply.Array(out);
    }
    if (sub.equals("SET") || sub.equals("RESETSTAT") || sub.equals("REWRITE")) {
      return Reply.error(
          "ERR CONFIG " + sub + " is not supported: orbit-node is configured through orbit.yaml");
    }
    return Reply.error("ERR unknown subcommand '" + lower(a.get(1)) + "'. Try CONFIG HELP.");
  }

  private static Reply command(List<byte[]> a) {
    if (a.size() == 1) {
      return new Reply.Array(List.of());
    }
    return switch (upper(a.get(1))) {
      case "DOCS", "INFO", "LIST" -> new Reply.Array(List.of());
      case "COUNT" -> Reply.integer(0);
      default -> Reply.error("ERR unknown subcommand '" + lower(a.get(1)) + "'. Try COMMAND HELP.");
    };
  }

  private static Reply client(List<byte[]> a, Session s) {
    if (a.size() < 2) {
      throw new WrongArgs();
    }
    return switch (upper(a.get(1))) {
      case "SETNAME" -> {
        s.name = a.get(exact(a, 3) - 1);
        yield Reply.OK;
      }
      case "GETNAME" -> Reply.bulk(s.name);
      case "SETINFO" -> Reply.OK;
      default -> Reply.error("ERR unknown subcommand '" + lower(a.get(1)) + "'. Try CLIENT HELP.");
    };
  }

  private static Reply unknown(String cmd, List<byte[]> a) {
    StringBuilder args = new StringBuilder();
    for (byte[] b : a.subList(1, Math.min(a.size(), 4))) {
      args.append('\'').append(new String(b, StandardCharsets.UTF_8)).append("' ");
    }
    return Reply.error(
        "ERR unknown command '"
            + new String(a.get(0), StandardCharsets.UTF_8)
            + "', with args beginning with: "
            + args.toString().trim());
  }

  // ---- helpers ----

  private CompletableFuture<Reply> write(
      List<byte[]> keys, Function<dev.orbit.node.storage.Txn, Reply> body) {
    ProtocolStore.Committed<Reply> c = store.atomically(keys, body);
    return c.durable()
        .handle(
            (v, err) -> {
              if (err == null) {
                return c.value();
              }
              Throwable cause =
                  err instanceof CompletionException && err.getCause() != null
                      ? err.getCause()
                      : err;
              return Reply.error("ERR storage error: " + cause.getMessage());
            });
  }

  private static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }

  private static int exact(List<byte[]> a, int n) {
    if (a.size() != n) {
      throw new WrongArgs();
    }
    return n;
  }

  private static int arity(List<byte[]> a, int min, int max) {
    if (a.size() < min || a.size() > max) {
      throw new WrongArgs();
    }
    return a.size();
  }

  static long parseLong(byte[] b) {
    String s = new String(b, StandardCharsets.US_ASCII);
    if (s.isEmpty()
        || s.length() > 20
        || s.startsWith("+")
        || (s.length() > 1 && s.startsWith("0"))
        || s.startsWith("-0")) {
      throw new CommandError("ERR value is not an integer or out of range");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new CommandError("ERR value is not an integer or out of range");
    }
  }

  private static String upper(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
  }

  private static String lower(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }

  private static byte[] lowerBytes(byte[] b) {
    return lower(b).getBytes(StandardCharsets.UTF_8);
  }

  private static final class WrongArgs extends RuntimeException {
    WrongArgs() {
      super(null, null, false, false);
    }
  }

  /** An error reply; the message is sent as is. */
  static final class CommandError extends RuntimeException {
    CommandError(String message) {
      super(message, null, false, false);
    }
  }
}
