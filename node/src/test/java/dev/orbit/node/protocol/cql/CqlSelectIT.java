package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
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

  private TestNode start() {
    return TestNode.start(
        dir, "protocols.cql.enabled=true", "protocols.cql.port=0", "auth.users.orbit=secret");
  }

  private static List<Integer> cs(Iterable<Row> rows) {
    List<Integer> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.getInt("c")));
    return out;
  }

  @Test
  void orderByAgainstTheClusteringOrderReturnsRowsReversedAcrossPages() {
    try (TestNode n = start();
        CqlSession s = CqlDriverIT.connect(n, "orbit", "secret")) {
      s.execute(
          "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
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
}
