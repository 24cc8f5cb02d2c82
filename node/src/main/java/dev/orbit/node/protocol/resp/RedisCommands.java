package dev.orbit.node.protocol.resp;

import static dev.orbit.node.protocol.resp.Args.arity;
import static dev.orbit.node.protocol.resp.Args.exact;
import static dev.orbit.node.protocol.resp.Args.lower;
import static dev.orbit.node.protocol.resp.Args.parseLong;
import static dev.orbit.node.protocol.resp.Args.upper;

import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageException;
import dev.orbit.node.storage.Txn;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Parses and runs Redis commands against the {@code redis} protocol store. Replies to commands that
 * wrote complete when the writes are durable under the configured durability.
 */
public final class RedisCommands {
  static final String VERSION = "7.2.0";

  private final ProtocolStore store;
  private final Clock clock;
  private final ServerInfo info;

  /** What INFO reports about the server process. */
  public interface ServerInfo {
    int port();

    long startedAtMillis();

    int connectedClients();
  }

  public RedisCommands(ProtocolStore store, Clock clock, ServerInfo info) {
    this.store = store;
    this.clock = clock;
    this.info = info;
  }

  /** A connection's state. */
  static final class Session {
    byte[] name;
    boolean quit;
  }

  /** Parses one request; nothing runs until {@link #run} or {@link #runKeyed}. */
  Command parse(List<byte[]> args, Session session) {
    String cmd = upper(args.get(0));
    try {
      Command.Keyed keyed = StringCommands.parse(cmd, args, clock.millis());
      return keyed != null ? keyed : standalone(cmd, args, session);
    } catch (Command.WrongArgs e) {
      return Command.reply(
          Reply.error(
              "ERR wrong number of arguments for '" + cmd.toLowerCase(Locale.ROOT) + "' command"));
    } catch (Command.Error e) {
      return Command.reply(Reply.error(e.getMessage()));
    } catch (ArithmeticException e) {
      return Command.reply(Reply.error("ERR value is out of range"));
    }
  }

  /** Runs a standalone command. */
  CompletableFuture<Reply> run(Command.Standalone c) {
    try {
      return c.run().get();
    } catch (Command.Error e) {
      return done(Reply.error(e.getMessage()));
    } catch (StorageException e) {
      return done(storageError(e));
    }
  }

  /**
   * The replies of a run of keyed commands, in order, and when they may be sent: {@code durable} is
   * null when nothing was written (or the write needs no wait), else it completes once the batch's
   * writes are durable.
   */
  record Batch(List<Reply> replies, CompletableFuture<Void> durable) {
    /** The replies to send once {@code durable} completed with {@code failure} (null: success). */
    List<Reply> settled(Throwable failure) {
      return failure == null ? replies : Collections.nCopies(replies.size(), storageError(failure));
    }

    /** Every command of a batch of {@code n} answered with the same storage error. */
    static Batch failed(int n, StorageException e) {
      return new Batch(Collections.nCopies(n, storageError(e)), null);
    }
  }

  /**
   * Runs consecutive keyed commands as one transaction: their keys locked together, each command
   * seeing the writes of the ones before it, all writes committed in one batch. A command that
   * fails leaves no writes of its own. The replies may be sent once the batch is durable.
   */
  Batch runKeyed(List<Command.Keyed> batch) {
    if (allReadOnly(batch)) {
      try {
        return readOnly(batch);
      } catch (Command.NeedsLocks e) {
        // an expired key to remove: run the batch again as a locked transaction
      }
    }
    List<byte[]> keys = new ArrayList<>(batch.size() * 2);
    for (Command.Keyed k : batch) {
      keys.addAll(k.keys());
    }
    List<Reply> replies = new ArrayList<>(batch.size());
    try {
      CompletableFuture<Void> durable =
          store
              .atomically(
                  keys,
                  t -> {
                    for (Command.Keyed k : batch) {
                      replies.add(apply(t, k));
                    }
                    return null;
                  })
              .durable();
      return new Batch(
          replies, durable.isDone() && !durable.isCompletedExceptionally() ? null : durable);
    } catch (StorageException e) {
      return Batch.failed(batch.size(), e);
    }
  }

  private static boolean allReadOnly(List<Command.Keyed> batch) {
    for (Command.Keyed k : batch) {
      if (!k.readOnly()) {
        return false;
      }
    }
    return true;
  }

  /** A batch of reads only: no locks, nothing to wait for. */
  private Batch readOnly(List<Command.Keyed> batch) {
    try {
      return store.read(
          t -> {
            List<Reply> out = new ArrayList<>(batch.size());
            for (Command.Keyed k : batch) {
              out.add(apply(t, k));
            }
            return new Batch(out, null);
          });
    } catch (StorageException e) {
      return Batch.failed(batch.size(), e);
    }
  }

