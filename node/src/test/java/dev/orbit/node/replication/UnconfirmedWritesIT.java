package dev.orbit.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A three-member group loses two members: a write its leader can no longer commit is answered with
 * an error saying its outcome is unknown — after {@code replication.writeTimeout}, or when the
 * leader steps down for want of a majority — instead of waiting forever or being called refused.
 * Once the members are back, the group takes writes again and nothing committed before is lost.
 */
class UnconfirmedWritesIT {
  /** Far longer than any bound under test: a client that waits this long saw no answer at all. */
  private static final int CLIENT_TIMEOUT_MS = 120_000;

  @TempDir Path dir;

  @Test
  void aWriteNotCommittedWithinTheWriteTimeoutIsAnsweredAsUnconfirmed() throws Exception {
    // elections slow enough that the leader is still leading when the write timeout passes
    try (ClusterFixture c =
        new ClusterFixture(
            dir, 3, "replication.writeTimeout=1s", "replication.electionTimeout=5s")) {
      TestNode leader = leaderOfBoth(c);
      try (Jedis j = redis(leader);
          Connection pg = c.connectWhenReady(leader);
          Statement st = pg.createStatement()) {
        assertEquals("OK", j.set("before", "1"));
        st.execute("CREATE TABLE t (id int PRIMARY KEY)");
        st.execute("INSERT INTO t VALUES (1)");
        // a transaction whose statements ran (and read) while the group was whole
        pg.setAutoCommit(false);
        st.execute("INSERT INTO t VALUES (2)");
        stopAllBut(c, leader);

        JedisDataException e = assertThrows(JedisDataException.class, () -> j.set("k", "v"));
        assertTrue(e.getMessage().startsWith("ERR "), e.getMessage());
        assertTrue(
            e.getMessage().contains("not confirmed by a majority of the redis store's replicas")
                && e.getMessage().contains("replication.writeTimeout (1000 ms)")
                && e.getMessage().contains("may or may not be applied"),
            e.getMessage());

        SQLException s = assertThrows(SQLException.class, pg::commit);
        assertEquals("40003", s.getSQLState(), s.getMessage());
        assertTrue(s.getMessage().contains("replication.writeTimeout"), s.getMessage());

        // a schema change is a write like any other: its outcome is unknown too, not an error
        try (Connection ddl = ClusterFixture.connect(leader);
            Statement d = ddl.createStatement()) {
          SQLException u =
              assertThrows(SQLException.class, () -> d.execute("CREATE TABLE u (id int)"));
          assertEquals("40003", u.getSQLState(), u.getMessage());
        }
      }
      restartAll(c);
      assertGroupServesAgain(c);
    }
  }

  @Test
  void aLeaderThatLosesItsMajorityAnswersItsPendingWriteAsUnconfirmedNotAsReadOnly()
      throws Exception {
    // the default write timeout (30 s) is far away: the step-down answers first. The leader steps
    // down 2 election timeouts after it last heard from a majority: 3s leaves it leading while the
    // others are stopped even on a loaded machine, so the write reaches its log
    try (ClusterFixture c = new ClusterFixture(dir, 3, "replication.electionTimeout=3s")) {
      TestNode leader = c.leader("redis");
      try (Jedis j = redis(leader)) {
        assertEquals("OK", j.set("before", "1"));
        stopAllBut(c, leader);

        JedisDataException e = assertThrows(JedisDataException.class, () -> j.set("k", "v"));
        assertFalse(e.getMessage().startsWith("READONLY"), e.getMessage());
        assertTrue(
            e.getMessage().contains("lost the leadership of the redis store")
                && e.getMessage().contains("may or may not be applied"),
            e.getMessage());
        // a write after the step-down never reaches a log: refused as on any replica
        TestNode former = leader;
        ClusterFixture.await(
            "the leader steps down",
            () -> !former.node.storage().replication().status().get("redis").leaderReady());
        JedisDataException refused = assertThrows(JedisDataException.class, () -> j.set("k2", "v"));
        assertTrue(refused.getMessage().startsWith("READONLY"), refused.getMessage());
      }
      restartAll(c);
      assertGroupServesAgain(c);
    }
  }

