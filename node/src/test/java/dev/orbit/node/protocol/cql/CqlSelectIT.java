package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SELECT features beyond key lookups, through the Java driver. */
class CqlSelectIT {
  @TempDir Path dir;

  private static List<Integer> cs(Iterable<Row> rows) {
    List<Integer> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.getInt("c")));
    return out;
  }

  @Test
  void orderByAgainstTheClusteringOrderReturnsRowsReversedAcrossPages() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ks");
      s.execute("CREATE TABLE ks.o (k int, c int, d int, v text, PRIMARY KEY (k, c, d))");
      PreparedStatement ins = s.prepare("INSERT INTO ks.o (k, c, d, v) VALUES (?, ?, ?, ?)");
      for (int i = 0; i < 50; i++) {
        s.execute(ins.bind(1, i, 0, "v" + i));
        s.execute(ins.bind(2, i, 0, "w" + i));
      }
      List<Integer> desc = IntStream.range(0, 50).map(i -> 49 - i).boxed().toList();
      assertEquals(
          desc,
          cs(
              s.execute(
                  SimpleStatement.newInstance("SELECT c FROM ks.o WHERE k = 1 ORDER BY c DESC")
                      .setPageSize(7))));
      assertEquals(
          desc,
          cs(
              s.execute(
                  SimpleStatement.newInstance(
                          "SELECT c FROM ks.o WHERE k = 1 ORDER BY c DESC, d DESC")
                      .setPageSize(3))));
      assertEquals(
          List.of(49, 48, 47),
          cs(s.execute("SELECT c FROM ks.o WHERE k = 2 ORDER BY c DESC LIMIT 3")));
      assertEquals(
          List.of(20, 15, 11),
          cs(s.execute("SELECT c FROM ks.o WHERE k = 2 AND c IN (11, 20, 15) ORDER BY c DESC")));
      assertEquals(
          List.of(12, 11, 10),
          cs(
              s.execute(
                  SimpleStatement.newInstance(
                          "SELECT c FROM ks.o WHERE k = 1 AND c >= 10 AND c < 13 ORDER BY c DESC")
                      .setPageSize(2))));
      assertEquals(
          List.of(10, 11, 12),
          cs(s.execute("SELECT c FROM ks.o WHERE k = 1 AND c >= 10 AND c < 13 ORDER BY c ASC")));
      s.execute(
          "CREATE TABLE ks.r (k int, c int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC)");
      for (int i = 0; i < 5; i++) {
        s.execute("INSERT INTO ks.r (k, c) VALUES (1, " + i + ")");
      }
      assertEquals(
          List.of(0, 1, 2, 3, 4),
          cs(
              s.execute(
                  SimpleStatement.newInstance("SELECT c FROM ks.r WHERE k = 1 ORDER BY c ASC")
                      .setPageSize(2))));
      assertEquals(
          List.of(4, 3), cs(s.execute("SELECT c FROM ks.r WHERE k = 1 ORDER BY c DESC LIMIT 2")));
    }
  }

  /** Answers checked against Cassandra 5.0 (cassandra-all, started as the CQL bench does). */
  @Test
  void aggregatesCountEveryRowWhateverTheLimit() {
    try (TestNode n = CqlFixture.start(dir);
        CqlSession s = CqlFixture.connect(n)) {
      CqlFixture.createKeyspace(s, "ck");
      s.execute("CREATE TABLE ck.t (k int, c int, v int, PRIMARY KEY (k, c))");
      for (int k = 0; k < 5; k++) {
        for (int c = 0; c < 4; c++) {
          s.execute("INSERT INTO ck.t (k, c, v) VALUES (" + k + "," + c + "," + (k * 10 + c) + ")");
        }
      }
      assertEquals(
          20L,
          s.execute(SimpleStatement.newInstance("SELECT count(*) FROM ck.t LIMIT 3").setPageSize(2))
              .one()
              .getLong(0));
      assertEquals(4L, s.execute("SELECT count(*) FROM ck.t WHERE k = 1 LIMIT 2").one().getLong(0));
      Row r = s.execute("SELECT count(*), max(v) FROM ck.t LIMIT 1").one();
      assertEquals(20L, r.getLong(0));
      assertEquals(43, r.getInt(1));
      assertEquals(
          132, s.execute("SELECT sum(v) FROM ck.t WHERE k IN (1,2) LIMIT 1").one().getInt(0));
      InvalidQueryException ppl =
          assertThrows(
              InvalidQueryException.class,
              () -> s.execute("SELECT count(*) FROM ck.t PER PARTITION LIMIT 1"));
      assertEquals("PER PARTITION LIMIT is not allowed with aggregate queries.", ppl.getMessage());
    }
  }
}
