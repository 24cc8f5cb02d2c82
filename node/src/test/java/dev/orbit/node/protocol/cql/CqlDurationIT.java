package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The duration type through the Java driver: literals, CqlDuration codec, JSON, its limits. */
class CqlDurationIT {
  @TempDir Path dir;

  private static String invalid(CqlSession s, String cql) {
    return assertThrows(InvalidQueryException.class, () -> s.execute(cql)).getMessage();
  }

  @Test
  void durationsStoreAsMonthsDaysAndNanosecondsAndPrintAsCassandraDoes() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "d");
      s.execute(
          "CREATE TABLE d.t (k int PRIMARY KEY, d duration, l list<duration>,"
              + " m map<int, duration>)");
      s.execute(
          "INSERT INTO d.t (k, d, l, m) VALUES (1, 1y2mo3d4h5m6s7ms8us9ns, [1h, -2d, 90M],"
              + " {1: 1w})");
      s.execute(
          s.prepare("INSERT INTO d.t (k, d) VALUES (?, ?)")
              .bind(2, CqlDuration.newInstance(-1, -2, -3_000_000_000L)));
      s.execute("INSERT INTO d.t JSON '{\"k\": 3, \"d\": \"1h30m\"}'");

      long nanos = ((4 * 60 + 5) * 60 + 6) * 1_000_000_000L + 7_008_009L;
      Row one = s.execute("SELECT d, l, m FROM d.t WHERE k = 1").one();
      assertEquals(CqlDuration.newInstance(14, 3, nanos), one.getCqlDuration("d"));
      assertEquals(
          List.of(
              CqlDuration.newInstance(0, 0, 3_600_000_000_000L),
              CqlDuration.newInstance(0, -2, 0),
              CqlDuration.newInstance(0, 0, 5_400_000_000_000L)),
          one.getList("l", CqlDuration.class));
      assertEquals(
          Map.of(1, CqlDuration.newInstance(0, 7, 0)),
          one.getMap("m", Integer.class, CqlDuration.class));
      assertEquals(
          "{\"d\": \"1y2mo3d4h5m6s7ms8us9ns\", \"l\": [\"1h\", \"-2d\", \"1h30m\"]}",
          s.execute("SELECT JSON d, l FROM d.t WHERE k = 1").one().getString(0));
      assertEquals(
          "{\"d\": \"-1mo2d3s\"}",
          s.execute("SELECT JSON d FROM d.t WHERE k = 2").one().getString(0));
      assertEquals(
          CqlDuration.newInstance(0, 0, 5_400_000_000_000L),
          s.execute("SELECT d FROM d.t WHERE k = 3").one().getCqlDuration(0));
      assertEquals(
          3, s.execute("SELECT k FROM d.t WHERE d = 1h30m ALLOW FILTERING").one().getInt(0));

      assertTrue(s.execute("UPDATE d.t SET d = 2h WHERE k = 3 IF d = 1h30m").wasApplied());
      assertTrue(!s.execute("UPDATE d.t SET d = 3h WHERE k = 3 IF d = 1h30m").wasApplied());
      assertEquals(
          CqlDuration.newInstance(0, 0, 7_200_000_000_000L),
          s.execute("SELECT d FROM d.t WHERE k = 3").one().getCqlDuration(0));
      assertEquals(
          "duration type is not supported for PRIMARY KEY column 'd'",
          invalid(s, "CREATE TABLE d.bad (d duration PRIMARY KEY)"));
      assertEquals(
          "Durations are not allowed inside sets: set<duration>",
          invalid(s, "CREATE TABLE d.bad (k int PRIMARY KEY, s set<duration>)"));
      assertEquals(
          "Slice restrictions are not supported on duration columns",
          invalid(s, "SELECT * FROM d.t WHERE d > 1h ALLOW FILTERING"));
      assertTrue(
          invalid(s, "INSERT INTO d.t (k, d) VALUES (5, 1h1h)").contains("Invalid duration"));
      assertTrue(invalid(s, "SELECT max(d) FROM d.t").contains("max() of durations"));
      assertTrue(s.execute("SELECT * FROM d.t WHERE k = 5").all().isEmpty());
    }
  }
}
