package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.Db;
import dev.orbit.node.redis.Keyspace;
import dev.orbit.node.redis.Meta;
import dev.orbit.node.redis.RedisTx;

/**
 * What a command runs with: its session, the transaction over the records it reads and writes, the
 * time of the run, and the budget that sends long work off the event loop, stops abandoned work and
 * bounds reply sizes.
 */
final class Ctx implements RedisTx.Budget {
  /** Records an event loop may visit in one run before the run moves to a worker thread. */
  static final long LOOP_BUDGET = 10_000;

  /** Bytes an event loop may read in one run (large values are read on a worker). */
  static final long LOOP_BYTES = 8 << 20;

  /**
   * Bytes a run of several commands (a pipeline's batch) reads before it stops and leaves its other
   * commands for later: their replies are made only as the client takes the earlier ones, so a
   * client that pipelines many GETs of a large value and reads nothing holds tens of MiB of replies
   * in the node, not a batch's worth (512 × the value, which filled the heap). Above {@link
   * #LOOP_BYTES}: such a run is on a worker already.
   */
  static final long RUN_BYTES = 2 * LOOP_BYTES;

  final Engine engine;
  final Session session;
  final Keyspace ks;
  final RedisTx tx;
  final boolean onLoop;
  final long now;
  private final long replyLimit;
  private long units;
  private long bytes;

  Ctx(Engine engine, Session session, boolean onLoop, long now, long replyLimit) {
    this.engine = engine;
    this.session = session;
    this.ks = engine.keyspace();
    this.onLoop = onLoop;
    this.now = now;
    this.replyLimit = replyLimit;
    this.tx = new RedisTx(ks.store(), this);
  }

  @Override
  public void charge(long records, long size) {
    units += records;
    bytes += size;
    if (onLoop && (units > LOOP_BUDGET || bytes > LOOP_BYTES)) {
      throw RedisError.OffLoop.INSTANCE;
    }
    if (bytes > replyLimit) {
      throw new RedisError.ReplyTooLarge(replyLimit);
    }
    if ((units & 1023) == 0 && (engine.closing() || session.conn.closed())) {
      throw RedisError.Cancelled.INSTANCE;
    }
  }

  @Override
  public void wrote(long size) {
    units += size >> 8;
    if (onLoop && units > LOOP_BUDGET) {
      throw RedisError.OffLoop.INSTANCE;
    }
  }

  @Override
  public void mustWait() {
    if (onLoop) {
      throw RedisError.OffLoop.INSTANCE;
    }
  }

  /** True once the run has read {@link #RUN_BYTES}: a batch runs no further command. */
  boolean runFull() {
    return bytes >= RUN_BYTES;
  }

  /** Charges work that does not read records (building large replies, sorting). */
  void work(long n) {
    charge(n, 0);
  }

  private java.util.concurrent.CompletableFuture<Void> waits;

  /** The run's replies also wait for {@code f} (a clear or a swap done outside the transaction). */
  void waitFor(java.util.concurrent.CompletableFuture<Void> f) {
    if (f != null) {
      waits = waits == null ? f : java.util.concurrent.CompletableFuture.allOf(waits, f);
    }
  }

  java.util.concurrent.CompletableFuture<Void> waits() {
    return waits;
  }

  /** Commits the writes of the run so far, before an operation outside the transaction. */
  void commitPending() {
    waitFor(tx.commit());
    engine.afterCommit(tx.touched());
    tx.touched().clear();
  }

  Db db() {
    return ks.db(session.db);
  }

  /** The live metadata of {@code key} in the current database, or null. */
  Meta live(byte[] key) {
    return ks.live(tx, db(), key, now);
  }

  /** The stored metadata of {@code key}, expired or not, or null. */
  Meta stored(byte[] key) {
    return ks.stored(tx, db(), key);
  }

  /** The live metadata of {@code key} when it is of type {@code t}; null when absent. */
  Meta typed(byte[] key, Meta.Type t) {
    Meta m = live(key);
    if (m != null && m.type() != t) {
      throw RedisError.wrongType();
    }
    return m;
  }
}
