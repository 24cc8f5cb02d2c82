package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Clients blocked in BLPOP, BLMOVE, BZPOPMIN and relatives. A blocked client waits on its keys
 * without holding a thread. When a write makes one of those keys a list or sorted set, the writer
 * (after its commit, before its reply goes out, as Redis does) serves the waiters of that key in
 * the order they blocked, each with its own atomic pop; a waiter whose timeout passes first gets
 * its timeout reply.
 */
final class Blocking {
  /** What a blocking command tries each time: its reply, or null when there is nothing yet. */
  @FunctionalInterface
  interface Attempt {
    Reply run(Ctx c);
  }

  private static final int WAITING = 0;
  private static final int SERVING = 1;
  private static final int DONE = 2;

  /** A blocked client. */
  static final class Waiter {
    final Session session;
    final int db;
    final List<byte[]> keys;
    final List<byte[]> lockKeys;
    final Attempt attempt;
    final Reply timeoutReply;
    final AtomicInteger state = new AtomicInteger(WAITING);
    volatile Runnable cancelTimeout = () -> {};

    Waiter(Session s, int db, List<byte[]> keys, List<byte[]> lockKeys, Attempt a, Reply timeout) {
      this.session = s;
      this.db = db;
      this.keys = keys;
      this.lockKeys = lockKeys;
      this.attempt = a;
      this.timeoutReply = timeout;
    }
  }

  private final Engine engine;
  private final Map<WatchRegistry.Key, ArrayDeque<Waiter>> byKey = new HashMap<>();
  private final Set<WatchRegistry.Key> ready = ConcurrentHashMap.newKeySet();
  private final ReentrantLock serving = new ReentrantLock();
  private volatile int waiting;

  Blocking(Engine engine) {
    this.engine = engine;
  }

  /** Parses a blocking timeout in seconds (a float) into milliseconds; 0 waits forever. */
  static long timeoutMillis(byte[] arg) {
    double d;
    try {
      d = Doubles.parse(arg);
    } catch (Doubles.NotANumber e) {
      throw new RedisError("ERR timeout is not a float or out of range");
    }
    if (d < 0) {
      throw new RedisError("ERR timeout is negative");
    }
    if (Double.isInfinite(d) || d * 1000 > Long.MAX_VALUE / 2) {
      throw new RedisError("ERR timeout is out of range");
    }
    return (long) Math.ceil(d * 1000);
  }

  /**
   * Runs {@code attempt} now; when it finds nothing (and the client is not in MULTI), blocks the
   * client on {@code keys} and returns {@link Reply#BLOCKED}. Called with the keys locked.
   */
  Reply block(
      Ctx c, List<byte[]> keys, List<byte[]> lockKeys, long timeoutMs, Attempt a, Reply onTimeout) {
    Reply r = a.run(c);
    if (r != null) {
      return r;
    }
    if (c.session.inMulti()) {
      return onTimeout; // inside MULTI a blocking command does not block
    }
    Waiter w = new Waiter(c.session, c.session.db, keys, lockKeys, a, onTimeout);
    c.session.blocked = true; // before it can be served, which clears it
    synchronized (this) {
      for (byte[] k : keys) {
        byKey.computeIfAbsent(new WatchRegistry.Key(w.db, k), x -> new ArrayDeque<>()).add(w);
      }
      waiting++;
    }
    if (timeoutMs > 0) {
      w.cancelTimeout = c.session.conn.schedule(() -> timedOut(w), timeoutMs);
    }
    return Reply.BLOCKED;
  }

  private void timedOut(Waiter w) {
    if (w.state.compareAndSet(WAITING, DONE)) {
      remove(w);
      finish(w, new Engine.Outcome(List.of(w.timeoutReply), null, false));
    } else if (w.state.get() == SERVING) {
      w.session.conn.schedule(() -> timedOut(w), 1); // being served right now: look again
    }
  }

  private void finish(Waiter w, Engine.Outcome o) {
    w.session.blocked = false;
    w.session.conn.blockedDone(o);
  }

  private synchronized void remove(Waiter w) {
    for (byte[] k : w.keys) {
      WatchRegistry.Key key = new WatchRegistry.Key(w.db, k);
      ArrayDeque<Waiter> q = byKey.get(key);
      if (q != null && q.remove(w)) {
        if (q.isEmpty()) {
          byKey.remove(key);
        }
      }
    }
    waiting--;
  }

