package dev.orbit.e2e.attack;

import static dev.orbit.e2e.attack.Attack.mib;
import static dev.orbit.e2e.attack.Attack.seconds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Attacks through the Redis protocol (their fixes belong to the Redis engineer). */
final class RedisAttacks {
  private RedisAttacks() {}

  static List<Attack> all() {
    return List.of(
        new Attack("redis-500mib-set", "redis", RedisAttacks::bigSet),
        new Attack("redis-pipelined-big-gets", "redis", RedisAttacks::pipelinedGets),
        new Attack("redis-trickled-frame", "redis", RedisAttacks::trickle),
        new Attack("redis-mget-1m-keys", "redis", c -> multiKey(c, "MGET")),
        new Attack("redis-del-1m-keys", "redis", c -> multiKey(c, "DEL")));
  }

  /**
   * A connection that has sent a first command, as every client library does (HELLO, CLIENT
   * SETINFO, PING): the attack is the big or slow command after it, not a login that never ends.
   */
  static Resp loggedIn(Attack.Ctx c, int timeoutMillis) throws IOException {
    Resp r = c.track(new Resp(c.node.redis, timeoutMillis));
    r.call("PING");
    return r;
  }

  static String reply(Object r) {
    if (r instanceof byte[] b) {
      return b.length + " bytes";
    }
    if (r instanceof List<?> l) {
      return l.size() + " items";
    }
    return String.valueOf(r);
  }

  /** SET of a 500 MiB value, sent as fast as the node reads it. */
  static String bigSet(Attack.Ctx c) throws Exception {
    long start = System.nanoTime();
    Resp r = loggedIn(c, 600_000);
    long size = 500L << 20;
    r.send(
        ("*3\r\n$3\r\nSET\r\n$8\r\nbig:500m\r\n$" + size + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    OutputStream out = r.socket.getOutputStream();
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) 'x');
    try {
      for (long sent = 0; sent < size; sent += chunk.length) {
        out.write(chunk);
      }
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      return "the node closed the connection after " + seconds(start) + ": " + e.getMessage();
    }
    Object answer = r.read();
    Object del = r.call("DEL", "big:500m");
    return "SET answered " + reply(answer) + " in " + seconds(start) + "; DEL " + reply(del);
  }

  /** 4,000 pipelined GETs of a 1 MiB value whose replies are never read. */
  static String pipelinedGets(Attack.Ctx c) throws Exception {
    try (Resp setup = new Resp(c.node.redis, 60_000)) {
      setup.call("SET", "big:1m", "x".repeat(1 << 20));
    }
    long rssBefore = c.node.rssBytes();
    long start = System.nanoTime();
    Resp r = loggedIn(c, 60_000);
    byte[] get = Resp.command("GET", "big:1m");
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    for (int i = 0; i < 4000; i++) {
      batch.writeBytes(get);
    }
    r.send(batch.toByteArray());
    long peak = rssBefore;
    boolean dropped = false;
    for (int i = 0; i < 100 && !dropped; i++) { // 20 s, reading nothing
      Thread.sleep(200);
      peak = Math.max(peak, c.node.rssBytes());
      dropped = ConnectionAttacks.closedByServer(r.socket, System.nanoTime() + 1_000_000);
    }
    return (dropped ? "the node dropped the client that did not read" : "the client was kept")
        + " after "
        + seconds(start)
        + "; node RSS "
        + mib(rssBefore)
        + " -> peak "
        + mib(peak);
  }

  /** A 14 KB SET trickled one byte at a time; the node's CPU time shows re-parsing. */
  static String trickle(Attack.Ctx c) throws Exception {
    byte[] frame = Resp.command("SET", "trickled", "t".repeat(14_000));
    long cpuBefore = c.node.cpuMillis();
    long start = System.nanoTime();
    Resp r = loggedIn(c, 120_000);
    OutputStream out = r.socket.getOutputStream();
    for (byte b : frame) {
      out.write(b);
      out.flush();
      Thread.sleep(0, 500_000);
    }
    Object answer = r.read();
    return "answered "
        + reply(answer)
        + " after "
        + seconds(start)
        + "; node CPU used meanwhile "
        + (c.node.cpuMillis() - cpuBefore)
        + " ms (bystanders included)";
  }

  /** MGET or DEL of 1,000,000 keys in one command. */
  static String multiKey(Attack.Ctx c, String command) throws Exception {
    byte[][] args = new byte[1_000_001][];
    args[0] = command.getBytes(StandardCharsets.US_ASCII);
    for (int i = 1; i < args.length; i++) {
      args[i] = ("many:" + i).getBytes(StandardCharsets.US_ASCII);
    }
    long start = System.nanoTime();
    Resp r = loggedIn(c, 300_000);
    r.send(Resp.command(args));
    Object answer = r.read();
    return command + " of 1M keys answered " + reply(answer) + " in " + seconds(start);
  }
}
