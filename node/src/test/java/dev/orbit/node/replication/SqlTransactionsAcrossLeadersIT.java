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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQL transaction reads the rows it updates on the member that runs it; it may only commit what
 * it computed if that member led the store, without interruption, from its first write or row lock
 * to its commit. Otherwise another leader may have committed a newer value of the row meanwhile,
 * which the commit would overwrite (a lost update): {@code failover-soak.sh}'s bank found balances
 * summing to more than they started with after a failover.
 */
class SqlTransactionsAcrossLeadersIT {
  @TempDir Path dir;
  private ClusterFixture c;

  @BeforeEach
  void cluster() throws Exception {
    c = new ClusterFixture(dir, 3);
    try (Connection pg = c.connectWhenReady(c.leader("postgres"));
        Statement st = pg.createStatement()) {
      st.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)");
      st.execute("INSERT INTO accounts VALUES (1, 100)");
    }
  }

  @AfterEach
  void close() {
    c.close();
  }

  @Test
  void anUpdateOnAFollowerIsRefusedAtOnceSoItCannotCommitAStaleRowAfterAnElection()
      throws Exception {
    TestNode leader = c.leader("postgres");
    TestNode follower = c.followers(leader).get(0);
    awaitRow(follower, 100);
    boolean updated = false;
    boolean committed = false;
    try (Connection onFollower = ClusterFixture.connect(follower);
        Statement fst = onFollower.createStatement()) {
      onFollower.setAutoCommit(false);
      try {
        fst.executeUpdate("UPDATE accounts SET balance = balance + 10 WHERE id = 1");
        updated = true; // it read the follower's copy of the row
      } catch (SQLException e) {
        assertEquals("25006", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("read-only transaction"), e.getMessage());
      }
      commitOnLeader(leader, "UPDATE accounts SET balance = balance + 1 WHERE id = 1");
      moveLeadership(leader, follower);
      try {
        onFollower.commit(); // the member leads by now
        committed = updated;
      } catch (SQLException e) {
        // refused: nothing of it applied
      }
    }
    assertEquals(
        101 + (committed ? 10 : 0),
        balanceOnLeader(),
        "the update committed by the former leader is kept");
    // as PostgreSQL's standby, the statement itself is refused, not only its commit
    assertFalse(updated, "an UPDATE on a follower is refused");
  }

  @Test
  void aTransactionWhoseMemberLostAndRegainedTheLeadershipCannotCommit() throws Exception {
    TestNode first = c.leader("postgres");
    TestNode other = c.followers(first).get(0);
    try (Connection tx = ClusterFixture.connect(first);
        Statement st = tx.createStatement()) {
      tx.setAutoCommit(false);
      // reads 100 and locks the row on this member
      assertEquals(1, st.executeUpdate("UPDATE accounts SET balance = balance + 10 WHERE id = 1"));
      moveLeadership(first, other);
      // the new leader knows nothing of that lock: a transfer commits there
      commitOnLeader(other, "UPDATE accounts SET balance = balance + 1 WHERE id = 1");
      moveLeadership(other, first);
      SQLException refused = null;
      try {
        tx.commit();
      } catch (SQLException e) {
        refused = e;
      }
      assertEquals(
          refused == null ? 111 : 101,
          balanceOnLeader(),
          "the update committed meanwhile is not overwritten");
      assertTrue(refused != null, "the commit is refused");
      assertEquals("40001", refused.getSQLState(), refused.getMessage());
    }
    try (Connection again = ClusterFixture.connect(c.leader("postgres"));
        Statement st = again.createStatement()) {
      // the member that leads again takes new transactions
      assertEquals(1, st.executeUpdate("UPDATE accounts SET balance = balance + 10 WHERE id = 1"));
    }
    assertEquals(111, balanceOnLeader());
  }

  @Test
  void aTransactionWhoseMemberLostTheLeadershipIsRefusedAtItsNextWrite() throws Exception {
    TestNode first = c.leader("postgres");
    TestNode other = c.followers(first).get(0);
    try (Connection tx = ClusterFixture.connect(first);
        Statement st = tx.createStatement()) {
      tx.setAutoCommit(false);
      assertEquals(1, st.executeUpdate("UPDATE accounts SET balance = balance - 10 WHERE id = 1"));
      moveLeadership(first, other);
      SQLException e =
          assertThrows(
              SQLException.class, () -> st.executeUpdate("INSERT INTO accounts VALUES (2, 10)"));
      assertEquals("25006", e.getSQLState(), e.getMessage());
      tx.commit(); // of a failed block: a rollback
    }
    assertEquals(100, balanceOnLeader(), "nothing of the interrupted transaction is applied");
  }

  private void commitOnLeader(TestNode leader, String sql) throws SQLException {
    try (Connection pg = ClusterFixture.connect(leader);
        Statement st = pg.createStatement()) {
      assertEquals(1, st.executeUpdate(sql));
    }
  }

  /**
   * Hands the postgres store's leadership from {@code from} to {@code to}; waits until it leads.
   */
  private void moveLeadership(TestNode from, TestNode to) {
    String id = to.node.storage().replication().self();
    var moved = new Membership(from.node.storage().replication()).transferLeadership(id, 30_000);
    assertTrue(moved.get("postgres").ok(), String.valueOf(moved));
    ClusterFixture.await(
        "postgres led by " + id + " alone",
        () ->
            to.node.storage().replication().status().get("postgres").leaderReady()
                && !from.node.storage().replication().status().get("postgres").leaderReady());
  }

  private long balanceOnLeader() throws SQLException {
    try (Connection pg = ClusterFixture.connect(c.leader("postgres"));
        Statement st = pg.createStatement();
        ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private static void awaitRow(TestNode member, long balance) {
    ClusterFixture.await(
        "the row on " + member.node.storage().replication().self(),
        () -> {
          try (Connection pg = ClusterFixture.connect(member);
              Statement st = pg.createStatement();
              ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
            return rs.next() && rs.getLong(1) == balance;
          } catch (SQLException e) {
            return false;
          }
        });
  }
}
