package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.Collector;
import dev.orbit.node.redis.KeyLocks;
import dev.orbit.node.redis.Keyspace;
import dev.orbit.node.redis.RedisTx;
import dev.orbit.node.storage.NotLeaderException;
import dev.orbit.node.storage.ReplicaLagException;
import dev.orbit.node.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Resolves requests to commands and runs them: a run of commands locks its keys, executes in one
 * {@link RedisTx} (each command sees the writes of those before it, a failing one is undone alone)
 * and commits once. On an event loop locks are only tried and work is budgeted: a run that would
 * wait or work long reports {@link Outcome#offLoop} and is run again on a worker thread.
 */
final class Engine {
  static final String READONLY = "READONLY You can't write against a read only replica.";

  private final Keyspace ks;
  private final CommandTable table;
  private final Clock clock;
  final ServerState state;
  final WatchRegistry watches = new WatchRegistry();
  final Blocking blocking = new Blocking(this);
  private final Executor workers;
  private volatile Collector collector;
  private volatile boolean closing;

  Engine(Keyspace ks, CommandTable table, Clock clock, ServerState state, Executor workers) {
    this.ks = ks;
    this.table = table;
    this.clock = clock;
    this.state = state;
    this.workers = workers;
    state.blocking = blocking;
    state.table = table;
  }

  void setCollector(Collector c) {
    this.collector = c;
  }

  long expiredKeys() {
    Collector c = collector;
    return c == null ? 0 : c.expiredKeys();
  }

  /** SWAPDB: clients blocked on keys look again. */
  void blockingSwapped() {
    blocking.everythingChanged();
  }

  Keyspace keyspace() {
    return ks;
  }

  CommandTable table() {
    return table;
  }

  Clock clock() {
    return clock;
  }

  boolean closing() {
    return closing;
  }

  void close() {
    closing = true;
  }

  /**
   * The replies of a run: {@code durable} is null when they may be sent now, else they wait for it.
   * {@code offLoop}: nothing ran; run it again on a worker thread. A run of several calls that read
   * {@link Ctx#RUN_BYTES} answers only its first calls (fewer replies than calls): the others did
   * not run.
   */
  record Outcome(List<Reply> replies, CompletableFuture<Void> durable, boolean offLoop) {
    static final Outcome OFF_LOOP = new Outcome(List.of(), null, true);
  }

  // ---- resolution ----

  /** The call for a request, or the reply that answers it without running (errors, QUEUED). */
  Object resolve(Session s, List<byte[]> args) {
    Cmd cmd = table.get(args.get(0));
    if (cmd == null) {
      return queueingError(s, unknownCommand(args));
    }
    s.lastCommand = cmd.name();
    if (!s.authenticated && !cmd.has(Cmd.NO_AUTH)) {
      cmd.stats().rejected.increment();
      return queueingError(s, Reply.error("NOAUTH Authentication required."));
    }
    if (!cmd.arityOk(args.size())) {
      cmd.stats().rejected.increment();
      return queueingError(
          s, Reply.error("ERR wrong number of arguments for '" + cmd.name() + "' command"));
    }
    if (s.resp == 2 && s.subscriptions() > 0 && !cmd.has(Cmd.PUBSUB)) {
      return Reply.error(
          "ERR Can't execute '"
              + cmd.name()
              + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in"
              + " this context");
    }
    if (s.inMulti() && cmd.has(Cmd.NO_MULTI)) {
      return queueingError(s, Reply.error("ERR Command not allowed inside a transaction"));
    }
    if (s.inMulti() && !cmd.has(Cmd.NO_QUEUE)) {
      s.multi.add(new Call(cmd, args));
      return Reply.QUEUED;
    }
    return new Call(cmd, args);
  }

  private static Reply queueingError(Session s, Reply error) {
    if (s.inMulti()) {
      s.multiFailed = true;
    }
    return error;
  }

  static Reply unknownCommand(List<byte[]> a) {
    StringBuilder args = new StringBuilder();
    for (byte[] b : a.subList(1, Math.min(a.size(), 4))) {
      args.append('\'').append(text(b, 128)).append("' ");
    }
    return Reply.error(
        "ERR unknown command '"
            + text(a.get(0), 128)
            + "', with args beginning with: "
            + args.toString().trim());
  }

  static String text(byte[] b, int max) {
    return new String(b, 0, Math.min(b.length, max), StandardCharsets.UTF_8);
  }

  /** Flags of commands that never share a batch with others. */
  private static final int ALONE =
      Cmd.SESSION | Cmd.NO_DATA | Cmd.WORKER | Cmd.GLOBAL | Cmd.BLOCKING | Cmd.NO_QUEUE;

  /** Keys an event loop may lock and visit in one run; more go to a worker thread. */
  static final int LOOP_KEYS = 1000;

  /**
   * True when a request is a data command that can share a batch with its neighbours: resolving it
   * has no effect on the session, and it would run now (not be refused or queued).
   */
  boolean batchable(Session s, List<byte[]> args) {
    Cmd cmd = table.get(args.get(0));
    return cmd != null
        && (cmd.flags() & ALONE) == 0
        && s.authenticated
        && !s.inMulti()
        && cmd.arityOk(args.size())
        && (s.resp != 2 || s.subscriptions() == 0)
        && !(args.size() > CHUNK_KEYS + 1 && CHUNKED.contains(cmd.name()));
  }

  /** Commands over many keys that run in chunks of {@link #CHUNK_KEYS} keys. */
  private static final java.util.Set<String> CHUNKED =
      java.util.Set.of("mget", "del", "unlink", "exists", "touch");

  /** Keys one chunk of a large MGET, DEL, UNLINK, EXISTS or TOUCH locks and visits. */
  static final int CHUNK_KEYS = 1000;

  /**
   * Runs a large MGET, DEL, UNLINK, EXISTS or TOUCH on a worker as runs of {@link #CHUNK_KEYS}
   * keys, each locked and atomic alone, so other clients' commands run between them instead of
   * waiting for a million keys; the replies are joined into the one Redis gives.
   */
  private Outcome chunked(Session s, Call call) {
    List<byte[]> args = call.args();
    boolean mget = call.cmd().name().equals("mget");
    List<Reply> items = mget ? new ArrayList<>(args.size() - 1) : null;
    long sum = 0;
    CompletableFuture<Void> durable = null;
    for (int i = 1; i < args.size(); i += CHUNK_KEYS) {
      if (closing() || s.conn.closed()) {
        throw RedisError.Cancelled.INSTANCE;
      }
      List<byte[]> part = new ArrayList<>(CHUNK_KEYS + 1);
      part.add(args.get(0));
      part.addAll(args.subList(i, Math.min(args.size(), i + CHUNK_KEYS)));
      Outcome o = run(s, List.of(new Call(call.cmd(), part)), false);
      Reply r = o.replies().get(0);
      if (r instanceof Reply.Error) {
        return o;
      }
      if (mget) {
        items.addAll(((Reply.Array) r).items());
      } else {
        sum += ((Reply.Int) r).value();
      }
      if (o.durable() != null) {
        durable = durable == null ? o.durable() : CompletableFuture.allOf(durable, o.durable());
      }
    }
    return new Outcome(List.of(mget ? Reply.array(items) : Reply.integer(sum)), durable, false);
  }

  // ---- running ----

  /** Runs a call that does not share its run: server commands, EXEC, blocking commands. */
  Outcome runAlone(Session s, Call call, boolean onLoop) {
    if (call.cmd().has(Cmd.NO_DATA)) {
      Ctx ctx = new Ctx(this, s, onLoop, clock.millis(), state.replyLimit());
      try {
        return new Outcome(List.of(one(ctx, call)), null, false);
      } catch (RedisError.OffLoop e) {
        return Outcome.OFF_LOOP;
      }
    }
    if (call.cmd().name().equals("exec")) {
      return served(Transactions.exec(this, s, onLoop), onLoop);
    }
    return run(s, List.of(call), onLoop);
  }

  /** Serves clients blocked on keys the run made ready, before its replies go out. */
  private Outcome served(Outcome o, boolean onLoop) {
    if (!o.offLoop() && blocking.hasReady() && !blocking.serveReady(onLoop)) {
      // served on a worker: the write's reply waits for it, as it does when served here
      CompletableFuture<Void> served = new CompletableFuture<>();
      try {
        workers.execute(
            () -> {
              try {
                blocking.serveReady(false);
              } finally {
                served.complete(null);
              }
            });
      } catch (RejectedExecutionException e) {
        return o; // stopping: blocked clients are disconnected anyway
      }
      CompletableFuture<Void> both =
          o.durable() == null ? served : CompletableFuture.allOf(o.durable(), served);
      return new Outcome(o.replies(), both, false);
    }
    return o;
  }

  /**
   * Runs {@code calls} (keyed or not) as one locked run with one commit; several calls may stop
   * early (see {@link Outcome}).
   */
  Outcome run(Session s, List<Call> calls, boolean onLoop) {
    if (calls.size() == 1
        && calls.get(0).args().size() > CHUNK_KEYS + 1
        && CHUNKED.contains(calls.get(0).cmd().name())
        && !s.inMulti()) {
      // before listing its keys: a million of them copied out of packed arguments at once
      return onLoop ? Outcome.OFF_LOOP : chunked(s, calls.get(0));
    }
    List<byte[]> keys = new ArrayList<>(calls.size());
    boolean exclusive = false;
    boolean lockFree = true;
    for (Call c : calls) {
      keys.addAll(c.keys());
      exclusive |= c.cmd().has(Cmd.GLOBAL);
      lockFree &= c.cmd().has(Cmd.ONE_READ);
    }
    if (onLoop && keys.size() > LOOP_KEYS) {
      return Outcome.OFF_LOOP;
    }
    if (lockFree) {
      return unlocked(s, calls, onLoop);
    }
    return served(locked0(s, keys, exclusive, onLoop, calls), onLoop);
  }

  /** A run of single-record reads: each is atomic alone, so no lock is needed. */
  private Outcome unlocked(Session s, List<Call> calls, boolean onLoop) {
    Ctx ctx = new Ctx(this, s, onLoop, clock.millis(), state.replyLimit());
    ctx.tx.readOnly();
    try {
      ks.refreshDbMap();
      return new Outcome(batch(ctx, calls), null, false);
    } catch (RedisError.OffLoop e) {
      return Outcome.OFF_LOOP;
    } catch (NotLeaderException | ReplicaLagException e) {
      return new Outcome(Collections.nCopies(calls.size(), storageError(e)), null, false);
    }
  }

  /** True when a command of {@code calls} may write (or is not known only to read). */
  static boolean writes(List<Call> calls) {
    for (Call c : calls) {
      if (!c.cmd().has(Cmd.READONLY)) {
        return true;
      }
    }
    return false;
  }

  private Outcome locked0(
      Session s, List<byte[]> keys, boolean exclusive, boolean onLoop, List<Call> calls) {
    return locked(
        s, keys, exclusive, onLoop, writes(calls), calls.size(), ctx -> batch(ctx, calls));
  }

  /**
   * Runs the calls of a batch in order, stopping early once the run has read {@link Ctx#RUN_BYTES}:
   * the replies are those of the calls that ran (at least one); the caller runs the others later,
   * as new runs.
   */
  private List<Reply> batch(Ctx ctx, List<Call> calls) {
    List<Reply> replies = new ArrayList<>(calls.size());
    for (Call c : calls) {
      if (!replies.isEmpty() && ctx.runFull()) {
        break;
      }
      replies.add(one(ctx, c));
    }
    return replies;
  }

  /** Runs one call inside a run; on a command error its own writes are undone. */
  Reply one(Ctx ctx, Call c) {
    return one(ctx, c, false);
  }

  /**
   * As {@link #one(Ctx, Call)}; {@code atomic} (a MULTI/EXEC transaction): a refusal for want of
   * leadership or freshness is not the command's error but the run's, and is thrown, so nothing of
   * the transaction commits (undoing only that command would commit the others alone).
   */
  Reply one(Ctx ctx, Call c, boolean atomic) {
    RedisTx.Savepoint sp = ctx.tx.savepoint();
    long start = System.nanoTime();
    Cmd.Stats stats = c.cmd().stats();
    state.commands.increment();
    stats.running.increment();
    try {
      Reply r = c.cmd().handler().run(ctx, c.args());
      stats.calls.increment();
      stats.micros.add((System.nanoTime() - start) / 1000);
      return r;
    } catch (RedisError e) {
      ctx.tx.rollbackTo(sp);
      stats.calls.increment();
      stats.failed.increment();
      Reply.Error err = new Reply.Error(e.getMessage());
      state.error(err.code());
      return err;
    } catch (RedisTx.RecordTooLarge e) {
      ctx.tx.rollbackTo(sp);
      stats.calls.increment();
      stats.failed.increment();
      return Reply.error("ERR " + e.getMessage());
    } catch (ArithmeticException e) {
      ctx.tx.rollbackTo(sp);
      return Reply.error("ERR value is out of range");
    } catch (NotLeaderException e) {
      if (atomic) {
        throw e;
      }
      ctx.tx.rollbackTo(sp);
      return Reply.error(READONLY);
    } catch (ReplicaLagException e) {
      if (atomic) {
        throw e;
      }
      ctx.tx.rollbackTo(sp);
      return masterDown(e);
    } finally {
      stats.running.decrement();
    }
  }

  /** The body of a locked run: the replies of its calls. */
  interface Body {
    List<Reply> run(Ctx ctx);
  }

  /**
   * Locks {@code keys} (or the whole keyspace), runs {@code body} in a fresh context and commits
   * what it wrote. Watchers and blocked clients hear of the changed keys before the locks go.
   */
  Outcome locked(Session s, List<byte[]> keys, boolean exclusive, boolean onLoop, Body body) {
    return locked(s, keys, exclusive, onLoop, true, 1, body);
  }

  /**
   * As above; {@code writes}: the body may write (a read-only body reads committed data only and
   * may run on a replica). A replica's refusal met outside a command answers each of the {@code
   * count} replies.
   */
  Outcome locked(
      Session s,
      List<byte[]> keys,
      boolean exclusive,
      boolean onLoop,
      boolean writes,
      int count,
      Body body) {
    KeyLocks.Held held;
    if (onLoop) {
      held = ks.locks().tryLock(keys, exclusive);
      if (held == null) {
        return Outcome.OFF_LOOP;
      }
    } else {
      try {
        held = ks.locks().lock(keys, exclusive);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw RedisError.Cancelled.INSTANCE;
      }
    }
    try {
      ks.refreshDbMap();
      Ctx ctx = new Ctx(this, s, onLoop, clock.millis(), state.replyLimit());
      if (!writes) {
        ctx.tx.readOnly();
      }
      return commitAfter(ctx, body);
    } catch (RedisError.OffLoop e) {
      return Outcome.OFF_LOOP;
    } catch (NotLeaderException | ReplicaLagException e) {
      return new Outcome(Collections.nCopies(count, storageError(e)), null, false);
    } finally {
      ks.locks().unlock(held);
    }
  }

  private Outcome commitAfter(Ctx ctx, Body body) {
    List<Reply> replies = body.run(ctx);
    CompletableFuture<Void> durable;
    try {
      durable = ctx.tx.commit();
    } catch (StorageException e) {
      return new Outcome(Collections.nCopies(replies.size(), storageError(e)), null, false);
    }
    afterCommit(ctx.tx.touched());
    if (ctx.waits() != null) {
      durable = durable == null ? ctx.waits() : CompletableFuture.allOf(durable, ctx.waits());
    }
    if (durable != null && durable.isDone() && !durable.isCompletedExceptionally()) {
      durable = null;
    }
    return new Outcome(replies, durable, false);
  }

  /** Tells watchers (and, later, blocked clients) which keys changed. */
  void afterCommit(List<RedisTx.Touched> touched) {
    if (!touched.isEmpty()) {
      watches.touched(touched);
      blocking.touched(touched);
    }
  }

  static Reply storageError(String message) {
    return Reply.error("ERR storage error: " + message);
  }

  /** The error reply for a failed wait for durability. */
  static Reply storageError(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof NotLeaderException) {
      return Reply.error(READONLY);
    }
    if (cause instanceof ReplicaLagException lag) {
      return masterDown(lag);
    }
    return storageError(cause.getMessage());
  }

  /**
   * What a replica too far behind its leader answers a read (Redis: replica-serve-stale-data no).
   */
  static Reply masterDown(ReplicaLagException e) {
    return Reply.error("MASTERDOWN " + e.getMessage());
  }
}
