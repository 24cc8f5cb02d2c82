package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;

import dev.orbit.node.redis.Db;
import dev.orbit.node.redis.KeyLayout;
import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import dev.orbit.node.storage.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Commands that walk a database: KEYS, SCAN, DBSIZE, RANDOMKEY. Their cost follows the number of
 * keys, so they run on worker threads (RANDOMKEY leaves the event loop only when it must); a walk
 * stops when its client goes away.
 */
final class WalkCommands {
  private WalkCommands() {}

  static void register(CommandTable t, Cursors cursors) {
    int r = Cmd.READONLY | Cmd.WORKER;
    t.add("keys", 2, r, WalkCommands::keys);
    t.add("dbsize", 1, r, WalkCommands::dbsize);
    t.add("scan", -2, r, (c, a) -> scan(c, a, cursors));
    t.add("randomkey", 1, Cmd.READONLY, WalkCommands::randomkey);
  }

  /** Calls {@code each} with every live key of the current database from {@code prefix} on. */
  interface Visitor {
    /** Returns false to stop. */
    boolean visit(byte[] key, Meta m);
  }

  private static void walk(Ctx c, byte[] from, byte[] prefix, Visitor each) {
    Db db = c.db();
    byte[] start = from != null ? from : KeyLayout.metaFrom(db.phys(), prefix);
    byte[] end = KeyLayout.metaUntil(db.phys(), prefix);
    try (RedisTx.Scan s = c.tx.scan(start, end)) {
      while (s.hasNext()) {
        KeyValue kv = s.next();
        long at = Meta.expireAtOf(kv.value());
        if (at != 0 && at <= c.now) {
          continue;
        }
        if (!each.visit(kv.key(), null)) {
          return;
        }
      }
    }
  }

  private static Reply keys(Ctx c, List<byte[]> a) {
    byte[] pattern = a.get(1);
    boolean all = Glob.matchesAll(pattern);
    List<Reply> out = new ArrayList<>();
    walk(
        c,
        null,
        all ? new byte[0] : Glob.literalPrefix(pattern),
        (mk, m) -> {
          byte[] key = KeyLayout.userKey(mk);
          if (all || Glob.matches(pattern, key)) {
            out.add(Reply.bulk(key));
          }
          return true;
        });
    return Reply.array(out);
  }

  private static Reply dbsize(Ctx c, List<byte[]> a) {
    long[] n = {0};
    walk(
        c,
        null,
        new byte[0],
        (k, m) -> {
          n[0]++;
          return true;
        });
    return Reply.integer(n[0]);
  }

  /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
  private static Reply scan(Ctx c, List<byte[]> a, Cursors cursors) {
    long cursor = Cursors.parse(a.get(1));
    ScanOptions o = ScanOptions.parse(a, 2, true);
    String scope = "keys:" + c.db().phys();
    byte[] from = null;
    if (cursor != 0) {
      from = KeyLayout.successor(cursors.take(cursor, scope).lastKey());
    }
    List<Reply> keys = new ArrayList<>();
    byte[][] last = {null};
    long[] visited = {0};
    boolean[] more = {false};
    byte[] prefix = o.pattern == null ? new byte[0] : Glob.literalPrefix(o.pattern);
    if (from != null
        && java.util.Arrays.compareUnsigned(from, KeyLayout.metaFrom(c.db().phys(), prefix)) < 0) {
      from = null;
    }
    walk(
        c,
        from,
        prefix,
        (mk, m) -> {
          if (visited[0] >= o.count) {
            more[0] = true;
            return false;
          }
          visited[0]++;
          last[0] = mk;
          byte[] key = KeyLayout.userKey(mk);
          if (o.pattern != null && !Glob.matches(o.pattern, key)) {
            return true;
          }
          if (o.type != null) {
            Meta meta = c.live(key);
            if (meta == null || !meta.type().redisName.equalsIgnoreCase(o.type)) {
              return true;
            }
          }
          keys.add(Reply.bulk(key));
          return true;
        });
    long next = more[0] ? cursors.save(new Cursors.Position(scope, last[0])) : 0;
    return Reply.array(List.of(Reply.bulk(Long.toUnsignedString(next)), Reply.array(keys)));
  }

  /** SCAN's options, shared with HSCAN, SSCAN and ZSCAN. */
  static final class ScanOptions {
    byte[] pattern;
    long count = 10;
    String type;

    static ScanOptions parse(List<byte[]> a, int from, boolean allowType) {
      ScanOptions o = new ScanOptions();
      for (int i = from; i < a.size(); i += 2) {
        byte[] opt = a.get(i);
        boolean value = i + 1 < a.size();
        if (is(opt, "COUNT") && value) {
          o.count = Args.parseLong(a.get(i + 1));
          if (o.count < 1) {
            throw RedisError.syntax();
          }
        } else if (is(opt, "MATCH") && value) {
          o.pattern = Glob.matchesAll(a.get(i + 1)) ? null : a.get(i + 1);
        } else if (allowType && is(opt, "TYPE") && value) {
          o.type = Engine.text(a.get(i + 1), 64);
        } else {
          throw RedisError.syntax();
        }
      }
      return o;
    }
  }

  /** Databases with up to this many keys get a uniformly chosen key. */
  private static final int SMALL = 1024;

  private static Reply randomkey(Ctx c, List<byte[]> a) {
    Db db = c.db();
    List<byte[]> few = new ArrayList<>();
    walk(
        c,
        null,
        new byte[0],
        (mk, m) -> {
          few.add(mk);
          return few.size() <= SMALL;
        });
    if (few.isEmpty()) {
      return Reply.NIL;
    }
    if (few.size() <= SMALL) {
      return Reply.bulk(
          KeyLayout.userKey(few.get(ThreadLocalRandom.current().nextInt(few.size()))));
    }
    // a large database: the first live key at or after a random point between two known keys
    byte[] lo = KeyLayout.userKey(few.get(0));
    byte[] random = new byte[Math.max(8, lo.length)];
    ThreadLocalRandom.current().nextBytes(random);
    if (lo.length > 0) {
      random[0] =
          (byte) (lo[0] + ThreadLocalRandom.current().nextInt(Math.max(1, 0x80 - (lo[0] & 0x7f))));
    }
    byte[][] found = {null};
    for (byte[] start : new byte[][] {KeyLayout.meta(db.phys(), random), null}) {
      walk(
          c,
          start,
          new byte[0],
          (mk, m) -> {
            found[0] = KeyLayout.userKey(mk);
            return false;
          });
      if (found[0] != null) {
        break;
      }
    }
    return Reply.bulk(found[0]);
  }
}
