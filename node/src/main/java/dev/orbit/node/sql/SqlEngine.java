package dev.orbit.node.sql;

import dev.orbit.node.storage.ProtocolStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The SQL engine over one protocol store: catalog, row locks, and the live sessions. */
public final class SqlEngine {
  final ProtocolStore store;
  final Catalog catalog;
  final RowLocks locks = new RowLocks();
  private final AtomicInteger pids = new AtomicInteger(1000);
  final AtomicLong txids = new AtomicLong(1000);
  private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();

  private final java.util.List<String> users;

  /** {@code users}: the login names (for pg_roles); {@code orbit} is the superuser. */
  public SqlEngine(ProtocolStore store, java.util.Collection<String> users) {
    this.store = store;
    this.catalog = new Catalog(store);
    java.util.TreeSet<String> all = new java.util.TreeSet<>(users);
    all.add("orbit");
    this.users = java.util.List.copyOf(all);
    Parser.initializeInBackground();
  }

  java.util.List<String> users() {
    return users;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** A new session for {@code user} on {@code database}; fails with 3D000 for unknown ones. */
  public Session open(String user, String database, Map<String, String> startupParameters) {
    if (!catalog.hasDatabase(database)) {
      throw new SqlException("3D000", "database \"" + database + "\" does not exist");
    }
    Session s = new Session(this, user, database, pids.incrementAndGet(), startupParameters);
    sessions.put(s.pid, s);
    return s;
  }

  void closed(Session s) {
    sessions.remove(s.pid);
  }

  /** Every open session (for pg_stat_activity). */
  public java.util.Collection<Session> sessions() {
    return sessions.values();
  }

  /** How many transactions wait for another's row lock now (for tests). */
  public int rowLockWaiters() {
    return locks.waiters();
  }

  /** The session with this backend pid, for CancelRequest. */
  public Session session(int pid) {
    return sessions.get(pid);
  }

  /** Finishes background work (removal of dropped tables' keys); the store stays open. */
  public void close() {
    catalog.close();
  }

  Transaction batchTransaction() {
    return newTransaction(false);
  }

  private final AtomicInteger liveTransactions = new AtomicInteger();

  Transaction newTransaction(boolean explicit) {
    return new Transaction(store, locks, explicit, liveTransactions);
  }

  /** Transactions begun and not yet committed or rolled back (every path must end its own). */
  public int liveTransactions() {
    return liveTransactions.get();
  }
}
