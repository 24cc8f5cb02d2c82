package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;

import dev.orbit.node.redis.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Connection and server commands: PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO, TIME, FUNCTION. */
final class ServerCommands {
  static final String VERSION = "7.0.15";

  private ServerCommands() {}

  static void register(CommandTable t) {
    int fast = Cmd.NO_DATA | Cmd.PUBSUB;
    t.add("ping", -1, fast, ServerCommands::ping);
    t.add("echo", 2, Cmd.NO_DATA, (c, a) -> Reply.bulk(a.get(1)));
    t.add(
        "quit",
        -1,
        Cmd.NO_DATA | Cmd.NO_AUTH | Cmd.PUBSUB | Cmd.NO_QUEUE | Cmd.SESSION,
        ServerCommands::quit);
    t.add(
        "reset",
        1,
        Cmd.NO_DATA | Cmd.NO_AUTH | Cmd.PUBSUB | Cmd.NO_QUEUE | Cmd.SESSION,
        ServerCommands::reset);
    t.add("select", 2, Cmd.NO_DATA | Cmd.SESSION, ServerCommands::select);
    t.add("auth", -2, Cmd.NO_DATA | Cmd.NO_AUTH | Cmd.SESSION, ServerCommands::auth);
    t.add("hello", -1, Cmd.NO_DATA | Cmd.NO_AUTH | Cmd.SESSION, ServerCommands::hello);
    t.add("time", 1, Cmd.NO_DATA, ServerCommands::time);
    t.add("function", -2, Cmd.NO_DATA, ServerCommands::function);
  }

  private static Reply ping(Ctx c, List<byte[]> a) {
    if (a.size() > 2) {
      throw Args.wrongArgs(a);
    }
    if (c.session.resp == 2 && c.session.subscriptions() > 0) {
      return Reply.array(
          List.of(Reply.bulk("pong"), Reply.bulk(a.size() == 2 ? a.get(1) : new byte[0])));
    }
    return a.size() == 2 ? Reply.bulk(a.get(1)) : Reply.PONG;
  }

  private static Reply quit(Ctx c, List<byte[]> a) {
    c.session.quit = true;
    return Reply.OK;
  }

  private static Reply reset(Ctx c, List<byte[]> a) {
    Session s = c.session;
    s.endMulti();
    c.engine.watches.unwatchAll(s);
    PubSub ps = c.engine.state.pubsub;
    if (ps != null) {
      ps.unsubscribeAll(s);
    }
    s.db = 0;
    s.resp = 2;
    s.name = null;
    s.user = "default";
    s.authenticated = !c.engine.state.authRequired();
    return new Reply.Simple("RESET");
  }

  private static Reply select(Ctx c, List<byte[]> a) {
    long db = Args.parseLong(a.get(1));
    if (db < 0 || db >= Keyspace.DATABASES) {
      throw new RedisError("ERR DB index is out of range");
    }
    c.session.db = (int) db;
    return Reply.OK;
  }

  private static final String WRONGPASS =
      "WRONGPASS invalid username-password pair or user is disabled.";

  private static Reply auth(Ctx c, List<byte[]> a) {
    if (a.size() > 3) {
      throw RedisError.syntax();
    }
    ServerState st = c.engine.state;
    String user = a.size() == 3 ? Engine.text(a.get(1), 256) : "default";
    byte[] password = a.get(a.size() - 1);
    if (!st.authRequired()) {
      if (a.size() == 2) {
        throw new RedisError(
            "ERR AUTH <password> called without any password configured for the default user."
                + " Are you sure your configuration is correct?");
      }
      if (!user.equals("default")) {
        throw new RedisError(WRONGPASS);
      }
      return Reply.OK;
    }
    if (!st.checkPassword(user, password)) {
      throw new RedisError(WRONGPASS);
    }
    c.session.authenticated = true;
    c.session.user = user;
    c.session.conn.loggedIn();
    return Reply.OK;
  }

  private static Reply hello(Ctx c, List<byte[]> a) {
    long ver = 0;
    int next = 1;
    if (a.size() >= 2) {
      ver = Args.parseLong(a.get(next++), "ERR Protocol version is not an integer or out of range");
      if (ver < 2 || ver > 3) {
        throw new RedisError("NOPROTO unsupported protocol version");
      }
    }
    Session s = c.session;
    for (int j = next; j < a.size(); j++) {
      int more = a.size() - 1 - j;
      if (is(a.get(j), "AUTH") && more >= 2) {
        String user = Engine.text(a.get(j + 1), 256);
        if (c.engine.state.authRequired()) {
          if (!c.engine.state.checkPassword(user, a.get(j + 2))) {
            throw new RedisError(WRONGPASS);
          }
          s.authenticated = true;
          s.user = user;
          s.conn.loggedIn();
        } else if (!user.equals("default")) {
          throw new RedisError(WRONGPASS);
        }
        j += 2;
      } else if (is(a.get(j), "SETNAME") && more >= 1) {
        ClientCommands.setName(s, a.get(++j));
      } else {
        throw new RedisError(
            "ERR Syntax error in HELLO option '" + Engine.text(a.get(j), 128) + "'");
      }
    }
    if (!s.authenticated) {
      throw new RedisError(
          "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO"
              + " AUTH <user> <pass> option can be used to authenticate the client and select the"
              + " RESP protocol version at the same time");
    }
    if (ver != 0) {
      s.resp = (int) ver;
    }
    return new Reply.MapReply(
        List.of(
            Reply.bulk("server"),
            Reply.bulk("redis"),
            Reply.bulk("version"),
            Reply.bulk(VERSION),
            Reply.bulk("proto"),
            Reply.integer(s.resp),
            Reply.bulk("id"),
            Reply.integer(s.id),
            Reply.bulk("mode"),
            Reply.bulk("standalone"),
            Reply.bulk("role"),
            Reply.bulk("master"),
            Reply.bulk("modules"),
            Reply.EMPTY_ARRAY));
  }

  private static Reply time(Ctx c, List<byte[]> a) {
    long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
    return Reply.array(
        List.of(
            Reply.bulk(Args.bytes(micros / 1_000_000)),
            Reply.bulk(Args.bytes(micros % 1_000_000))));
  }

  /** FUNCTION FLUSH and LIST over the library, which is always empty: orbit-node runs no code. */
  private static Reply function(Ctx c, List<byte[]> a) {
    byte[] sub = a.get(1);
    if (is(sub, "FLUSH")) {
      if (a.size() > 3 || (a.size() == 3 && !is(a.get(2), "ASYNC") && !is(a.get(2), "SYNC"))) {
        throw new RedisError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
      }
      return Reply.OK;
    }
    if (is(sub, "LIST")) {
      return Reply.EMPTY_ARRAY;
    }
    throw new RedisError(
        "ERR FUNCTION " + Args.upper(sub) + " is not supported: orbit-node runs no functions");
  }

  /** The value of a parameter map as CONFIG GET answers it. */
  static Reply configMap(Map<String, String> m) {
    List<Reply> out = new ArrayList<>();
    m.forEach(
        (k, v) -> {
          out.add(Reply.bulk(k));
          out.add(Reply.bulk(v));
        });
    return new Reply.MapReply(out);
  }
}
