package dev.orbit.node.protocol.pg;

import static dev.orbit.node.protocol.pg.PgFixture.connect;
import static dev.orbit.node.protocol.pg.PgFixture.one;
import static dev.orbit.node.protocol.pg.PgFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgJdbcIT {
  @TempDir static Path dir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = PgFixture.start(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void connectsWithScramAndRunsDdlAndDml() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute(
          "create table items (id int primary key, name text not null, price numeric(10,2))");
      assertEquals(
          3,
          st.executeUpdate("insert into items values (1, 'a', 1.50), (2, 'b', 2), (3, 'c', null)"));
      assertEquals(
          List.of(List.of("1", "a", "1.50"), List.of("2", "b", "2.00")),
          rows(st, "select id, name, price from items where price is not null order by id"));
      assertEquals(1, st.executeUpdate("update items set price = price * 2 where id = 2"));
      assertEquals("4.00", one(st, "select price from items where id = 2"));
      assertEquals(1, st.executeUpdate("delete from items where id = 3"));
      assertEquals("2", one(st, "select count(*) from items"));
      assertEquals("15.18", one(st, "show server_version"));
      assertTrue(one(st, "select version()").startsWith("PostgreSQL 15.18"));
      assertEquals("orbit", one(st, "select current_database()"));
      assertEquals("orbit", one(st, "select current_user"));
    }
  }

  @Test
  void wrongPasswordIs28P01AndUnknownDatabaseIs3D000() {
    SQLException pw =
        assertThrows(SQLException.class, () -> connect(node, "orbit", "nope", "orbit"));
    assertEquals("28P01", pw.getSQLState());
    SQLException unknownUser =
        assertThrows(SQLException.class, () -> connect(node, "mallory", "x", "orbit"));
    assertEquals("28P01", unknownUser.getSQLState());
    SQLException db =
        assertThrows(SQLException.class, () -> connect(node, "alice", "wonderland", "nosuchdb"));
    assertEquals("3D000", db.getSQLState());
  }

  @Test
  void preparedStatementsBeyondThresholdAndBatches() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute(
          "create table kv (k bigint primary key, v varchar(20), f double precision, b boolean,"
              + " d date, ts timestamp, u uuid, raw bytea)");
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into kv (k, v, f, b, d, ts, u, raw) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < 20; i++) {
          ps.setLong(1, i);
          ps.setString(2, "v" + i);
          ps.setDouble(3, i / 2.0);
          ps.setBoolean(4, i % 2 == 0);
          ps.setDate(5, java.sql.Date.valueOf("2024-01-" + String.format("%02d", i + 1)));
          ps.setTimestamp(6, java.sql.Timestamp.valueOf("2024-01-01 10:00:00." + i));
          ps.setObject(7, java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i}));
          ps.setBytes(8, new byte[] {(byte) i, 2, 3});
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        assertEquals(20, counts.length);
      }
      try (PreparedStatement ps =
          c.prepareStatement("select v, f, b, d, raw from kv where k = ?")) {
        for (int i = 0; i < 10; i++) {
          ps.setLong(1, 7);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("v7", rs.getString(1));
            assertEquals(3.5, rs.getDouble(2));
            assertFalse(rs.getBoolean(3));
            assertEquals(java.sql.Date.valueOf("2024-01-08"), rs.getDate(4));
            assertEquals(3, rs.getBytes(5).length);
            assertFalse(rs.next());
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "select count(*), sum(k), min(v), max(k) from kv where k >= ? and k < ?")) {
        for (int i = 0; i < 8; i++) {
          ps.setLong(1, 5);
          ps.setLong(2, 10);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(5, rs.getLong(1));
            assertEquals(35, rs.getLong(2));
            assertEquals("v5", rs.getString(3));
            assertEquals(9, rs.getLong(4));
          }
        }
      }
    }
  }

  @Test
  void transactionsCommitAtomicallyAndRollBack() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute("create table acct (id int primary key, bal int)");
      st.execute("insert into acct values (1, 100), (2, 100)");
      c.setAutoCommit(false);
      st.executeUpdate("update acct set bal = bal - 10 where id = 1");
      st.executeUpdate("update acct set bal = bal + 10 where id = 2");
      assertEquals("90", one(st, "select bal from acct where id = 1"));
      c.rollback();
      assertEquals("100", one(st, "select bal from acct where id = 1"));
      st.executeUpdate("update acct set bal = bal - 10 where id = 1");
      st.executeUpdate("update acct set bal = bal + 10 where id = 2");
      c.commit();
      c.setAutoCommit(true);
      assertEquals(
          List.of(List.of("90"), List.of("110")), rows(st, "select bal from acct order by id"));
    }
  }

  @Test
  void failedTransactionIs25P02UntilRollback() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute("create table ft (id int primary key)");
      c.setAutoCommit(false);
      st.execute("insert into ft values (1)");
      SQLException bad = assertThrows(SQLException.class, () -> st.execute("selec 1"));
      assertEquals("42601", bad.getSQLState());
      SQLException aborted = assertThrows(SQLException.class, () -> st.execute("select 1"));
      assertEquals("25P02", aborted.getSQLState());
      c.rollback();
      assertEquals("0", one(st, "select count(*) from ft"));
      c.setAutoCommit(true);
    }
  }

  @Test
  void errorsCarryTheirSqlStates() throws Exception {
    try (Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute("create table e (id int primary key, n int not null, t varchar(3))");
      st.execute("insert into e values (1, 1, 'x')");
      assertState("42P01", () -> st.execute("select * from nope"));
      assertState("42P07", () -> st.execute("create table e (id int)"));
      assertState("42703", () -> st.execute("select nope from e"));
      assertState("23505", () -> st.execute("insert into e values (1, 2, 'y')"));
      assertState("23502", () -> st.execute("insert into e (id) values (2)"));
      assertState("22P02", () -> st.execute("insert into e values ('abc', 1, 'x')"));
      assertState("22001", () -> st.execute("insert into e values (3, 1, 'toolong')"));
      assertState("42601", () -> st.execute("select from where"));
      // autocommit: as in PostgreSQL, a savepoint needs a transaction block
      assertState("25P01", () -> st.execute("savepoint s1"));
      SQLException unsupported =
          assertThrows(
              SQLException.class,
              () -> st.execute("create table p (a int) partition by range (a)"));
      assertEquals("0A000", unsupported.getSQLState());
      assertTrue(unsupported.getMessage().contains("PARTITION BY"), unsupported.getMessage());
      assertEquals("1", one(st, "select count(*) from e"));
    }
  }

  private static void assertState(String state, org.junit.jupiter.api.function.Executable e) {
    SQLException ex = assertThrows(SQLException.class, e);
    assertEquals(state, ex.getSQLState(), ex.getMessage());
  }
}
