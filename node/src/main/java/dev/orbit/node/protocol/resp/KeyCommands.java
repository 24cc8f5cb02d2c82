package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;
import static dev.orbit.node.protocol.resp.Args.parseLong;

import dev.orbit.node.redis.Db;
import dev.orbit.node.redis.KeyLayout;
import dev.orbit.node.redis.Keyspace;
import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.Record;
import java.util.List;

/** Commands on keys of any type: DEL, EXISTS, TYPE, expiry, RENAME, COPY, MOVE, TOUCH, OBJECT. */
final class KeyCommands {
  private KeyCommands() {}

  static void register(CommandTable t) {
    int w = Cmd.WRITE;
    int r = Cmd.READONLY;
    t.add("del", -2, w, 1, -1, 1, KeyCommands::del);
    t.add("unlink", -2, w, 1, -1, 1, KeyCommands::del);
    t.add("exists", -2, r, 1, -1, 1, KeyCommands::exists);
    t.add("touch", -2, r, 1, -1, 1, KeyCommands::exists);
    t.key1("type", 2, r | Cmd.ONE_READ, KeyCommands::type);
    t.key1("expire", -3, w, (c, a) -> expire(c, a, c.now, 1000));
    t.key1("pexpire", -3, w, (c, a) -> expire(c, a, c.now, 1));
    t.key1("expireat", -3, w, (c, a) -> expire(c, a, 0, 1000));
    t.key1("pexpireat", -3, w, (c, a) -> expire(c, a, 0, 1));
    t.key1("ttl", 2, r | Cmd.ONE_READ, (c, a) -> ttl(c, a, false, false));
    t.key1("pttl", 2, r | Cmd.ONE_READ, (c, a) -> ttl(c, a, true, false));
    t.key1("expiretime", 2, r | Cmd.ONE_READ, (c, a) -> ttl(c, a, false, true));
    t.key1("pexpiretime", 2, r | Cmd.ONE_READ, (c, a) -> ttl(c, a, true, true));
    t.key1("persist", 2, w, KeyCommands::persist);
    t.add("rename", 3, w, 1, 2, 1, (c, a) -> rename(c, a, false));
    t.add("renamenx", 3, w, 1, 2, 1, (c, a) -> rename(c, a, true));
    t.add("copy", -3, w, 1, 2, 1, KeyCommands::copy);
    t.key1("move", 3, w, KeyCommands::move);
    t.add("object", -2, r, 2, 2, 1, KeyCommands::object);
    t.add("memory", -2, r, 2, 2, 1, KeyCommands::memory);
  }

  private static Reply del(Ctx c, List<byte[]> a) {
    long n = 0;
    for (int i = 1; i < a.size(); i++) {
      Meta m = c.stored(a.get(i));
      if (m != null) {
        c.ks.delete(c.tx, c.db(), a.get(i), m);
        n += m.expired(c.now) ? 0 : 1;
      }
    }
    return Reply.integer(n);
  }

  private static Reply exists(Ctx c, List<byte[]> a) {
    long n = 0;
    for (int i = 1; i < a.size(); i++) {
      n += c.live(a.get(i)) != null ? 1 : 0;
    }
    return Reply.integer(n);
  }

  private static Reply type(Ctx c, List<byte[]> a) {
    Meta m = c.live(a.get(1));
    return new Reply.Simple(m == null ? "none" : m.type().redisName);
  }

  private static final int NX = 1;
  private static final int XX = 2;
  private static final int GT = 4;
  private static final int LT = 8;

