package dev.orbit.node.protocol.pg;

import static dev.orbit.node.protocol.pg.PgFixture.connect;
import static dev.orbit.node.protocol.pg.PgFixture.engine;
import static dev.orbit.node.protocol.pg.PgFixture.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent writers of one row never lose an update; a lock cycle fails one side with 40P01 and
 * lock_timeout bounds a wait with 55P03.
 */
class PgConcurrencyIT {
  @TempDir Path dir;

  @Test
  void concurrentIncrementsInTransactionsLoseNoUpdate() throws Exception {
    try (TestNode node = PgFixture.start(dir)) {
      try (Connection c = connect(node);
          Statement st = c.createStatement()) {
        st.execute("create table counter (id int primary key, n int)");
        st.execute("insert into counter values (1, 0)");
      }
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        workers.add(
            CompletableFuture.runAsync(
                () -> {
                  try (Connection c = connect(node);
                      Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    for (int i = 0; i < 50; i++) {
                      st.executeUpdate("update counter set n = n + 1 where id = 1");
                      c.commit();
                    }
                  } catch (SQLException e) {
                    throw new RuntimeException(e);
                  }
                }));
      }
      CompletableFuture.allOf(workers.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
      try (Connection c = connect(node);
          Statement st = c.createStatement()) {
        assertEquals("200", one(st, "select n from counter where id = 1"));
      }
    }
  }

  @Test
  void aWriterWaitsForTheRowLockThenSeesTheCommittedValue() throws Exception {
    try (TestNode node = PgFixture.start(dir);
        Connection a = connect(node);
        Connection b = connect(node);
        Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      sa.execute("create table r (id int primary key, v int)");
      sa.execute("insert into r values (1, 10), (2, 20)");
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      sa.executeUpdate("update r set v = v + 1 where id = 1");
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<Integer> second =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  started.countDown();
                  return sb.executeUpdate("update r set v = v * 2 where id = 1");
                } catch (SQLException e) {
                  throw new RuntimeException(e);
                }
              });
      started.await();
      PgFixture.waitFor(
          () -> engine(node).rowLockWaiters() == 1 || second.isDone(),
          "the second writer to wait for the row lock");
      assertTrue(!second.isDone(), "the second writer waits for the first");
      a.commit();
      assertEquals(1, second.get(2, TimeUnit.MINUTES));
      b.commit();
      assertEquals("22", one(sa, "select v from r where id = 1"));
      a.setAutoCommit(true);
      b.setAutoCommit(true);

      a.setAutoCommit(false);
      b.setAutoCommit(false);
      sa.executeUpdate("update r set v = 0 where id = 1");
      sb.executeUpdate("update r set v = 0 where id = 2");
      AtomicReference<SQLException> failure = new AtomicReference<>();
      CompletableFuture<Void> cross =
          CompletableFuture.runAsync(
              () -> {
                try {
                  sb.executeUpdate("update r set v = 1 where id = 1");
                } catch (SQLException e) {
                  failure.set(e);
                }
              });
      // b waits for a's row; a's own wait for b's row then closes the cycle
      PgFixture.waitFor(
          () -> engine(node).rowLockWaiters() == 1 || cross.isDone(),
          "b to wait for the row lock a holds");
      SQLException mine = null;
      try {
        sa.executeUpdate("update r set v = 1 where id = 2");
      } catch (SQLException e) {
        mine = e;
      }
      if (mine != null) {
        a.rollback();
      }
      cross.get(2, TimeUnit.MINUTES);
      if (failure.get() != null) {
        b.rollback();
      }
      SQLException deadlock = mine != null ? mine : failure.get();
      assertEquals("40P01", deadlock == null ? null : deadlock.getSQLState());
      a.rollback();
      b.rollback();
    }
  }

  @Test
  void aLockWaitLongerThanLockTimeoutFailsWith55P03() throws Exception {
    try (TestNode node = PgFixture.start(dir);
        Connection a = connect(node);
        Connection b = connect(node);
        Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      sa.execute("create table l (id int primary key, v int)");
      sa.execute("insert into l values (1, 0)");
      sb.execute("set lock_timeout = '300ms'");
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      sa.executeUpdate("update l set v = 1 where id = 1");
      long start = System.nanoTime();
      SQLException timeout = null;
      try {
        sb.executeUpdate("update l set v = 2 where id = 1");
      } catch (SQLException e) {
        timeout = e;
      }
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals("55P03", timeout == null ? null : timeout.getSQLState());
      assertTrue(waitedMillis >= 250 && waitedMillis < 5000, "waited " + waitedMillis + " ms");
      b.rollback();
      a.commit();
      assertEquals(1, sb.executeUpdate("update l set v = v + 1 where id = 1"));
      b.commit();
      assertEquals("2", one(sa, "select v from l where id = 1"));
      a.commit();
    }
  }
}