  /** One command inside the batch; on error its own buffered writes are undone. */
  private static Reply apply(Txn t, Command.Keyed k) {
    Txn.Savepoint sp = t.savepoint();
    try {
      return k.op().apply(t);
    } catch (Command.Error e) {
      t.rollbackTo(sp);
      return Reply.error(e.getMessage());
    }
  }

  /** The error reply for a failed wait for durability (the cause of a CompletionException). */
  static Reply storageError(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof dev.orbit.node.storage.NotLeaderException) {
      return READONLY;
    }
    if (cause instanceof dev.orbit.node.storage.ReplicaLagException) {
      return Reply.error("MASTERDOWN " + cause.getMessage());
    }
    return storageError(cause.getMessage());
  }

  /** What Redis answers a write on a replica. */
  static final Reply READONLY =
      Reply.error("READONLY You can't write against a read only replica.");

  private static Reply storageError(String message) {
    return Reply.error("ERR storage error: " + message);
  }

  private Command standalone(String cmd, List<byte[]> a, Session s) {
    return switch (cmd) {
      case "PING" -> Command.reply(arity(a, 1, 2) == 1 ? Reply.PONG : Reply.bulk(a.get(1)));
      case "ECHO" -> Command.reply(Reply.bulk(a.get(exact(a, 2) - 1)));
      case "KEYS" -> later(() -> keys(a.get(exact(a, 2) - 1)));
      case "SCAN" -> {
        if (a.size() < 2 || a.size() % 2 == 1) {
          throw new Command.WrongArgs();
        }
        yield later(() -> scan(a));
      }
      case "DBSIZE" -> {
        exact(a, 1);
        yield later(() -> Reply.integer(countLive()));
      }
      case "FLUSHDB", "FLUSHALL" -> flush(a);
      case "SELECT" -> Command.reply(select(a));
      case "INFO" -> later(() -> Reply.bulk(InfoText.render(info, store, clock)));
      case "CONFIG" -> Command.reply(config(a));
      case "COMMAND" -> Command.reply(command(a));
      case "CLIENT" -> Command.reply(client(a, s));
      case "QUIT" -> {
        s.quit = true;
        yield Command.reply(Reply.OK);
      }
      default -> Command.reply(unknown(a));
    };
  }

  private static Command later(Supplier<Reply> r) {
    return new Command.Standalone(() -> done(r.get()));
  }

  private static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }

  // ---- keyspace ----

  private Reply keys(byte[] pattern) {
    long now = clock.millis();
    List<Reply> out = new ArrayList<>();
    try (MergedScan scan = store.scan(null, null)) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        if (StringValue.decodeLive(kv.value(), now) != null && Glob.matches(pattern, kv.key())) {
          out.add(Reply.bulk(kv.key()));
        }
      }
    }
    return new Reply.Array(out);
  }

  /**
   * SCAN's cursor is the last key returned, written as a decimal number (1 byte of 0x01 before the
   * key, read as an unsigned big integer), so cursors need no server-side state.
   */
  private Reply scan(List<byte[]> a) {
    if (a.size() < 2 || a.size() % 2 == 1) {
      throw new Command.WrongArgs();
    }
    byte[] after = cursorKey(new String(a.get(1), StandardCharsets.US_ASCII));
    byte[] pattern = null;
    long count = 10;
    for (int i = 2; i < a.size(); i += 2) {
      switch (upper(a.get(i))) {
        case "MATCH" -> pattern = a.get(i + 1);
        case "COUNT" -> {
          count = parseLong(a.get(i + 1));
          if (count < 1) {
            throw new Command.Error("ERR syntax error");
          }
        }
        case "TYPE" -> {
          if (!"STRING".equals(upper(a.get(i + 1)))) {
            return scanReply("0", List.of());
          }
        }
        default -> throw new Command.Error("ERR syntax error");
      }
    }
    long now = clock.millis();
    List<Reply> keys = new ArrayList<>();
    byte[] from = after == null ? null : successor(after);
    byte[] last = null;
    long visited = 0;
    try (MergedScan scan = store.scan(from, null)) {
      while (visited < count && scan.hasNext()) {
        KeyValue kv = scan.next();
        visited++;
        last = kv.key();
        if (StringValue.decodeLive(kv.value(), now) != null
            && (pattern == null || Glob.matches(pattern, kv.key()))) {
          keys.add(Reply.bulk(kv.key()));
        }
      }
      boolean more = scan.hasNext();
      return scanReply(more && last != null ? cursorOf(last) : "0", keys);
    }
  }

  private static Reply scanReply(String cursor, List<Reply> keys) {
    return new Reply.Array(List.of(Reply.bulk(cursor), new Reply.Array(keys)));
  }

  static String cursorOf(byte[] key) {
    byte[] b = new byte[key.length + 1];
    b[0] = 1;
    System.arraycopy(key, 0, b, 1, key.length);
    return new BigInteger(1, b).toString();
  }

  static byte[] cursorKey(String cursor) {
    BigInteger n;
    try {
      n = new BigInteger(cursor);
    } catch (NumberFormatException e) {
      throw new Command.Error("ERR invalid cursor");
    }
    if (n.signum() == 0) {
      return null;
    }
    byte[] b = n.toByteArray();
    int off = b[0] == 0 ? 1 : 0;
    if (n.signum() < 0 || b.length - off < 1 || b[off] != 1) {
      throw new Command.Error("ERR invalid cursor");
    }
    byte[] key = new byte[b.length - off - 1];
    System.arraycopy(b, off + 1, key, 0, key.length);
    return key;
  }

  private static byte[] successor(byte[] key) {
    byte[] s = new byte[key.length + 1];
    System.arraycopy(key, 0, s, 0, key.length);
    return s;
  }

  private long countLive() {
    long now = clock.millis();
    long n = 0;
    try (MergedScan scan = store.scan(null, null)) {
      while (scan.hasNext()) {
        if (StringValue.decodeLive(scan.next().value(), now) != null) {
          n++;
        }
      }
    }
    return n;
  }

  private Command flush(List<byte[]> a) {
    if (a.size() > 2) {
      throw new Command.WrongArgs();
    }
    if (a.size() == 2 && !List.of("ASYNC", "SYNC").contains(upper(a.get(1)))) {
      throw new Command.Error("ERR syntax error");
    }
    return new Command.Standalone(() -> store.clearRange(null, null).thenApply(v -> Reply.OK));
  }

  private static Reply select(List<byte[]> a) {
    long db = parseLong(a.get(exact(a, 2) - 1));
    return db == 0 ? Reply.OK : Reply.error("ERR DB index is out of range");
  }

  // ---- server ----

  private static Reply config(List<byte[]> a) {
    if (a.size() < 2) {
      throw new Command.WrongArgs();
    }
    String sub = upper(a.get(1));
    if (sub.equals("GET")) {
      if (a.size() < 3) {
        throw new Command.WrongArgs();
      }
      List<Reply> out = new ArrayList<>();
      for (byte[] p : a.subList(2, a.size())) {
        for (String[] kv : ServerConfig.PARAMS) {
          if (Glob.matches(lowerBytes(p), kv[0].getBytes(StandardCharsets.UTF_8))) {
            out.add(Reply.bulk(kv[0]));
            out.add(Reply.bulk(kv[1]));
          }
        }
      }
      return new Reply.Array(out);
    }
    if (sub.equals("SET") || sub.equals("RESETSTAT") || sub.equals("REWRITE")) {
      return Reply.error(
          "ERR CONFIG " + sub + " is not supported: orbit-node is configured through orbit.yaml");
    }
    return Reply.error("ERR unknown subcommand '" + lower(a.get(1)) + "'. Try CONFIG HELP.");
  }

  private static Reply command(List<byte[]> a) {
    if (a.size() == 1) {
      return new Reply.Array(List.of());
    }
    return switch (upper(a.get(1))) {
      case "DOCS", "INFO", "LIST" -> new Reply.Array(List.of());
      case "COUNT" -> Reply.integer(0);
      default -> Reply.error("ERR unknown subcommand '" + lower(a.get(1)) + "'. Try COMMAND HELP.");
    };
  }

  private static Reply client(List<byte[]> a, Session s) {
    if (a.size() < 2) {
      throw new Command.WrongArgs();
    }
    return switch (upper(a.get(1))) {
      case "SETNAME" -> {
        s.name = a.get(exact(a, 3) - 1);
        yield Reply.OK;
      }
      case "GETNAME" -> Reply.bulk(s.name);
      case "SETINFO" -> Reply.OK;
      default -> Reply.error("ERR unknown subcommand '" + lower(a.get(1)) + "'. Try CLIENT HELP.");
    };
  }

  private static Reply unknown(List<byte[]> a) {
    StringBuilder args = new StringBuilder();
    for (byte[] b : a.subList(1, Math.min(a.size(), 4))) {
      args.append('\'').append(new String(b, StandardCharsets.UTF_8)).append("' ");
    }
    return Reply.error(
        "ERR unknown command '"
            + new String(a.get(0), StandardCharsets.UTF_8)
            + "', with args beginning with: "
            + args.toString().trim());
  }

  private static byte[] lowerBytes(byte[] b) {
    return lower(b).getBytes(StandardCharsets.UTF_8);
  }
}