  private static Reply expire(Ctx c, List<byte[]> a, long base, long unit) {
    int flags = 0;
    for (int j = 3; j < a.size(); j++) {
      byte[] o = a.get(j);
      if (is(o, "NX")) {
        flags |= NX;
      } else if (is(o, "XX")) {
        flags |= XX;
      } else if (is(o, "GT")) {
        flags |= GT;
      } else if (is(o, "LT")) {
        flags |= LT;
      } else {
        throw new RedisError("ERR Unsupported option " + Engine.text(o, 128));
      }
    }
    if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
      throw new RedisError("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if ((flags & GT) != 0 && (flags & LT) != 0) {
      throw new RedisError("ERR GT and LT options at the same time are not compatible");
    }
    long when = parseLong(a.get(2));
    String cmd = Args.lower(a.get(0));
    if (unit == 1000) {
      if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
        throw new RedisError("ERR invalid expire time in '" + cmd + "' command");
      }
      when *= 1000;
    }
    if (when > Long.MAX_VALUE - base) {
      throw new RedisError("ERR invalid expire time in '" + cmd + "' command");
    }
    when += base;
    byte[] key = a.get(1);
    Meta m = c.live(key);
    if (m == null) {
      return Reply.ZERO;
    }
    long cur = m.expireAt() == 0 ? -1 : m.expireAt();
    if (((flags & NX) != 0 && cur != -1)
        || ((flags & XX) != 0 && cur == -1)
        || ((flags & GT) != 0 && (when <= cur || cur == -1))
        || ((flags & LT) != 0 && cur != -1 && when >= cur)) {
      return Reply.ZERO;
    }
    if (when <= c.now) {
      c.ks.delete(c.tx, c.db(), key, m);
    } else {
      c.ks.put(c.tx, c.db(), key, m, m.withExpireAt(when));
    }
    return Reply.ONE;
  }

  private static Reply ttl(Ctx c, List<byte[]> a, boolean ms, boolean absolute) {
    Meta m = c.live(a.get(1));
    if (m == null) {
      return Reply.integer(-2);
    }
    if (m.expireAt() == 0) {
      return Reply.integer(-1);
    }
    long ttl = Math.max(0, absolute ? m.expireAt() : m.expireAt() - c.now);
    return Reply.integer(ms ? ttl : (ttl + 500) / 1000);
  }

  private static Reply persist(Ctx c, List<byte[]> a) {
    Meta m = c.live(a.get(1));
    if (m == null || m.expireAt() == 0) {
      return Reply.ZERO;
    }
    c.ks.put(c.tx, c.db(), a.get(1), m, m.withExpireAt(0));
    return Reply.ONE;
  }

  private static Reply rename(Ctx c, List<byte[]> a, boolean nx) {
    byte[] from = a.get(1);
    byte[] to = a.get(2);
    Meta m = c.live(from);
    if (m == null) {
      throw new RedisError(RedisError.NO_SUCH_KEY);
    }
    if (java.util.Arrays.equals(from, to)) {
      return nx ? Reply.ZERO : Reply.OK;
    }
    Meta old = c.stored(to);
    if (old != null && !old.expired(c.now) && nx) {
      return Reply.ZERO;
    }
    if (m.isString()) {
      c.ks.delete(c.tx, c.db(), from, m); // a chunked string is written again under the new key
    } else {
      // the collection keeps its generation: only its metadata moves
      c.tx.delete(KeyLayout.meta(c.db().phys(), from));
      if (m.expireAt() != 0) {
        c.tx.delete(KeyLayout.expiry(m.expireAt(), c.db().phys(), from));
      }
      c.tx.touch(c.db(), from, null);
    }
    c.ks.put(c.tx, c.db(), to, old, m);
    return nx ? Reply.ONE : Reply.OK;
  }

  private static Reply copy(Ctx c, List<byte[]> a) {
    Db dst = c.db();
    boolean replace = false;
    for (int j = 3; j < a.size(); j++) {
      if (is(a.get(j), "REPLACE")) {
        replace = true;
      } else if (is(a.get(j), "DB") && j + 1 < a.size()) {
        dst = database(c, a.get(++j));
      } else {
        throw RedisError.syntax();
      }
    }
    byte[] from = a.get(1);
    byte[] to = a.get(2);
    if (dst.index() == c.db().index() && java.util.Arrays.equals(from, to)) {
      throw new RedisError("ERR source and destination objects are the same");
    }
    Meta m = c.live(from);
    if (m == null) {
      return Reply.ZERO;
    }
    Meta old = c.ks.stored(c.tx, dst, to);
    if (old != null && !old.expired(c.now)) {
      if (!replace) {
        return Reply.ZERO;
      }
    }
    c.ks.put(c.tx, dst, to, old, copyOf(c, c.db(), m, dst));
    return Reply.ONE;
  }

  /** A copy of {@code m} in database {@code dst}: a collection gets a new generation. */
  static Meta copyOf(Ctx c, Db src, Meta m, Db dst) {
    if (m.isString()) {
      return m;
    }
    Meta copy = c.ks.newCollection(m.type());
    copy =
        new Meta(
            m.type(), m.expireAt(), null, copy.gen(), m.count(), m.flags(), m.head(), m.tail());
    try (RedisTx.Scan s =
        c.tx.scan(
            KeyLayout.elementsStart(src.phys(), m.gen()),
            KeyLayout.elementsEnd(src.phys(), m.gen()))) {
      while (s.hasNext()) {
        KeyValue kv = s.next();
        byte[] suffix =
            java.util.Arrays.copyOfRange(kv.key(), KeyLayout.ELEMENT_PREFIX, kv.key().length);
        c.tx.put(KeyLayout.element(dst.phys(), copy.gen(), suffix), kv.value());
      }
    }
    return copy;
  }

  static Db database(Ctx c, byte[] arg) {
    long n = parseLong(arg);
    if (n < 0 || n >= Keyspace.DATABASES) {
      throw new RedisError("ERR DB index is out of range");
    }
    return c.ks.db((int) n);
  }

  private static Reply move(Ctx c, List<byte[]> a) {
    Db dst = database(c, a.get(2));
    if (dst.index() == c.db().index()) {
      throw new RedisError("ERR source and destination objects are the same");
    }
    byte[] key = a.get(1);
    Meta m = c.live(key);
    if (m == null) {
      return Reply.ZERO;
    }
    Meta old = c.ks.stored(c.tx, dst, key);
    if (old != null && !old.expired(c.now)) {
      return Reply.ZERO;
    }
    c.ks.put(c.tx, dst, key, old, copyOf(c, c.db(), m, dst));
    c.ks.delete(c.tx, c.db(), key, m);
    return Reply.ONE;
  }

  /** Bytes a stored record takes besides its key and value (the record header). */
  private static final int RECORD_OVERHEAD = 17;

  /**
   * MEMORY USAGE key [SAMPLES n]: the bytes the key's records take in the store (keys, values and
   * record headers of its metadata and every element), before compression.
   */
  private static Reply memory(Ctx c, List<byte[]> a) {
    if (!is(a.get(1), "USAGE") || a.size() < 3) {
      throw new RedisError(
          "ERR MEMORY " + Args.upper(a.get(1)) + " is not supported by orbit-node (only USAGE)");
    }
    if (a.size() != 3 && !(a.size() == 5 && is(a.get(3), "SAMPLES"))) {
      throw RedisError.syntax();
    }
    byte[] key = a.get(2);
    Meta m = c.live(key);
    if (m == null) {
      return Reply.NIL;
    }
    long bytes = KeyLayout.meta(c.db().phys(), key).length + m.encode().length + RECORD_OVERHEAD;
    if (m.gen() != 0) { // a collection's elements, or a chunked string's chunks
      try (RedisTx.Scan s =
          c.tx.scan(
              KeyLayout.elementsStart(c.db().phys(), m.gen()),
              KeyLayout.elementsEnd(c.db().phys(), m.gen()))) {
        while (s.hasNext()) {
          KeyValue kv = s.next();
          bytes += kv.key().length + kv.value().length + RECORD_OVERHEAD;
        }
      }
    }
    return Reply.integer(bytes);
  }

  private static Reply object(Ctx c, List<byte[]> a) {
    byte[] sub = a.get(1);
    if (is(sub, "HELP")) {
      return Reply.array(
          List.of(
              Reply.bulk("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
              Reply.bulk("ENCODING <key>"),
              Reply.bulk(
                  "    Return the kind of internal representation used in order to store"
                      + " the value associated with a <key>."),
              Reply.bulk("FREQ <key>"),
              Reply.bulk("    Return the access logarithmic access frequency counter of a <key>."),
              Reply.bulk("IDLETIME <key>"),
              Reply.bulk(
                  "    Return the idle time of a <key>, that is the approximated number of"
                      + " seconds elapsed since the last write to the <key>."),
              Reply.bulk("REFCOUNT <key>"),
              Reply.bulk(
                  "    Return the number of references of the value associated with the"
                      + " specified <key>."),
              Reply.bulk("HELP"),
              Reply.bulk("    Print this help.")));
    }
    if (a.size() != 3) {
      throw new RedisError(
          "ERR unknown subcommand or wrong number of arguments for '"
              + Engine.text(sub, 128)
              + "'. Try OBJECT HELP.");
    }
    Meta m = c.live(a.get(2));
    if (m == null) {
      return Reply.NIL;
    }
    if (is(sub, "ENCODING")) {
      return Reply.bulk(Encodings.of(c, m));
    }
    if (is(sub, "REFCOUNT")) {
      return Reply.ONE; // every value is its own record: nothing is shared
    }
    if (is(sub, "FREQ")) {
      throw new RedisError(
          "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note"
              + " that when switching between policies at runtime LRU and LFU data will take some"
              + " time to adjust.");
    }
    if (is(sub, "IDLETIME")) {
      Record r = c.ks.store().getRecord(KeyLayout.meta(c.db().phys(), a.get(2)));
      long written = r == null ? c.now : r.writeTimeMillis();
      return Reply.integer(Math.max(0, c.now - written) / 1000);
    }
    throw new RedisError(
        "ERR unknown subcommand or wrong number of arguments for '"
            + Engine.text(sub, 128)
            + "'. Try OBJECT HELP.");
  }
}
