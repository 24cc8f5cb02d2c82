package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;

import dev.orbit.node.redis.Db;
import dev.orbit.node.redis.KeyLayout;
import dev.orbit.node.redis.Keyspace;
import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Server administration: INFO, CONFIG, COMMAND, FLUSHDB, FLUSHALL, SWAPDB. */
final class AdminCommands {
  private AdminCommands() {}

  static void register(CommandTable t) {
    t.add("info", -1, Cmd.READONLY | Cmd.WORKER, Info::run);
    t.add("config", -2, Cmd.NO_DATA, AdminCommands::config);
    t.add("command", -1, Cmd.NO_DATA, CommandInfo::run);
    t.add("flushdb", -1, Cmd.WRITE | Cmd.GLOBAL, (c, a) -> flush(c, a, false));
    t.add("flushall", -1, Cmd.WRITE | Cmd.GLOBAL, (c, a) -> flush(c, a, true));
    t.add("swapdb", 3, Cmd.WRITE | Cmd.GLOBAL, AdminCommands::swapdb);
    t.add(
        "debug",
        -2,
        Cmd.NO_DATA,
        (c, a) -> {
          throw new RedisError("ERR DEBUG is not supported by orbit-node");
        });
    // RDB/AOF persistence and shutdown by command do not exist: every write is already durable
    // under storage.durability, and the node stops on SIGTERM
    for (String name : new String[] {"save", "bgsave", "bgrewriteaof", "shutdown"}) {
      t.add(
          name,
          -1,
          Cmd.NO_DATA | Cmd.NO_MULTI,
          (c, a) -> {
            throw new RedisError(
                "ERR "
                    + Args.upper(a.get(0))
                    + " is not supported by orbit-node: every write is stored when it is"
                    + " acknowledged");
          });
    }
  }

  private static Reply config(Ctx c, List<byte[]> a) {
    byte[] sub = a.get(1);
    ServerConfig cfg = c.engine.state.config;
    if (is(sub, "GET") && a.size() >= 3) {
      Map<String, String> out = new java.util.LinkedHashMap<>();
      for (byte[] p : a.subList(2, a.size())) {
        out.putAll(cfg.matching(p));
      }
      return ServerCommands.configMap(out);
    }
    if (is(sub, "SET") && a.size() >= 4 && a.size() % 2 == 0) {
      // check every pair first, as Redis does: all are set or none
      for (int i = 2; i < a.size(); i += 2) {
        String name = Args.lower(a.get(i));
        String value = Engine.text(a.get(i + 1), 4096);
        if (cfg.get(name) == null) {
          throw new RedisError(
              "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
        }
      }
      for (int i = 2; i < a.size(); i += 2) {
        String name = Args.lower(a.get(i));
        String why = cfg.set(name, Engine.text(a.get(i + 1), 4096));
        if (why != null) {
          throw new RedisError(
              "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + why);
        }
      }
      return Reply.OK;
    }
    if (is(sub, "RESETSTAT") && a.size() == 2) {
      c.engine.state.resetStats();
      return Reply.OK;
    }
    if (is(sub, "REWRITE") && a.size() == 2) {
      throw new RedisError(
          "ERR CONFIG REWRITE is not supported: orbit-node is configured through orbit.yaml");
    }
    if (is(sub, "HELP") && a.size() == 2) {
      return Reply.array(
          List.of(
              Reply.bulk("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
              Reply.bulk("GET <pattern>"),
              Reply.bulk("SET <directive> <value> [<directive> <value> ...]"),
              Reply.bulk("RESETSTAT"),
              Reply.bulk("HELP")));
    }
    throw new RedisError(
        "ERR unknown subcommand or wrong number of arguments for '"
            + Engine.text(sub, 128)
            + "'. Try CONFIG HELP.");
  }

  private static Reply flush(Ctx c, List<byte[]> a, boolean all) {
    if (a.size() > 2 || (a.size() == 2 && !is(a.get(1), "ASYNC") && !is(a.get(1), "SYNC"))) {
      throw RedisError.syntax();
    }
    // watchers of keys that exist now see their EXEC fail, as in Redis
    for (int db = 0; db < Keyspace.DATABASES; db++) {
      if (all || db == c.session.db) {
        touchExisting(c, c.ks.db(db), null);
      }
    }
    c.commitPending();
    if (all) {
      c.waitFor(c.ks.store().clearRange(new byte[] {KeyLayout.ELEMENT}, new byte[] {'N'}));
      c.waitFor(c.ks.store().clearRange(new byte[] {KeyLayout.EXPIRY}, new byte[] {'Y'}));
    } else {
      int phys = c.db().phys();
      for (byte family : new byte[] {KeyLayout.ELEMENT, KeyLayout.GARBAGE, KeyLayout.META}) {
        c.waitFor(
            c.ks
                .store()
                .clearRange(KeyLayout.dbStart(family, phys), KeyLayout.dbEnd(family, phys)));
      }
    }
    return Reply.OK;
  }

  /** Marks watchers of keys of {@code db} that exist (or that exist in {@code other}). */
  private static void touchExisting(Ctx c, Db db, Db other) {
    for (WatchRegistry.Key k : c.engine.watches.keysIn(db.index())) {
      boolean exists =
          c.ks.live(c.tx, db, k.key(), c.now) != null
              || (other != null && c.ks.live(c.tx, other, k.key(), c.now) != null);
      if (exists) {
        c.engine.watches.touch(k);
      }
    }
  }

  private static Reply swapdb(Ctx c, List<byte[]> a) {
    Long x = Args.tryLong(a.get(1));
    if (x == null || x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
      throw new RedisError("ERR invalid first DB index");
    }
    Long y = Args.tryLong(a.get(2));
    if (y == null || y < Integer.MIN_VALUE || y > Integer.MAX_VALUE) {
      throw new RedisError("ERR invalid second DB index");
    }
    if (x < 0 || x >= Keyspace.DATABASES || y < 0 || y >= Keyspace.DATABASES) {
      throw new RedisError("ERR DB index is out of range");
    }
    Db dx = c.ks.db(x.intValue());
    Db dy = c.ks.db(y.intValue());
    touchExisting(c, dx, dy);
    touchExisting(c, dy, dx);
    c.commitPending();
    c.waitFor(c.ks.swap(x.intValue(), y.intValue()));
    c.engine.blockingSwapped();
    return Reply.OK;
  }

  /** Counts the live keys of {@code db}, and those with an expiry. */
  static long[] count(Ctx c, Db db) {
    long[] n = new long[2];
    try (RedisTx.Scan s =
        c.tx.scan(
            KeyLayout.dbStart(KeyLayout.META, db.phys()),
            KeyLayout.dbEnd(KeyLayout.META, db.phys()))) {
      while (s.hasNext()) {
        long at = Meta.expireAtOf(s.next().value());
        if (at != 0 && at <= c.now) {
          continue;
        }
        n[0]++;
        n[1] += at != 0 ? 1 : 0;
      }
    }
    return n;
  }

  static String lowerAscii(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static List<String> words(List<byte[]> a, int from) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < a.size(); i++) {
      out.add(lowerAscii(Engine.text(a.get(i), 64)));
    }
    return out;
  }
}
