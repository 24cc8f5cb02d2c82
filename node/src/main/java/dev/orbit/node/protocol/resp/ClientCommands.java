package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;

import java.util.ArrayList;
import java.util.List;

/** CLIENT subcommands: ID, SETNAME, GETNAME, SETINFO, INFO, LIST, KILL, NO-EVICT. */
final class ClientCommands {
  private ClientCommands() {}

  static void register(CommandTable t) {
    t.add("client", -2, Cmd.NO_DATA | Cmd.SESSION, ClientCommands::client);
  }

  static void setName(Session s, byte[] name) {
    for (byte b : name) {
      if (b < '!' || b > '~') {
        throw new RedisError(
            "ERR Client names cannot contain spaces, newlines or special characters.");
      }
    }
    s.name = name.length == 0 ? null : name;
  }

  private static RedisError unknown(List<byte[]> a) {
    return new RedisError(
        "ERR unknown subcommand or wrong number of arguments for '"
            + Engine.text(a.get(1), 128)
            + "'. Try CLIENT HELP.");
  }

  private static Reply client(Ctx c, List<byte[]> a) {
    Session s = c.session;
    byte[] sub = a.get(1);
    int n = a.size();
    if (is(sub, "ID") && n == 2) {
      return Reply.integer(s.id);
    }
    if (is(sub, "SETNAME") && n == 3) {
      setName(s, a.get(2));
      return Reply.OK;
    }
    if (is(sub, "GETNAME") && n == 2) {
      return Reply.bulk(s.name);
    }
    if (is(sub, "SETINFO") && n == 4) {
      if (is(a.get(2), "LIB-NAME")) {
        s.libName = a.get(3);
      } else if (is(a.get(2), "LIB-VER")) {
        s.libVersion = a.get(3);
      } else {
        throw new RedisError("ERR Unrecognized option '" + Engine.text(a.get(2), 64) + "'");
      }
      return Reply.OK;
    }
    if (is(sub, "INFO") && n == 2) {
      return new Reply.Verbatim("txt", line(c, s) + "\n");
    }
    if (is(sub, "LIST")) {
      StringBuilder sb = new StringBuilder();
      for (Session other : c.engine.state.clients()) {
        sb.append(line(c, other)).append('\n');
      }
      return new Reply.Verbatim("txt", sb.toString());
    }
    if (is(sub, "KILL") && n >= 3) {
      return kill(c, a);
    }
    if (is(sub, "REPLY") && n == 3) {
      String mode = Args.upper(a.get(2));
      if (!mode.equals("ON") && !mode.equals("OFF") && !mode.equals("SKIP")) {
        throw RedisError.syntax();
      }
      s.replyMode = mode;
      return mode.equals("ON") ? Reply.OK : Reply.NONE;
    }
    if (is(sub, "UNBLOCK") && (n == 3 || n == 4)) {
      long id = Args.parseLong(a.get(2));
      boolean error = false;
      if (n == 4) {
        if (is(a.get(3), "ERROR")) {
          error = true;
        } else if (!is(a.get(3), "TIMEOUT")) {
          throw new RedisError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
        }
      }
      return Reply.integer(c.engine.blocking.unblock(id, error) ? 1 : 0);
    }
    if (is(sub, "NO-EVICT") && n == 3) {
      if (!is(a.get(2), "ON") && !is(a.get(2), "OFF")) {
        throw RedisError.syntax();
      }
      return Reply.OK; // orbit-node never evicts clients for memory
    }
    if (is(sub, "HELP")) {
      return Reply.array(
          List.of(
              Reply.bulk("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
              Reply.bulk("ID, SETNAME <name>, GETNAME, SETINFO <LIB-NAME|LIB-VER> <value>,"),
              Reply.bulk("INFO, LIST, KILL <ip:port> | KILL ID <id> | KILL ADDR <ip:port>,"),
              Reply.bulk("NO-EVICT <ON|OFF>, HELP")));
    }
    if (is(sub, "TRACKING")
        || is(sub, "PAUSE")
        || is(sub, "UNPAUSE")
        || is(sub, "CACHING")
        || is(sub, "GETREDIR")
        || is(sub, "TRACKINGINFO")
        || is(sub, "NO-TOUCH")) {
      throw new RedisError("ERR CLIENT " + Args.upper(sub) + " is not supported by orbit-node");
    }
    throw unknown(a);
  }

  private static Reply kill(Ctx c, List<byte[]> a) {
    List<Session> victims = new ArrayList<>();
    if (a.size() == 3) {
      String addr = Engine.text(a.get(2), 256);
      for (Session s : c.engine.state.clients()) {
        if (addr(s).equals(addr)) {
          victims.add(s);
        }
      }
      if (victims.isEmpty()) {
        throw new RedisError("ERR No such client");
      }
      victims.forEach(v -> v.conn.kill());
      return Reply.OK;
    }
    for (int i = 2; i + 1 < a.size(); i += 2) {
      byte[] f = a.get(i);
      String v = Engine.text(a.get(i + 1), 256);
      for (Session s : c.engine.state.clients()) {
        boolean match =
            (is(f, "ID") && String.valueOf(s.id).equals(v)) || (is(f, "ADDR") && addr(s).equals(v));
        if (match) {
          victims.add(s);
        }
      }
      if (!is(f, "ID") && !is(f, "ADDR") && !is(f, "SKIPME")) {
        throw RedisError.syntax();
      }
    }
    victims.forEach(v -> v.conn.kill());
    return Reply.integer(victims.size());
  }

  private static String addr(Session s) {
    String a = s.address;
    return a.startsWith("/") ? a.substring(1) : a;
  }

  private static String line(Ctx c, Session s) {
    long now = System.currentTimeMillis();
    long omem = s.conn.outputBytes();
    String flags = (s.inMulti() ? "x" : "") + (s.subscriptions() > 0 ? "P" : "");
    return "id="
        + s.id
        + " addr="
        + addr(s)
        + " laddr=? fd=-1 name="
        + (s.name == null ? "" : new String(s.name, java.nio.charset.StandardCharsets.UTF_8))
        + " age="
        + (now - s.createdAt) / 1000
        + " idle=0 flags="
        + (flags.isEmpty() ? "N" : flags)
        + " db="
        + s.db
        + " sub="
        + s.channels.size()
        + " psub="
        + s.patterns.size()
        + " ssub=0 multi="
        + (s.inMulti() ? s.multi.size() : -1)
        + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem="
        + omem
        + " tot-mem="
        + omem
        + " events=r cmd="
        + s.lastCommand
        + " user="
        + s.user
        + " redir=-1 resp="
        + s.resp
        + (s.libName == null ? "" : " lib-name=" + new String(s.libName))
        + (s.libVersion == null ? "" : " lib-ver=" + new String(s.libVersion));
  }
}
