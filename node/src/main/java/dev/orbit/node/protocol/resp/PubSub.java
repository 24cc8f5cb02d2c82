package dev.orbit.node.protocol.resp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channels and patterns and who listens: SUBSCRIBE, PSUBSCRIBE, their UNSUBSCRIBEs, PUBLISH and
 * PUBSUB. Messages are pushed to subscribers as they are published and are never stored.
 */
final class PubSub {
  private final Map<Bytes, Set<Session>> channels = new ConcurrentHashMap<>();
  private final Map<Bytes, Set<Session>> patterns = new ConcurrentHashMap<>();

  static void register(CommandTable t, PubSub ps) {
    int f = Cmd.NO_DATA | Cmd.SESSION | Cmd.PUBSUB;
    t.add("subscribe", -2, f, (c, a) -> ps.subscribe(c.session, a, false));
    t.add("psubscribe", -2, f, (c, a) -> ps.subscribe(c.session, a, true));
    t.add("unsubscribe", -1, f, (c, a) -> ps.unsubscribe(c.session, a, false));
    t.add("punsubscribe", -1, f, (c, a) -> ps.unsubscribe(c.session, a, true));
    t.add("publish", 3, Cmd.NO_DATA, (c, a) -> Reply.integer(ps.publish(c, a.get(1), a.get(2))));
    t.add("pubsub", -2, Cmd.NO_DATA, ps::pubsub);
  }

  int channelCount() {
    return channels.size();
  }

  int patternCount() {
    return patterns.size();
  }

  private static Reply event(Session s, String kind, byte[] name, long count) {
    return new Reply.Push(
        List.of(
            Reply.bulk(kind), name == null ? Reply.NIL : Reply.bulk(name), Reply.integer(count)));
  }

  private Reply subscribe(Session s, List<byte[]> a, boolean pattern) {
    if (s.inMulti()) {
      // Redis allows it in MULTI; the confirmations then become EXEC's replies
    }
    Map<Bytes, Set<Session>> map = pattern ? patterns : channels;
    Set<Bytes> mine = pattern ? s.patterns : s.channels;
    List<Reply> out = new ArrayList<>();
    for (int i = 1; i < a.size(); i++) {
      Bytes name = new Bytes(a.get(i));
      if (mine.add(name)) {
        map.computeIfAbsent(name, x -> ConcurrentHashMap.newKeySet()).add(s);
      }
      out.add(event(s, pattern ? "psubscribe" : "subscribe", a.get(i), s.subscriptions()));
    }
    return new Reply.Many(out);
  }

  private Reply unsubscribe(Session s, List<byte[]> a, boolean pattern) {
    Set<Bytes> mine = pattern ? s.patterns : s.channels;
    String kind = pattern ? "punsubscribe" : "unsubscribe";
    List<Bytes> names = new ArrayList<>();
    if (a.size() == 1) {
      names.addAll(mine);
    } else {
      for (int i = 1; i < a.size(); i++) {
        names.add(new Bytes(a.get(i)));
      }
    }
    List<Reply> out = new ArrayList<>();
    for (Bytes n : names) {
      remove(s, n, pattern);
      out.add(event(s, kind, n.b(), s.subscriptions()));
    }
    if (out.isEmpty()) {
      out.add(event(s, kind, null, s.subscriptions()));
    }
    return new Reply.Many(out);
  }

  private void remove(Session s, Bytes name, boolean pattern) {
    Set<Bytes> mine = pattern ? s.patterns : s.channels;
    if (mine.remove(name)) {
      (pattern ? patterns : channels)
          .computeIfPresent(
              name,
              (k, set) -> {
                set.remove(s);
                return set.isEmpty() ? null : set;
              });
    }
  }

  void unsubscribeAll(Session s) {
    for (Bytes n : List.copyOf(s.channels)) {
      remove(s, n, false);
    }
    for (Bytes n : List.copyOf(s.patterns)) {
      remove(s, n, true);
    }
  }

  private long publish(Ctx c, byte[] channel, byte[] message) {
    long n = 0;
    Set<Session> subs = channels.get(new Bytes(channel));
    if (subs != null) {
      Reply msg =
          new Reply.Push(List.of(Reply.bulk("message"), Reply.bulk(channel), Reply.bulk(message)));
      for (Session s : subs) {
        s.conn.push(msg);
        n++;
      }
    }
    if (!patterns.isEmpty()) {
      c.work(patterns.size());
      for (Map.Entry<Bytes, Set<Session>> p : patterns.entrySet()) {
        if (Glob.matches(p.getKey().b(), channel)) {
          Reply msg =
              new Reply.Push(
                  List.of(
                      Reply.bulk("pmessage"),
                      Reply.bulk(p.getKey().b()),
                      Reply.bulk(channel),
                      Reply.bulk(message)));
          for (Session s : p.getValue()) {
            s.conn.push(msg);
            n++;
          }
        }
      }
    }
    return n;
  }

  private Reply pubsub(Ctx c, List<byte[]> a) {
    byte[] sub = a.get(1);
    if (Args.is(sub, "CHANNELS") && a.size() <= 3) {
      byte[] pattern = a.size() == 3 ? a.get(2) : null;
      List<Reply> out = new ArrayList<>();
      for (Bytes ch : channels.keySet()) {
        if (pattern == null || Glob.matches(pattern, ch.b())) {
          out.add(Reply.bulk(ch.b()));
        }
      }
      c.work(channels.size());
      return Reply.array(out);
    }
    if (Args.is(sub, "NUMSUB")) {
      List<Reply> out = new ArrayList<>();
      for (byte[] ch : a.subList(2, a.size())) {
        Set<Session> subs = channels.get(new Bytes(ch));
        out.add(Reply.bulk(ch));
        out.add(Reply.integer(subs == null ? 0 : subs.size()));
      }
      return new Reply.MapReply(out);
    }
    if (Args.is(sub, "NUMPAT") && a.size() == 2) {
      return Reply.integer(patterns.size());
    }
    if (Args.is(sub, "SHARDCHANNELS") || Args.is(sub, "SHARDNUMSUB")) {
      throw new RedisError("ERR PUBSUB " + Args.upper(sub) + " is not supported by orbit-node");
    }
    throw new RedisError(
        "ERR unknown subcommand or wrong number of arguments for '"
            + Engine.text(sub, 128)
            + "'. Try PUBSUB HELP.");
  }
}