  @Test
  void theRowsOfACommitOfUnknownOutcomeStayLockedUntilItsEntryIsDecided() throws Exception {
    // the leader keeps leading (slow elections) while the group has no majority for a while
    try (ClusterFixture c =
        new ClusterFixture(
            dir, 3, "replication.writeTimeout=1s", "replication.electionTimeout=10s")) {
      TestNode leader = c.leader("postgres");
      try (Connection a = c.connectWhenReady(leader);
          Statement st = a.createStatement()) {
        setUp(
            st,
            "CREATE TABLE IF NOT EXISTS accounts (id int PRIMARY KEY, balance bigint NOT NULL)");
        setUp(st, "CREATE TABLE IF NOT EXISTS transfers (id text PRIMARY KEY)");
        setUp(st, "INSERT INTO accounts VALUES (1, 100) ON CONFLICT DO NOTHING");
        stopAllBut(c, leader);
        a.setAutoCommit(false);
        st.executeUpdate("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
        st.executeUpdate("INSERT INTO transfers VALUES ('a')");
        SQLException s = assertThrows(SQLException.class, a::commit);
        assertEquals("40003", s.getSQLState(), s.getMessage()); // its entry may still commit
      }
      // a second transfer of the same account while the first one's fate is open
      CompletableFuture<Object> b =
          CompletableFuture.supplyAsync(
              () -> {
                try (Connection conn = ClusterFixture.connect(leader);
                    Statement st = conn.createStatement()) {
                  conn.setAutoCommit(false);
                  st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
                  st.executeUpdate("INSERT INTO transfers VALUES ('b')");
                  conn.commit();
                  return "committed";
                } catch (SQLException e) {
                  return e;
                }
              });
      dev.orbit.node.sql.SqlEngine engine =
          ((dev.orbit.node.protocol.pg.PgServer)
                  leader.node.servers().get(dev.orbit.node.protocol.pg.PgServer.PROTOCOL))
              .engine();
      ClusterFixture.await(
          "the second transfer to wait for the row or to end",
          () -> engine.rowLockWaiters() == 1 || b.isDone());
      int back = c.nodes.indexOf(null);
      c.restart(back); // a majority again: the first transfer's entry commits
      Object outcome = b.get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
      var division = leader.node.storage().replication().log("postgres").division();
      ClusterFixture.await(
          "the leader to commit and apply every entry of its log",
          () ->
              division.getInfo().getLastAppliedIndex()
                  >= division.getRaftLog().getLastEntryTermIndex().getIndex());
      try (Connection pg = ClusterFixture.connect(c.leader("postgres"));
          Statement st = pg.createStatement()) {
        long balance;
        try (ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
          assertTrue(rs.next());
          balance = rs.getLong(1);
        }
        java.util.Set<String> done = new java.util.HashSet<>();
        try (ResultSet rs = st.executeQuery("SELECT id FROM transfers")) {
          while (rs.next()) {
            done.add(rs.getString(1));
          }
        }
        assertEquals(
            100 - (done.contains("a") ? 10 : 0) + (done.contains("b") ? 1 : 0),
            balance,
            "the balance is what the transfers present make ("
                + done
                + ", second: "
                + outcome
                + ")");
        assertEquals("committed", outcome, "the second transfer commits once the first is decided");
      }
    }
  }

  /** The member that leads both stores (the postgres group's leadership handed over if need be). */
  private static TestNode leaderOfBoth(ClusterFixture c) {
    TestNode leader = c.leader("redis");
    TestNode pg = c.leader("postgres");
    if (pg != leader) {
      String to = leader.node.storage().replication().self();
      var moved = new Membership(pg.node.storage().replication()).transferLeadership(to, 30_000);
      assertTrue(moved.get("postgres").ok(), String.valueOf(moved));
      ClusterFixture.await("both stores led by " + to, () -> c.leader("postgres") == leader);
    }
    return leader;
  }

  private static void stopAllBut(ClusterFixture c, TestNode keep) {
    for (int i = 0; i < c.nodes.size(); i++) {
      if (c.nodes.get(i) != keep) {
        c.stop(i);
      }
    }
  }

  private static void restartAll(ClusterFixture c) {
    for (int i = 0; i < c.nodes.size(); i++) {
      if (c.nodes.get(i) == null) {
        c.restart(i);
      }
    }
  }

  private static void assertGroupServesAgain(ClusterFixture c) {
    ClusterFixture.await(
        "the group takes writes again",
        () -> {
          try (Jedis j = redis(c.leader("redis"))) {
            return "OK".equals(j.set("after", "1")) && "1".equals(j.get("before"));
          } catch (JedisDataException e) {
            return false; // a leader elected but not yet serving
          }
        });
  }

  /**
   * Runs an idempotent setup statement until it succeeds: with this test's 1 s write timeout a
   * loaded machine may leave one of unknown outcome (40003), and writes wait behind it a moment.
   */
  private static void setUp(Statement st, String sql) {
    SQLException[] last = {null};
    try {
      ClusterFixture.await(
          sql,
          () -> {
            try {
              st.execute(sql);
              return true;
            } catch (SQLException e) {
              String state = String.valueOf(e.getSQLState());
              if (!state.startsWith("40") && !state.startsWith("57") && !state.startsWith("25")) {
                throw new AssertionError(sql, e);
              }
              last[0] = e;
              return false;
            }
          });
    } catch (AssertionError e) {
      throw last[0] == null ? e : new AssertionError(e.getMessage(), last[0]);
    }
  }

  private static Jedis redis(TestNode n) {
    Jedis j = new Jedis("127.0.0.1", n.redisPort(), CLIENT_TIMEOUT_MS);
    j.auth(ClusterFixture.PASSWORD);
    return j;
  }
}
