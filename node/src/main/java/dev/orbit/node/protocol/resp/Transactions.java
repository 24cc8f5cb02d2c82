package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.Meta;
import java.util.ArrayList;
import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. EXEC runs the queued commands as one run: every key they
 * touch (and every watched key) locked together, one atomic commit. A watched key that changed
 * since WATCH, or expired since, makes EXEC answer a null array and run nothing.
 */
final class Transactions {
  private Transactions() {}

  static void register(CommandTable t) {
    int control = Cmd.NO_DATA | Cmd.SESSION | Cmd.NO_QUEUE;
    t.add("multi", 1, control, Transactions::multi);
    t.add("discard", 1, control, Transactions::discard);
    t.add(
        "exec",
        1,
        Cmd.SESSION | Cmd.NO_QUEUE,
        (c, a) -> {
          throw new IllegalStateException("EXEC runs through Transactions.exec");
        });
    t.add("watch", -2, Cmd.SESSION | Cmd.NO_QUEUE | Cmd.READONLY, 1, -1, 1, Transactions::watch);
    t.add("unwatch", 1, control, Transactions::unwatch);
  }

  private static Reply multi(Ctx c, List<byte[]> a) {
    if (c.session.inMulti()) {
      throw new RedisError("ERR MULTI calls can not be nested");
    }
    c.session.startMulti();
    return Reply.OK;
  }

  private static Reply discard(Ctx c, List<byte[]> a) {
    if (!c.session.inMulti()) {
      throw new RedisError("ERR DISCARD without MULTI");
    }
    c.session.endMulti();
    c.engine.watches.unwatchAll(c.session);
    return Reply.OK;
  }

  private static Reply watch(Ctx c, List<byte[]> a) {
    if (c.session.inMulti()) {
      throw new RedisError("ERR WATCH inside MULTI is not allowed");
    }
    for (int i = 1; i < a.size(); i++) {
      Meta m = c.stored(a.get(i));
      boolean stale = m != null && m.expired(c.now);
      c.engine.watches.watch(c.session, new WatchRegistry.Key(c.session.db, a.get(i)), stale);
    }
    return Reply.OK;
  }

  private static Reply unwatch(Ctx c, List<byte[]> a) {
    c.engine.watches.unwatchAll(c.session);
    return Reply.OK;
  }

  /** EXEC: the queued calls as one locked run, or the reasons not to run them. */
  static Engine.Outcome exec(Engine e, Session s, boolean onLoop) {
    if (!s.inMulti()) {
      return done(Reply.error("ERR EXEC without MULTI"));
    }
    if (s.multiFailed) {
      s.endMulti();
      e.watches.unwatchAll(s);
      return done(Reply.error("EXECABORT Transaction discarded because of previous errors."));
    }
    List<Call> calls = s.multi;
    List<byte[]> keys = new ArrayList<>();
    boolean exclusive = false;
    for (Call call : calls) {
      keys.addAll(call.keys());
      exclusive |= call.cmd().has(Cmd.GLOBAL);
    }
    List<WatchRegistry.Key> watched = new ArrayList<>(s.watched.keySet());
    watched.forEach(k -> keys.add(k.key()));
    if (onLoop && keys.size() > Engine.LOOP_KEYS) {
      return Engine.Outcome.OFF_LOOP;
    }
    Engine.Outcome o =
        e.locked(
            s,
            keys,
            exclusive,
            onLoop,
            Engine.writes(calls),
            1,
            ctx -> {
              if (s.watchDirty || expiredSinceWatch(ctx, s)) {
                return List.of(Reply.NIL_ARRAY);
              }
              List<Reply> replies = new ArrayList<>(calls.size());
              for (Call call : calls) {
                replies.add(e.one(ctx, call, true));
              }
              return List.of(Reply.array(replies));
            });
    if (!o.offLoop()) {
      s.endMulti();
      e.watches.unwatchAll(s);
    }
    return o;
  }

  private static boolean expiredSinceWatch(Ctx c, Session s) {
    for (var w : s.watched.entrySet()) {
      if (!w.getValue()) {
        Meta m = c.ks.stored(c.tx, c.ks.db(w.getKey().db()), w.getKey().key());
        if (m != null && m.expired(c.now)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Engine.Outcome done(Reply r) {
    return new Engine.Outcome(List.of(r), null, false);
  }
}
