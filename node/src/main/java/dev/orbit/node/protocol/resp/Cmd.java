package dev.orbit.node.protocol.resp;

import java.util.ArrayList;
import java.util.List;

/**
 * One command of the command table: its name, arity (negative: at least that many arguments, as in
 * Redis), flags, where its keys are, and what it does.
 */
record Cmd(
    String name,
    int arity,
    int flags,
    int firstKey,
    int lastKey,
    int step,
    Handler handler,
    Stats stats) {
  /** Counters INFO commandstats reports. */
  static final class Stats {
    final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder micros =
        new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder failed =
        new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder rejected =
        new java.util.concurrent.atomic.LongAdder();

    /** Calls running now (a gauge, not reset with the counters); tests wait on it. */
    final java.util.concurrent.atomic.LongAdder running =
        new java.util.concurrent.atomic.LongAdder();

    void reset() {
      calls.reset();
      micros.reset();
      failed.reset();
      rejected.reset();
    }
  }

  /** Writes data. */
  static final int WRITE = 1;

  /** Reads data only. */
  static final int READONLY = 1 << 1;

  /** Always runs on a worker thread: its cost follows the size of the data. */
  static final int WORKER = 1 << 2;

  /** Needs the whole keyspace to itself (FLUSHALL, FLUSHDB, SWAPDB). */
  static final int GLOBAL = 1 << 3;

  /** Changes the connection's state: runs alone, never in a batch with others. */
  static final int SESSION = 1 << 4;

  /** Allowed before AUTH. */
  static final int NO_AUTH = 1 << 5;

  /** Allowed while a RESP2 connection is subscribed. */
  static final int PUBSUB = 1 << 6;

  /** Not queued by MULTI: runs at once (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
  static final int NO_QUEUE = 1 << 7;

  /** May block the connection (BLPOP …). */
  static final int BLOCKING = 1 << 8;

  /** Refused inside MULTI (WATCH). */
  static final int NO_MULTI = 1 << 9;

  /** Reads no data (PING, ECHO, TIME …): needs neither locks nor a transaction. */
  static final int NO_DATA = 1 << 10;

  /**
   * Reads one record only (GET, TTL …): a single read is atomic by itself, so a run of only such
   * commands takes no locks.
   */
  static final int ONE_READ = 1 << 11;

  /** What a command does; arguments include the command name. */
  @FunctionalInterface
  interface Handler {
    Reply run(Ctx c, List<byte[]> a);
  }

  /** Where the keys are when they cannot be told by first/last/step (e.g. numkeys arguments). */
  @FunctionalInterface
  interface KeyFinder {
    List<byte[]> keys(List<byte[]> a);
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  boolean arityOk(int n) {
    return arity >= 0 ? n == arity : n >= -arity;
  }

  /** The keys of a call (empty when it has none). */
  List<byte[]> keys(List<byte[]> a) {
    if (handler instanceof WithKeys w) {
      return w.finder().keys(a);
    }
    if (firstKey <= 0 || a.size() <= firstKey) {
      return List.of();
    }
    int last = lastKey < 0 ? a.size() + lastKey : Math.min(lastKey, a.size() - 1);
    if (step == 1 && firstKey == last) {
      return List.of(a.get(firstKey));
    }
    List<byte[]> out = new ArrayList<>();
    for (int i = firstKey; i <= last; i += step) {
      out.add(a.get(i));
    }
    return out;
  }

  /** A handler whose keys a {@link KeyFinder} tells. */
  record WithKeys(KeyFinder finder, Handler body) implements Handler {
    @Override
    public Reply run(Ctx c, List<byte[]> a) {
      return body.run(c, a);
    }
  }
}
