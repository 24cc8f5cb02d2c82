package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;

import dev.orbit.node.redis.Meta;
import java.util.ArrayList;
import java.util.List;

/** ZMPOP and the blocking BZPOPMIN, BZPOPMAX, BZMPOP. */
final class ZPops {
  private ZPops() {}

  static void register(CommandTable t) {
    int b = Cmd.WRITE | Cmd.BLOCKING;
    t.add("bzpopmin", -3, b, 1, -2, 1, (c, a) -> bzpop(c, a, false));
    t.add("bzpopmax", -3, b, 1, -2, 1, (c, a) -> bzpop(c, a, true));
    t.add(
        "zmpop",
        -4,
        Cmd.WRITE,
        0,
        0,
        0,
        new Cmd.WithKeys(KeyFinders.numkeys(1), (c, a) -> zmpop(c, a, 1, false)));
    t.add(
        "bzmpop",
        -5,
        b,
        0,
        0,
        0,
        new Cmd.WithKeys(KeyFinders.numkeys(2), (c, a) -> zmpop(c, a, 2, true)));
  }

  private static Reply bzpop(Ctx c, List<byte[]> a, boolean max) {
    long timeout = Blocking.timeoutMillis(a.get(a.size() - 1));
    List<byte[]> keys = new ArrayList<>(a.subList(1, a.size() - 1));
    for (byte[] k : keys) {
      Coll.read(c, k, Meta.Type.ZSET);
    }
    return c.engine.blocking.block(
        c,
        keys,
        keys,
        timeout,
        ctx -> {
          for (byte[] k : keys) {
            Coll z = Coll.readIf(ctx, k, Meta.Type.ZSET);
            if (z != null) {
              ZSets.Entry e = ZSetCommands.pop(z, 1, max).get(0);
              return Reply.array(
                  List.of(Reply.bulk(k), Reply.bulk(e.member()), new Reply.DoubleReply(e.score())));
            }
          }
          return null;
        },
        Reply.NIL_ARRAY);
  }

  private static Reply zmpop(Ctx c, List<byte[]> a, int numkeysAt, boolean block) {
    long numkeys = Args.parseLong(a.get(numkeysAt), "ERR numkeys should be greater than 0");
    if (numkeys < 1) {
      throw new RedisError("ERR numkeys should be greater than 0");
    }
    long whereAt = numkeysAt + numkeys + 1;
    if (whereAt >= a.size()) {
      throw RedisError.syntax();
    }
    boolean max;
    if (is(a.get((int) whereAt), "MIN")) {
      max = false;
    } else if (is(a.get((int) whereAt), "MAX")) {
      max = true;
    } else {
      throw RedisError.syntax();
    }
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
    Blocking.Attempt attempt =
        ctx -> {
          for (byte[] k : keys) {
            Coll z =
                ctx.session.blocked
                    ? Coll.readIf(ctx, k, Meta.Type.ZSET)
                    : Coll.read(ctx, k, Meta.Type.ZSET);
            if (z != null) {
              List<Reply> pairs = new ArrayList<>();
              for (ZSets.Entry e : ZSetCommands.pop(z, n, max)) {
                pairs.add(ZSetCommands.pair(ctx, e));
              }
              return Reply.array(List.of(Reply.bulk(k), Reply.array(pairs)));
            }
          }
          return null;
        };
    if (!block) {
      Reply r = attempt.run(c);
      return r == null ? Reply.NIL_ARRAY : r;
    }
    long timeout = Blocking.timeoutMillis(a.get(1));
    for (byte[] k : keys) {
      Coll.read(c, k, Meta.Type.ZSET);
    }
    return c.engine.blocking.block(c, keys, keys, timeout, attempt, Reply.NIL_ARRAY);
  }
}
