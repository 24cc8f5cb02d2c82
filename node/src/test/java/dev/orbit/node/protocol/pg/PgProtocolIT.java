package dev.orbit.node.protocol.pg;

import static dev.orbit.node.protocol.pg.PgFixture.connect;
import static dev.orbit.node.protocol.pg.PgFixture.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol details: portals with row limits, CancelRequest, version negotiation, empty queries. */
class PgProtocolIT {
  @TempDir static Path dir;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = PgFixture.start(dir);
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute("create table nums (n int primary key)");
      st.execute("insert into nums select g from generate_series(1, 2000) g");
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void fetchSizeReadsAPortalInChunks() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.setFetchSize(100);
      long sum = 0;
      int rows = 0;
      try (ResultSet rs = st.executeQuery("select n from nums order by n")) {
        while (rs.next()) {
          sum += rs.getLong(1);
          rows++;
        }
      }
      c.commit();
      assertEquals(2000, rows);
      assertEquals(2001000L, sum);
    }
  }

  @Test
  void cancelStopsARunningStatement() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      CompletableFuture<SQLException> running =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  st.executeQuery("select count(*) from nums a, nums b, nums c");
                  return null;
                } catch (SQLException e) {
                  return e;
                }
              });
      PgFixture.waitFor(
          () ->
              running.isDone()
                  || PgFixture.engine(node).sessions().stream()
                      .anyMatch(
                          x ->
                              x.activity.state.equals("active")
                                  && x.activity.query.contains("nums a, nums b, nums c")),
          "the statement to run");
      // "active" is shown just before execution starts, and a cancel that arrives before it is
      // dropped (as in PostgreSQL): cancel again while the statement still runs
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!running.isDone() && System.nanoTime() < deadline) {
        st.cancel();
        try {
          running.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
          // the cancel came too early
        }
      }
      SQLException e = running.get(30, TimeUnit.SECONDS);
      assertEquals("57014", e == null ? null : e.getSQLState());
      assertEquals("2000", one(st, "select count(*) from nums"));
    }
  }

  /** Sends a startup packet for protocol 3.{minor} with an unknown protocol option. */
  @Test
  void newerMinorVersionsAreNegotiatedDown() throws Exception {
    try (TestNode trust = PgFixture.start(dir.resolve("trust"), "auth.method=trust");
        Socket s = new Socket("127.0.0.1", trust.postgresPort())) {
      s.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      byte[] params =
          "user\0orbit\0database\0orbit\0_pq_.test\0on\0\0".getBytes(StandardCharsets.UTF_8);
      out.writeInt(8 + params.length);
      out.writeInt((3 << 16) | 2);
      out.write(params);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertEquals('v', in.readByte());
      in.readInt();
      assertEquals(0, in.readInt());
      assertEquals(1, in.readInt());
      List<Character> types = new ArrayList<>();
      byte[] name = new byte[10];
      in.readFully(name);
      assertEquals("_pq_.test\0", new String(name, StandardCharsets.UTF_8));
      while (true) {
        char t = (char) in.readByte();
        int len = in.readInt();
        in.readFully(new byte[len - 4]);
        types.add(t);
        if (t == 'Z') {
          break;
        }
      }
      assertEquals('R', types.get(0));
      assertTrue(types.contains('S') && types.contains('K'), types.toString());
      out.writeByte('Q');
      out.writeInt(4 + 2);
      out.write(new byte[] {' ', 0});
      out.flush();
      assertEquals('I', in.readByte());
      assertEquals(4, in.readInt());
      assertEquals('Z', in.readByte());
    }
  }

  @Test
  void aBatchIsOneImplicitTransactionUntilSync() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.addBatch("insert into nums values (5000)");
      st.addBatch("insert into nums values (1)");
      st.addBatch("insert into nums values (5001)");
      assertThrows(java.sql.BatchUpdateException.class, st::executeBatch);
      assertEquals("0", one(st, "select count(*) from nums where n in (5000, 5001)"));
      st.execute("insert into nums values (5000); insert into nums values (5001)");
      assertEquals("2", one(st, "select count(*) from nums where n in (5000, 5001)"));
      assertThrows(
          SQLException.class, () -> st.execute("insert into nums values (5002); select 1/0"));
      assertEquals("0", one(st, "select count(*) from nums where n = 5002"));
      st.execute("delete from nums where n > 2000");
    }
  }

  @Test
  void simpleQueriesInABlockReadTheBlocksWritesInOrder() throws Exception {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", "orbit");
    props.setProperty("password", PgFixture.PASSWORD);
    props.setProperty("preferQueryMode", "simple");
    try (Connection c = java.sql.DriverManager.getConnection(PgFixture.url(node, "orbit"), props);
        Statement st = c.createStatement()) {
      st.execute("create table acct (id int primary key, bal int)");
      st.execute("insert into acct values (1, 100), (2, 200)");
      for (int i = 0; i < 20; i++) {
        st.execute("BEGIN");
        st.executeUpdate("update acct set bal = bal + " + i + " where id = 1");
        assertEquals(String.valueOf(100 + i), one(st, "select bal from acct where id = 1"));
        st.executeUpdate("update acct set bal = bal - " + i + " where id = 2");
        assertEquals(String.valueOf(200 - i), one(st, "select bal from acct where id = 2"));
        st.execute(i % 2 == 0 ? "ROLLBACK" : "END");
        if (i % 2 == 1) {
          st.execute("update acct set bal = 100 where id = 1");
          st.execute("update acct set bal = 200 where id = 2");
        }
        assertEquals("100", one(st, "select bal from acct where id = 1"));
      }
    }
  }
}
