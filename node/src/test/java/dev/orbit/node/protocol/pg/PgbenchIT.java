package dev.orbit.node.protocol.pg;

import static dev.orbit.node.protocol.pg.PgFixture.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pgbench initializes scale 1 and runs TPC-B (simple and prepared) and select-only cleanly. */
class PgbenchIT {
  @TempDir Path dir;

  @Test
  void pgbenchRunsWithoutErrorsAndKeepsBalancesConsistent() throws Exception {
    assumeTrue(PgTools.installed("pgbench"), "pgbench is not installed");
    try (TestNode node = PgFixture.start(dir)) {
      int port = node.postgresPort();
      String init = PgTools.run(port, "pgbench", "-i", "-s", "1", "orbit");
      assertTrue(init.contains("done in"), init);
      for (String mode : new String[] {"simple", "prepared"}) {
        String out = PgTools.run(port, "pgbench", "-T", "4", "-c", "4", "-M", mode, "orbit");
        assertNoFailures(out);
      }
      assertNoFailures(
          PgTools.run(port, "pgbench", "-S", "-T", "2", "-c", "4", "-M", "prepared", "orbit"));
      try (Connection c = PgFixture.connect(node);
          Statement st = c.createStatement()) {
        assertEquals("100000", one(st, "select count(*) from pgbench_accounts"));
        String sums =
            "select (select sum(abalance) from pgbench_accounts),"
                + " (select sum(tbalance) from pgbench_tellers),"
                + " (select sum(bbalance) from pgbench_branches)";
        var row = PgFixture.rows(st, sums).get(0);
        assertEquals(row.get(0), row.get(1), row.toString());
        assertEquals(row.get(0), row.get(2), row.toString());
      }
    }
  }

  private static void assertNoFailures(String out) {
    Matcher processed = Pattern.compile("actually processed: (\\d+)").matcher(out);
    assertTrue(processed.find(), out);
    assertTrue(Long.parseLong(processed.group(1)) > 0, out);
    assertTrue(out.contains("number of failed transactions: 0 (0.000%)"), out);
    assertTrue(!out.contains("ERROR") && !out.contains("aborted"), out);
  }
}
