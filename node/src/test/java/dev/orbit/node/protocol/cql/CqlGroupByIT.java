package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SELECT … GROUP BY through the Java driver, with Cassandra 5's grouping rules. */
class CqlGroupByIT {
  @TempDir Path dir;

  private static String invalid(CqlSession s, String cql) {
    return assertThrows(InvalidQueryException.class, () -> s.execute(cql)).getMessage();
  }

  @Test
  void groupsOfPrimaryKeyPrefixesAggregateAndPage() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "g");
      s.execute(
          "CREATE TABLE g.t (pk int, c1 int, c2 int, v int, w text, PRIMARY KEY (pk, c1, c2))");
      var ins = s.prepare("INSERT INTO g.t (pk, c1, c2, v, w) VALUES (?, ?, ?, ?, ?)");
      for (int pk = 1; pk <= 3; pk++) {
        for (int c1 = 0; c1 < 3; c1++) {
          for (int c2 = 0; c2 < 4; c2++) {
            s.execute(ins.bind(pk, c1, c2, pk * 100 + c1 * 10 + c2, "w" + c1 + c2));
          }
        }
      }
      List<Integer> tokenOrder = new ArrayList<>();
      s.execute("SELECT DISTINCT pk FROM g.t").forEach(r -> tokenOrder.add(r.getInt(0)));

      // by partition: one row per partition, in token order, plain columns from its first row
      List<Row> byPk =
          s.execute("SELECT pk, c2, count(*), sum(v), max(w) FROM g.t GROUP BY pk").all();
      assertEquals(3, byPk.size());
      for (int i = 0; i < 3; i++) {
        Row r = byPk.get(i);
        int pk = tokenOrder.get(i);
        assertEquals(pk, r.getInt("pk"));
        assertEquals(0, r.getInt("c2"));
        assertEquals(12, r.getLong(2));
        assertEquals(12 * pk * 100 + 4 * (0 + 10 + 20) + 3 * (0 + 1 + 2 + 3), r.getInt(3));
        assertEquals("w23", r.getString(4));
      }

      // by a clustering prefix; pk fixed by = may be left out of GROUP BY
      List<Row> byC1 =
          s.execute("SELECT c1, c2, v, avg(v) FROM g.t WHERE pk = 2 GROUP BY c1").all();
      assertEquals(3, byC1.size());
      for (int c1 = 0; c1 < 3; c1++) {
        Row r = byC1.get(c1);
        assertEquals(c1, r.getInt("c1"));
        assertEquals(0, r.getInt("c2"));
        assertEquals(200 + c1 * 10, r.getInt("v"));
        assertEquals(200 + c1 * 10 + 1, r.getInt(3)); // int average truncates: 6 / 4
      }

      // pages and LIMIT count groups, not rows
      ResultSet paged =
          s.execute(
              SimpleStatement.newInstance("SELECT pk, c1, count(*) FROM g.t GROUP BY pk, c1")
                  .setPageSize(2));
      assertEquals(2, paged.getAvailableWithoutFetching());
      List<String> groups = new ArrayList<>();
      for (Row r : paged) {
        assertEquals(4, r.getLong(2));
        groups.add(r.getInt(0) + "/" + r.getInt(1));
      }
      List<String> want = new ArrayList<>();
      tokenOrder.forEach(pk -> List.of(0, 1, 2).forEach(c1 -> want.add(pk + "/" + c1)));
      assertEquals(want, groups);
      assertEquals(
          4, s.execute("SELECT pk, c1, count(*) FROM g.t GROUP BY pk, c1 LIMIT 4").all().size());
      assertEquals(
          want.subList(0, 5),
          s
              .execute(
                  SimpleStatement.newInstance("SELECT pk, c1 FROM g.t GROUP BY pk, c1 LIMIT 5")
                      .setPageSize(2))
              .all()
              .stream()
              .map(r -> r.getInt(0) + "/" + r.getInt(1))
              .toList());

      // no rows: no groups (without GROUP BY, count(*) answers one row of 0)
      assertTrue(s.execute("SELECT count(*) FROM g.t WHERE pk = 9 GROUP BY pk").all().isEmpty());
      assertEquals(0, s.execute("SELECT count(*) FROM g.t WHERE pk = 9").one().getLong(0));
      assertEquals(
          "{\"c1\": 1, \"count\": 4}",
          s.execute("SELECT JSON c1, count(*) FROM g.t WHERE pk = 1 AND c1 = 1 GROUP BY c1")
              .one()
              .getString(0));

      assertEquals(
          "Group by is only supported on partition key columns and clustering columns, v is not",
          invalid(s, "SELECT count(*) FROM g.t GROUP BY v"));
      assertEquals(
          "Group by currently only support groups of columns following their declared order in"
              + " the PRIMARY KEY",
          invalid(s, "SELECT count(*) FROM g.t GROUP BY pk, c2"));
      s.execute("CREATE TABLE g.two (a int, b int, c int, PRIMARY KEY ((a, b), c))");
      assertEquals(
          "Group by is not supported on only a part of the partition key",
          invalid(s, "SELECT count(*) FROM g.two GROUP BY a"));
      assertTrue(
          invalid(s, "SELECT count(*) FROM g.t WHERE pk = 1 GROUP BY c1 ORDER BY c1 DESC")
              .contains("GROUP BY with ORDER BY"));
    }
  }
}
