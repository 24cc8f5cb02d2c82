package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.is;

import java.util.ArrayList;
import java.util.List;

/** COMMAND, COMMAND COUNT / LIST / INFO / DOCS / GETKEYS, from the command table. */
final class CommandInfo {
  private CommandInfo() {}

  static Reply run(Ctx c, List<byte[]> a) {
    CommandTable t = c.engine.table();
    if (a.size() == 1) {
      List<Reply> out = new ArrayList<>();
      for (Cmd cmd : t.all()) {
        out.add(info(cmd));
      }
      return Reply.array(out);
    }
    byte[] sub = a.get(1);
    if (is(sub, "COUNT") && a.size() == 2) {
      return Reply.integer(t.all().size());
    }
    if (is(sub, "LIST")) {
      List<Reply> out = new ArrayList<>();
      for (Cmd cmd : t.all()) {
        out.add(Reply.bulk(cmd.name()));
      }
      return Reply.array(out);
    }
    if (is(sub, "INFO")) {
      List<Reply> out = new ArrayList<>();
      if (a.size() == 2) {
        t.all().forEach(cmd -> out.add(info(cmd)));
      }
      for (byte[] name : a.subList(2, a.size())) {
        Cmd cmd = t.get(name);
        out.add(cmd == null ? Reply.NIL_ARRAY : info(cmd));
      }
      return Reply.array(out);
    }
    if (is(sub, "DOCS")) {
      List<Reply> out = new ArrayList<>();
      for (byte[] name : a.subList(2, a.size())) {
        Cmd cmd = t.get(name);
        if (cmd != null) {
          out.add(Reply.bulk(cmd.name()));
          out.add(new Reply.MapReply(List.of()));
        }
      }
      return new Reply.MapReply(out);
    }
    if (is(sub, "GETKEYS") && a.size() >= 3) {
      List<byte[]> call = a.subList(2, a.size());
      Cmd cmd = t.get(call.get(0));
      if (cmd == null) {
        throw new RedisError("ERR Invalid command specified");
      }
      if (!cmd.arityOk(call.size())) {
        throw new RedisError("ERR Invalid number of arguments specified for command");
      }
      List<byte[]> keys = cmd.keys(call);
      if (keys.isEmpty()) {
        throw new RedisError("ERR The command has no key arguments");
      }
      List<Reply> out = new ArrayList<>();
      keys.forEach(k -> out.add(Reply.bulk(k)));
      return Reply.array(out);
    }
    throw new RedisError(
        "ERR unknown subcommand or wrong number of arguments for '"
            + Engine.text(sub, 128)
            + "'. Try COMMAND HELP.");
  }

  private static Reply info(Cmd cmd) {
    List<Reply> flags = new ArrayList<>();
    if (cmd.has(Cmd.WRITE)) {
      flags.add(new Reply.Simple("write"));
    }
    if (cmd.has(Cmd.READONLY)) {
      flags.add(new Reply.Simple("readonly"));
    }
    if (cmd.has(Cmd.NO_AUTH)) {
      flags.add(new Reply.Simple("no_auth"));
    }
    if (cmd.has(Cmd.PUBSUB)) {
      flags.add(new Reply.Simple("pubsub"));
    }
    if (cmd.has(Cmd.BLOCKING)) {
      flags.add(new Reply.Simple("blocking"));
    }
    int last = cmd.lastKey();
    return Reply.array(
        List.of(
            Reply.bulk(cmd.name()),
            Reply.integer(cmd.arity()),
            new Reply.SetReply(flags),
            Reply.integer(cmd.firstKey()),
            Reply.integer(last),
            Reply.integer(cmd.step()),
            new Reply.SetReply(List.of()),
            new Reply.SetReply(List.of()),
            Reply.EMPTY_ARRAY,
            Reply.EMPTY_ARRAY));
  }
}
