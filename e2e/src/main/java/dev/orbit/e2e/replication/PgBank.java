package dev.orbit.e2e.replication;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * A bank on PostgreSQL: each transfer is one real transaction (BEGIN; UPDATE one account; UPDATE
 * another; INSERT a marker row naming it; COMMIT) through pgjdbc. The sum of all balances never
 * changes, and every transfer whose COMMIT a client saw succeed stays.
 */
public final class PgBank {
  public static final int ACCOUNTS = 20;
  public static final long INITIAL = 1000;

  /** Every transfer tried, by marker: {from, to, amount} (to explain a broken sum). */
  private final java.util.Map<String, long[]> tried = new ConcurrentHashMap<>();

  private final BankWriters<Connection> writers;

  /**
   * {@code leaderPort}: the PostgreSQL port of the current leader (may block until there is one).
   */
  public PgBank(IntSupplier leaderPort) {
    this.writers =
        new BankWriters<>(
            "pg",
            leaderPort,
            new BankWriters.Transfers<>() {
              @Override
              public Connection connect(int port) throws SQLException {
                return PgBank.connect(port);
              }

              @Override
              public boolean transfer(Connection c, String marker) throws SQLException {
                return PgBank.transfer(c, marker, tried);
              }
            },
            150_000); // a frozen leader's socket timeout is 120 s
  }

  /** A connection to a member's PostgreSQL port as the members' user. */
  public static Connection connect(int port) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", ReplicaProcesses.USER);
    p.setProperty("password", ReplicaProcesses.PASSWORD);
    p.setProperty("connectTimeout", "30");
    p.setProperty("socketTimeout", "120"); // a frozen leader never answers: bounded, generously
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/orbit", p);
  }

  /**
   * Creates the accounts (each with {@link #INITIAL}) and the table of transfer markers; may be run
   * again after a failure part way.
   */
  public void open(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS accounts (id int PRIMARY KEY, balance bigint NOT NULL)");
      st.execute("CREATE TABLE IF NOT EXISTS transfers (id text PRIMARY KEY)");
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM accounts")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return; // one statement made them all
        }
      }
      StringBuilder rows = new StringBuilder("INSERT INTO accounts VALUES ");
      for (int i = 0; i < ACCOUNTS; i++) {
        rows.append(i == 0 ? "" : ", ").append('(').append(i).append(", ").append(INITIAL);
        rows.append(')');
      }
      st.execute(rows.toString());
    }
  }

  /**
   * One transfer as one transaction; true when its COMMIT succeeded. Accounts are updated in id
   * order, so concurrent transfers never wait on each other in a cycle.
   */
  public static boolean transfer(Connection c, String marker) throws SQLException {
    return transfer(c, marker, null);
  }

  private static boolean transfer(Connection c, String marker, java.util.Map<String, long[]> tried)
      throws SQLException {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int from = r.nextInt(ACCOUNTS);
    int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
    long amount = 1 + r.nextInt(50);
    if (tried != null) {
      tried.put(marker, new long[] {from, to, amount});
    }
    c.setAutoCommit(false);
    try (PreparedStatement move =
            c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?");
        PreparedStatement mark = c.prepareStatement("INSERT INTO transfers VALUES (?)")) {
      for (int id : new int[] {Math.min(from, to), Math.max(from, to)}) {
        move.setLong(1, id == from ? -amount : amount);
        move.setInt(2, id);
        if (move.executeUpdate() != 1) {
          throw new IllegalStateException("account " + id + " is missing");
        }
      }
      mark.setString(1, marker);
      mark.executeUpdate();
      c.commit();
      return true;
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is gone: the transaction with it
      }
      throw e;
    }
  }

  /** Starts {@code n} writer threads that move money until {@link #stop}. */
  public void start(int n) {
    writers.start(n);
  }

  public void stop() throws InterruptedException {
    writers.stop();
  }

  public int acked() {
    return writers.acked().size();
  }

  /**
   * Checks the invariant on {@code c}: the total is intact and every acknowledged transfer is
   * there.
   */
  public void check(Connection c, String when) throws SQLException {
    c.setAutoCommit(true);
    try (Statement st = c.createStatement()) {
      Set<String> present = new HashSet<>();
      try (ResultSet rs = st.executeQuery("SELECT id FROM transfers")) {
        while (rs.next()) {
          present.add(rs.getString(1));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*), sum(balance) FROM accounts")) {
        rs.next();
        if (rs.getInt(1) != ACCOUNTS || rs.getLong(2) != ACCOUNTS * INITIAL) {
          throw new IllegalStateException(
              when
                  + ": "
                  + rs.getInt(1)
                  + " accounts sum to "
                  + rs.getLong(2)
                  + ", not "
                  + ACCOUNTS * INITIAL
                  + explain(st, present));
        }
      }
      Set<String> acked = writers.acked();
      for (String m : acked) {
        if (!present.contains(m)) {
          throw new IllegalStateException(when + ": committed transfer " + m + " is lost");
        }
      }
    }
  }

  /**
   * Each account's balance beside what the transfers whose markers are present add up to, and the
   * markers present though never acknowledged: where the money went wrong.
   */
  private String explain(Statement st, Set<String> present) throws SQLException {
    long[] expected = new long[ACCOUNTS];
    java.util.Arrays.fill(expected, INITIAL);
    int unknown = 0;
    for (String m : present) {
      long[] t = tried.get(m);
      if (t == null) {
        unknown++;
        continue;
      }
      expected[(int) t[0]] -= t[2];
      expected[(int) t[1]] += t[2];
    }
    StringBuilder out = new StringBuilder("\n  markers present: " + present.size());
    Set<String> acked = writers.acked();
    out.append(", acknowledged: ").append(acked.size()).append(", unknown: ").append(unknown);
    out.append(", present but not acknowledged: ");
    out.append(present.stream().filter(m -> !acked.contains(m)).sorted().toList());
    try (ResultSet rs = st.executeQuery("SELECT id, balance FROM accounts ORDER BY id")) {
      while (rs.next()) {
        int id = rs.getInt(1);
        long diff = rs.getLong(2) - expected[id];
        if (diff != 0) {
          out.append("\n  account ").append(id).append(": ").append(rs.getLong(2));
          out.append(" but its transfers make ").append(expected[id]).append(" (");
          out.append(diff > 0 ? "+" : "").append(diff).append("); absent transfers of that size: ");
          for (var e : tried.entrySet()) {
            long[] t = e.getValue();
            if (!present.contains(e.getKey())
                && t[2] == Math.abs(diff)
                && (t[0] == id || t[1] == id)) {
              out.append(e.getKey()).append(' ').append(java.util.Arrays.toString(t)).append(' ');
            }
          }
        }
      }
    }
    return out.toString();
  }
}
