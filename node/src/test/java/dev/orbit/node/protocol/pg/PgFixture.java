package dev.orbit.node.protocol.pg;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** A test node serving postgres with SCRAM users {@code orbit} and {@code alice}. */
final class PgFixture {
  static final String PASSWORD = "orbit-secret";

  private PgFixture() {}

  static TestNode start(Path dir, String... extra) {
    List<String> sets =
        new ArrayList<>(
            List.of(
                "protocols.postgres.enabled=true",
                "auth.users.orbit=" + PASSWORD,
                "auth.users.alice=wonderland",
                "storage.durability=group"));
    sets.addAll(List.of(extra));
    return TestNode.start(dir, sets.toArray(new String[0]));
  }

  static String url(TestNode n, String db) {
    return "jdbc:postgresql://127.0.0.1:" + n.postgresPort() + "/" + db;
  }

  static Connection connect(TestNode n) throws SQLException {
    return connect(n, "orbit", PASSWORD, "orbit");
  }

  static Connection connect(TestNode n, String user, String password, String db)
      throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return DriverManager.getConnection(url(n, db), p);
  }

  /** Rows of a query as lists of strings (NULL as null). */
  static List<List<String>> rows(Statement st, String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  static String one(Statement st, String sql) throws SQLException {
    return rows(st, sql).get(0).get(0);
  }

  /** The node's SQL engine, whose sessions and locks tests watch. */
  static dev.orbit.node.sql.SqlEngine engine(TestNode n) {
    return ((PgServer) n.node.servers().get(PgServer.PROTOCOL)).engine();
  }

  /** Polls until {@code state} holds, failing after two minutes (a loaded machine is slow). */
  static void waitFor(java.util.function.BooleanSupplier state, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    while (!state.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  /** The SQLSTATE {@code sql} fails with, or "none" when it runs. */
  static String sqlState(Statement st, String sql) {
    try {
      st.execute(sql);
      return "none";
    } catch (java.sql.SQLException e) {
      return e.getSQLState();
    }
  }

  /** Runs psql against {@code node}'s database {@code db}, stopping on the first error. */
  static String psql(TestNode node, String db, String... args) throws Exception {
    String[] all = new String[args.length + 6];
    System.arraycopy(new String[] {"-d", db, "-X", "-q", "-v", "ON_ERROR_STOP=1"}, 0, all, 0, 6);
    System.arraycopy(args, 0, all, 6, args.length);
    return PgTools.run(node.postgresPort(), "psql", all);
  }
}
