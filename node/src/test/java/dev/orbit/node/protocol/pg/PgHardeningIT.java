package dev.orbit.node.protocol.pg;

import static dev.orbit.node.protocol.pg.PgFixture.connect;
import static dev.orbit.node.protocol.pg.PgFixture.one;
import static dev.orbit.node.protocol.pg.PgFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No client can take the node down: bounds on nesting, time, memory, logins; clean shutdown. */
class PgHardeningIT {
  @TempDir static Path dir;
  static TestNode node;

  /** A cross join big enough to run for minutes unless stopped. */
  static final String ENDLESS =
      "select count(*) from generate_series(1, 3000) a, generate_series(1, 3000) b,"
          + " generate_series(1, 3000) c";

  @BeforeAll
  static void start() {
    node = PgFixture.start(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String state(Executable e) {
    SQLException ex = assertThrows(SQLException.class, e::run);
    return ex.getSQLState();
  }

  interface Executable {
    void run() throws Exception;
  }

  /** Polls until {@code check} holds, failing after a generous deadline. */
  private static void eventually(Executable check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError | Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  void deepNestingFailsWithStackDepthLimit() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      String deep = "select " + "(".repeat(10_000) + "1" + ")".repeat(10_000);
      assertEquals("54001", state(() -> st.executeQuery(deep)));
      assertEquals("1", one(st, "select 1"));
    }
  }

  @Test
  void statementTimeoutStopsALongStatement() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute("set statement_timeout = '300ms'");
      SQLException e = assertThrows(SQLException.class, () -> st.executeQuery(ENDLESS));
      assertEquals("57014", e.getSQLState());
      assertEquals("ERROR: canceling statement due to statement timeout", e.getMessage());
      st.execute("set statement_timeout = 0");
      assertEquals("1", one(st, "select 1"));
    }
  }

  @Test
  void disconnectStopsTheRunningStatement() throws Exception {
    try (Connection watcher = connect(node);
        Statement ws = watcher.createStatement()) {
      Connection c = connect(node);
      int pid = Integer.parseInt(one(c.createStatement(), "select pg_backend_pid()"));
      CompletableFuture.runAsync(
          () -> {
            try (Statement st = c.createStatement()) {
              st.executeQuery(ENDLESS);
            } catch (SQLException expected) {
              // the connection is aborted below
            }
          });
      String activeQuery = "select state, query from pg_stat_activity where pid = " + pid;
      eventually(() -> assertEquals(List.of(List.of("active", ENDLESS)), rows(ws, activeQuery)));
      c.abort(Executors.newSingleThreadExecutor());
      eventually(() -> assertEquals(List.of(), rows(ws, activeQuery)));
    }
  }

  @Test
  void idleInTransactionTimeoutClosesTheConnection() throws Exception {
    try (Connection watcher = connect(node);
        Statement ws = watcher.createStatement();
        Connection c = connect(node);
        Statement st = c.createStatement()) {
      int pid = Integer.parseInt(one(st, "select pg_backend_pid()"));
      st.execute("set idle_in_transaction_session_timeout = '200ms'");
      c.setAutoCommit(false);
      st.executeQuery("select 1");
      eventually(
          () ->
              assertEquals(
                  "0", one(ws, "select count(*) from pg_stat_activity where pid = " + pid)));
      assertThrows(SQLException.class, () -> st.executeQuery("select 1"));
    }
  }

  @Test
  void hugeValuesAndPatternsAreBounded() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      assertEquals("54000", state(() -> st.executeQuery("select repeat('x', 1e9)")));
      st.execute("set statement_timeout = '60s'");
      assertEquals("f", one(st, "select repeat('a', 50000) like '%a%a%a%a%a%a%a%a%a%a%a%a%b'"));
      StringBuilder in =
          new StringBuilder("select count(*) from generate_series(1, 100) g where g in (");
      for (int i = 0; i < 80_000; i++) {
        in.append(i == 0 ? "" : ",").append(i + 50);
      }
      assertEquals("51", one(st, in.append(")").toString()));
      st.execute("set orbit.query_memory = '1MB'");
      assertEquals(
          "53200",
          state(() -> st.executeQuery("select repeat('y', 1000) from generate_series(1, 100000)")));
      st.execute("reset orbit.query_memory");
    }
  }

  @Test
  void pgStatActivityListsEverySession() throws Exception {
    try (Connection a = connect(node);
        Connection b = connect(node);
        Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      int pidB = Integer.parseInt(one(sb, "select pg_backend_pid()"));
      List<List<String>> seen =
          rows(sa, "select state, query, usename from pg_stat_activity where pid = " + pidB);
      assertEquals(List.of(List.of("idle", "select pg_backend_pid()", "orbit")), seen);
      assertEquals(
          "active", one(sa, "select state from pg_stat_activity where pid = pg_backend_pid()"));
    }
  }

  // ---- wire-level checks ----

  private static void startup(DataOutputStream out, String user) throws Exception {
    byte[] body = ("user\0" + user + "\0database\0orbit\0\0").getBytes(StandardCharsets.UTF_8);
    out.writeInt(8 + body.length);
    out.writeInt(196608);
    out.write(body);
    out.flush();
  }

  /** Reads one backend message: type and body. */
  private static Object[] read(DataInputStream in) throws Exception {
    char type = (char) in.readByte();
    byte[] body = new byte[in.readInt() - 4];
    in.readFully(body);
    return new Object[] {type, body};
  }

  /** The salt the server offers {@code user} in its first SCRAM message. */
  private static String saltFor(String user) throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.postgresPort())) {
      s.setSoTimeout(30_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      startup(out, user);
      Object[] m = read(in);
      assertEquals('R', m[0]);
      byte[] first = "n,,n=,r=abcdefghijklmnop".getBytes(StandardCharsets.UTF_8);
      byte[] mech = "SCRAM-SHA-256\0".getBytes(StandardCharsets.UTF_8);
      out.writeByte('p');
      out.writeInt(4 + mech.length + 4 + first.length);
      out.write(mech);
      out.writeInt(first.length);
      out.write(first);
      out.flush();
      Object[] cont = read(in);
      String text =
          new String((byte[]) cont[1], 4, ((byte[]) cont[1]).length - 4, StandardCharsets.UTF_8);
      for (String part : text.split(",")) {
        if (part.startsWith("s=")) {
          return part.substring(2);
        }
      }
      throw new AssertionError("no salt in " + text);
    }
  }

  @Test
  void unknownUsersGetAStableSaltLikeKnownOnes() throws Exception {
    assertEquals(saltFor("nobody"), saltFor("nobody"));
    assertEquals(saltFor("alice"), saltFor("alice"));
    assertNotEquals(saltFor("nobody"), saltFor("somebody"));
  }

  @Test
  void repeatedFailedLoginsAreAnsweredMoreSlowly() throws Exception {
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      assertEquals("28P01", state(() -> PgFixture.connect(node, "alice", "wrong", "orbit")));
    }
    long start = System.nanoTime();
    assertEquals("28P01", state(() -> PgFixture.connect(node, "alice", "wrong", "orbit")));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
    try (Connection ok = PgFixture.connect(node, "alice", "wonderland", "orbit")) {
      assertEquals("1", one(ok.createStatement(), "select 1"));
    }
  }

  @Test
  void parseWithTrailingBytesIsRefused() throws Exception {
    try (TestNode trust = PgFixture.start(dir.resolve("trust"), "auth.method=trust");
        Socket s = new Socket("127.0.0.1", trust.postgresPort())) {
      s.setSoTimeout(30_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      startup(out, "orbit");
      Object[] m;
      do {
        m = read(in);
      } while ((char) m[0] != 'Z');
      byte[] body = "\0select 1\0\0\0XYZ".getBytes(StandardCharsets.UTF_8);
      out.writeByte('P');
      out.writeInt(4 + body.length);
      out.write(body);
      out.writeByte('S');
      out.writeInt(4);
      out.flush();
      m = read(in);
      assertEquals('E', m[0]);
      assertTrue(
          new String((byte[]) m[1], StandardCharsets.UTF_8).contains("invalid message format"));
      assertEquals('Z', read(in)[0]);
    }
  }

  @Test
  void shutdownStopsRunningStatementsBeforeStorageCloses() throws Exception {
    TestNode other = PgFixture.start(dir.resolve("shutdown"));
    Connection c = connect(other);
    Statement st = c.createStatement();
    int pid = Integer.parseInt(one(st, "select pg_backend_pid()"));
    CompletableFuture<SQLException> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                st.executeQuery(ENDLESS);
                return null;
              } catch (SQLException e) {
                return e;
              }
            });
    try (Connection w = connect(other);
        Statement ws = w.createStatement()) {
      eventually(
          () ->
              assertEquals(
                  "active", one(ws, "select state from pg_stat_activity where pid = " + pid)));
    }
    other.close();
    SQLException e = running.get(60, TimeUnit.SECONDS);
    assertTrue(e != null, "the running statement was stopped");
  }
}