  /** The client went away (or RESET): it stops waiting. */
  void cancel(Session s) {
    List<Waiter> mine = new ArrayList<>();
    synchronized (this) {
      for (ArrayDeque<Waiter> q : byKey.values()) {
        for (Waiter w : q) {
          if (w.session == s && !mine.contains(w)) {
            mine.add(w);
          }
        }
      }
    }
    for (Waiter w : mine) {
      if (w.state.compareAndSet(WAITING, DONE)) {
        w.cancelTimeout.run();
        remove(w);
      }
    }
    s.blocked = false;
  }

  /**
   * CLIENT UNBLOCK: ends the wait of the client with {@code id} with its timeout reply, or the
   * error Redis gives; false when it was not blocked.
   */
  boolean unblock(long id, boolean error) {
    Waiter found = null;
    synchronized (this) {
      for (ArrayDeque<Waiter> q : byKey.values()) {
        for (Waiter w : q) {
          if (w.session.id == id) {
            found = w;
          }
        }
      }
    }
    if (found == null || !found.state.compareAndSet(WAITING, DONE)) {
      return false;
    }
    found.cancelTimeout.run();
    remove(found);
    Reply r =
        error ? Reply.error("UNBLOCKED client unblocked via CLIENT UNBLOCK") : found.timeoutReply;
    finish(found, new Engine.Outcome(List.of(r), null, false));
    return true;
  }

  /** After a commit, with the writer's locks held: which waited-on keys may now be served. */
  void touched(List<RedisTx.Touched> keys) {
    if (waiting == 0) {
      return;
    }
    synchronized (this) {
      for (RedisTx.Touched t : keys) {
        if (t.type() == Meta.Type.LIST || t.type() == Meta.Type.ZSET) {
          WatchRegistry.Key k = new WatchRegistry.Key(t.db().index(), t.key());
          if (byKey.containsKey(k)) {
            ready.add(k);
          }
        }
      }
    }
  }

  /** SWAPDB: every waiter looks again. */
  synchronized void everythingChanged() {
    ready.addAll(byKey.keySet());
  }

  boolean hasReady() {
    return !ready.isEmpty();
  }

  /**
   * Serves the waiters of ready keys, first blocked first. Returns false when it could not finish
   * without waiting for a lock (on an event loop): the caller then runs it on a worker thread.
   */
  boolean serveReady(boolean onLoop) {
    while (!ready.isEmpty()) {
      if (onLoop ? !serving.tryLock() : !lock()) {
        return !onLoop;
      }
      try {
        for (WatchRegistry.Key key : List.copyOf(ready)) {
          ready.remove(key);
          if (!serveKey(key, onLoop)) {
            ready.add(key);
            return false;
          }
        }
      } finally {
        serving.unlock();
      }
    }
    return true;
  }

  private boolean lock() {
    serving.lock();
    return true;
  }

  private boolean serveKey(WatchRegistry.Key key, boolean onLoop) {
    while (true) {
      Waiter w;
      synchronized (this) {
        ArrayDeque<Waiter> q = byKey.get(key);
        w = q == null ? null : q.peekFirst();
        if (w == null || !w.state.compareAndSet(WAITING, SERVING)) {
          return true;
        }
      }
      Engine.Outcome o;
      try {
        o =
            engine.locked(
                w.session,
                w.lockKeys,
                false,
                onLoop,
                ctx -> {
                  Reply r = w.attempt.run(ctx);
                  return r == null ? List.of() : List.of(r);
                });
      } catch (RedisError e) {
        o = new Engine.Outcome(List.of(Reply.error(e.getMessage())), null, false);
      } catch (RuntimeException e) {
        o = new Engine.Outcome(List.of(Reply.error("ERR " + e.getMessage())), null, false);
      }
      if (o.offLoop()) {
        w.state.set(WAITING);
        return false;
      }
      if (o.replies().isEmpty()) {
        w.state.set(WAITING);
        return true; // nothing there for the first waiter: nothing for the others either
      }
      w.state.set(DONE);
      w.cancelTimeout.run();
      remove(w);
      finish(w, o);
    }
  }
}
