package dev.orbit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * A node killed with SIGKILL while large COPYs (stored as bulk loads, not through the WAL) run:
 * after each restart every acknowledged COPY is there in full, and an interrupted one is either all
 * there or not at all.
 */
class BulkCopyCrashE2E {
  static final int ROUNDS = 6;
  static final int ROWS = 100_000;
  static final long SUM = (long) ROWS * (ROWS + 1) / 2;
  static final Duration READY = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void sigkillDuringLargeCopiesKeepsEachCopyWholeOrAbsent() throws Exception {
    StringBuilder rows = new StringBuilder();
    for (int i = 1; i <= ROWS; i++) {
      rows.append(i).append("\tcopied row ").append(i).append('\n');
    }
    String data = rows.toString();
    Path store = dir.resolve("data");
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger started = new AtomicInteger();
    for (int round = 0; round < ROUNDS; round++) {
      NodeProcess n = NodeProcess.start(store, "auth.method=trust").awaitReady(READY);
      String url = "jdbc:postgresql://127.0.0.1:" + n.pgPort + "/orbit";
      try (Connection c = DriverManager.getConnection(url, "orbit", "");
          Statement st = c.createStatement()) {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs =
            st.executeQuery("select tablename from pg_tables where tablename like 'copy%'")) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
        assertTrue(tables.containsAll(acked), "round " + round + ": " + tables + " " + acked);
        for (String t : tables) {
          try (ResultSet rs = st.executeQuery("select count(*), sum(a) from " + t)) {
            rs.next();
            long count = rs.getLong(1);
            if (acked.contains(t)) {
              assertEquals(ROWS, count, "round " + round + ": acknowledged " + t);
              assertEquals(SUM, rs.getLong(2), t);
            } else {
              assertTrue(
                  count == 0 || count == ROWS, "round " + round + ": " + t + " has " + count);
            }
          }
        }
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger begun = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      Thread loader =
          new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection(url, "orbit", "");
                    Statement st = c.createStatement()) {
                  while (!stop.get()) {
                    String t = "copy" + started.getAndIncrement();
                    begun.incrementAndGet();
                    st.execute("create table " + t + " (a int, b text)");
                    c.unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn("copy " + t + " from stdin", new StringReader(data));
                    acked.add(t);
                    done.incrementAndGet();
                  }
                } catch (Exception e) {
                  // the connection dies with the node: the COPY in flight was not acknowledged
                }
              });
      loader.start();
      // kill the node once this round had a COPY acknowledged and the next one is under way, a
      // little later into it each round; the deadline is generous for a loaded machine
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!(done.get() >= 1 && begun.get() > done.get())
          && loader.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(100L * round);
      n.kill();
      stop.set(true);
      loader.join(30_000);
    }
    // every round had a COPY acknowledged before the kill
    assertTrue(acked.size() >= ROUNDS, "COPYs were acknowledged: " + acked.size());
  }
}
