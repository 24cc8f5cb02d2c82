package dev.orbit.node.protocol.pg;

import static dev.orbit.node.protocol.pg.PgFixture.connect;
import static dev.orbit.node.protocol.pg.PgFixture.one;
import static dev.orbit.node.protocol.pg.PgFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.node.TestNode;
import dev.orbit.node.storage.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows and index entries move to colder tiers by age and stay correct for reads and writes. */
class PgTieringIT {
  @TempDir Path dir;

  @Test
  void rowsAndIndexesStayCorrectAfterMovingToCold() throws Exception {
    try (TestNode node =
            PgFixture.start(
                dir,
                "tiering.interval=100ms",
                "tiering.warm.minAge=300ms",
                "tiering.cold.minAge=600ms");
        Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute("create table t (id int primary key, tag text, n int)");
      st.execute("create index t_tag on t (tag)");
      st.execute("insert into t select g, 'tag' || (g % 10), g from generate_series(1, 500) g");
      // every row and index entry of t (500 each) moved on from warm to cold
      PgFixture.waitFor(
          () -> node.node.metrics().recordsMoved("postgres", Tier.WARM) >= 1000,
          "the rows and index entries to reach the cold tier");
      assertEquals(true, hasSst(dir.resolve("cold/postgres")), "rows reached the cold tier");
      assertEquals("250", one(st, "select n from t where id = 250"));
      assertEquals("50", one(st, "select count(*) from t where tag = 'tag3'"));
      st.execute("update t set tag = 'moved' where id = 3");
      st.execute("delete from t where id = 13");
      assertEquals("48", one(st, "select count(*) from t where tag = 'tag3'"));
      assertEquals(List.of(List.of("3")), rows(st, "select id from t where tag = 'moved'"));
      assertEquals("499", one(st, "select count(*) from t"));
      assertEquals("125250", one(st, "select sum(id) + 13 from t"));
    }
  }

  private static boolean hasSst(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.toString().endsWith(".sst"));
    }
  }
}
