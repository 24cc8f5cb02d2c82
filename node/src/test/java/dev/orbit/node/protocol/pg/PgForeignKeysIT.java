package dev.orbit.node.protocol.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.node.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FOREIGN KEY constraints through pgjdbc, psql and pg_dump 15, with PostgreSQL 15.18's answers to
 * the same statements: enforced on both sides (23503), between concurrent sessions, shown by psql
 * \d, dumped after the data and enforced again after a restore.
 */
class PgForeignKeysIT {
  @TempDir Path dir;

  @Test
  void bothSidesAreEnforcedThroughPgjdbc() throws Exception {
    try (TestNode node = PgFixture.start(dir.resolve("data"));
        Connection c = PgFixture.connect(node);
        Statement st = c.createStatement()) {
      st.execute("create table p (id int primary key, name text)");
      st.execute("create table c (id serial primary key, pid int not null references p)");
      st.execute("insert into p values (1, 'one'), (2, 'two')");
      st.execute("insert into c (pid) values (1)");
      try {
        st.execute("insert into c (pid) values (3)");
        throw new AssertionError("accepted a row without its referenced row");
      } catch (SQLException e) {
        assertEquals("23503", e.getSQLState());
        assertTrue(
            e.getMessage().contains("Key (pid)=(3) is not present in table \"p\"."),
            e.getMessage());
      }
      assertEquals("23503", PgFixture.sqlState(st, "delete from p where id = 1"));
      assertEquals("23503", PgFixture.sqlState(st, "update p set id = 5 where id = 1"));
      assertEquals("none", PgFixture.sqlState(st, "delete from p where id = 2"));
      assertEquals(
          "0A000",
          PgFixture.sqlState(
              st, "alter table c add foreign key (pid) references p on delete set default"));
      assertEquals(List.of(List.of("1")), PgFixture.rows(st, "select id from p order by id"));
      assertEquals(
          "none",
          PgFixture.sqlState(
              st,
              "alter table c add constraint c_cascade foreign key (pid) references p"
                  + " on delete cascade"));
      // PostgreSQL 15.18 too: its older NO ACTION constraint checks before the CASCADE acts
      assertEquals("23503", PgFixture.sqlState(st, "delete from p where id = 1"));
      st.execute("alter table c drop constraint c_pid_fkey");
      assertEquals("none", PgFixture.sqlState(st, "delete from p where id = 1"));
      assertEquals(List.of(), PgFixture.rows(st, "select * from c"));
    }
  }

  @Test
  void checksRunWhenTheStatementEndsAndSchemaChangesLeaveNoTransactionOpen() throws Exception {
    try (TestNode node = PgFixture.start(dir.resolve("data"));
        Connection c = PgFixture.connect(node);
        Statement st = c.createStatement()) {
      st.execute("create table p (id int primary key)");
      st.execute("create table c (pid int references p)");
      st.execute("create table t (id int primary key, parent int references t)");
      assertEquals(0, PgFixture.engine(node).liveTransactions(), "after CREATE TABLE");
      st.execute("insert into p select g from generate_series(2, 6) g");
      st.execute("insert into c values (3), (4)");
      // PostgreSQL 15.18: UPDATE 5 (NO ACTION: keys 3 and 4 are back when the statement ends)
      assertEquals(5, st.executeUpdate("update p set id = id - 1"));
      assertEquals("23503", PgFixture.sqlState(st, "delete from p where id >= 3"));
      try (java.sql.PreparedStatement ins =
          c.prepareStatement("insert into t values (?, ?), (?, ?), (?, null)")) {
        int[] values = {3, 2, 2, 1, 1};
        for (int i = 0; i < values.length; i++) {
          ins.setInt(i + 1, values[i]);
        }
        assertEquals(3, ins.executeUpdate()); // (3, 2), (2, 1), (1, null): parents come later
      }
      assertEquals("23503", PgFixture.sqlState(st, "delete from t where id < 3"));
      assertEquals(3, st.executeUpdate("delete from t"));
      assertEquals(
          "23503", PgFixture.sqlState(st, "alter table c add foreign key (pid) references t"));
      st.execute("create index c_pid on c (pid)");
      st.execute("set search_path = public");
      assertEquals(0, PgFixture.engine(node).liveTransactions(), "after the last statement");
    }
  }

  @Test
  void aParentDeleteWaitsForAnUncommittedChildAndThenFails() throws Exception {
    try (TestNode node = PgFixture.start(dir.resolve("data"));
        Connection a = PgFixture.connect(node);
        Connection b = PgFixture.connect(node);
        Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      sa.execute("create table p (id int primary key)");
      sa.execute("create table c (id int primary key, pid int references p)");
      sa.execute("insert into p values (1)");
      a.setAutoCommit(false);
      sa.execute("insert into c values (1, 1)"); // holds p's row until it ends
      CompletableFuture<String> delete =
          CompletableFuture.supplyAsync(() -> PgFixture.sqlState(sb, "delete from p where id = 1"));
      // the delete waits for the inserting transaction's lock on p's row
      PgFixture.waitFor(
          () -> PgFixture.engine(node).rowLockWaiters() == 1 || delete.isDone(),
          "the delete to wait for the row lock");
      assertTrue(!delete.isDone(), "the delete waited for the referencing transaction");
      a.commit();
      assertEquals("23503", delete.get(2, TimeUnit.MINUTES));
      assertEquals("1", PgFixture.one(sb, "select count(*) from p"));
    }
  }

  @Test
  void psqlShowsThemAndADumpRestoresThemEnforced() throws Exception {
    assumeTrue(PgTools.installed("pg_dump") && PgTools.installed("psql"), "pg_dump/psql missing");
    try (TestNode node = PgFixture.start(dir.resolve("data"))) {
      PgFixture.psql(
          node,
          "orbit",
          "-c",
          "create table p (id int primary key, code text unique)",
          "-c",
          "create table c (id int primary key, pid int references p,"
              + " pcode text references p(code) on delete restrict)",
          "-c",
          "insert into p values (1, 'a'), (2, 'b')",
          "-c",
          "insert into c values (10, 1, 'a')");
      String described = PgFixture.psql(node, "orbit", "-c", "\\d c", "-c", "\\d p");
      assertTrue(
          described.contains("\"c_pid_fkey\" FOREIGN KEY (pid) REFERENCES p(id)"), described);
      assertTrue(described.contains("Referenced by:"), described);
      assertTrue(
          described.contains(
              "CONSTRAINT \"c_pcode_fkey\" FOREIGN KEY (pcode) REFERENCES p(code)"
                  + " ON DELETE RESTRICT"),
          described);
      Path dump = dir.resolve("fk.sql");
      assertEquals(
          "", PgTools.run(node.postgresPort(), "pg_dump", "-d", "orbit", "-f", dump.toString()));
      String text = Files.readString(dump);
      assertTrue(
          text.contains("ADD CONSTRAINT c_pid_fkey FOREIGN KEY (pid) REFERENCES public.p(id);"),
          text);
      PgFixture.psql(node, "orbit", "-c", "create database copy");
      assertEquals("", PgFixture.psql(node, "copy", "-o", "/dev/null", "-f", dump.toString()));
      try (Connection c = PgFixture.connect(node, "orbit", PgFixture.PASSWORD, "copy");
          Statement st = c.createStatement()) {
        assertEquals("23503", PgFixture.sqlState(st, "insert into c values (11, 7, null)"));
        assertEquals("23503", PgFixture.sqlState(st, "delete from p where id = 1"));
        assertEquals("none", PgFixture.sqlState(st, "delete from p where id = 2"));
      }
    }
  }
}
