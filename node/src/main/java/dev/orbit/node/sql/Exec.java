package dev.orbit.node.sql;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The context of one statement execution: session, transaction, parameters, statement time. */
final class Exec implements AutoCloseable {
  final Session session;
  final Transaction txn;
  final Object[] params;
  private OffsetDateTime now;
  final Map<Object, Object> cache = new IdentityHashMap<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  final QueryMemory memory;

  Exec(Session session, Transaction txn, Object[] params) {
    this.session = session;
    this.txn = txn;
    this.params = params;
    this.memory = new QueryMemory(session.queryMemoryLimit());
    txn.cancelCheck = session::checkCancel;
  }

  /** Counts a row the statement keeps in memory against its bound. */
  void keep(Object[] row) {
    memory.charge(QueryMemory.sizeOf(row));
  }

  /** The statement's time (the transaction's start inside a block), fixed at its first use. */
  OffsetDateTime now() {
    if (now == null) {
      now =
          session.transactionStart(
              OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }
    return now;
  }

  Catalog catalog() {
    return session.engine.catalog;
  }

  String db() {
    return session.database;
  }

  private FkQueue fkQueue;

  /** Foreign-key checks this statement queued for its end. */
  FkQueue fkQueue() {
    if (fkQueue == null) {
      fkQueue = new FkQueue();
    }
    return fkQueue;
  }

  /** Runs what waits for the statement's end (foreign-key checks); throws the first failure. */
  void endStatement() {
    if (fkQueue != null && !fkQueue.isEmpty()) {
      fkQueue.run(this);
    }
  }

  void closeLater(AutoCloseable c) {
    closeables.add(c);
  }

  void checkCancel() {
    session.checkCancel();
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing native iterators cannot usefully fail
      }
    }
    closeables.clear();
  }
}
