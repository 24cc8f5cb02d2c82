package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.Tier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REPEATABLE READ blocks (what pg_dump opens) read one snapshot of every tier. */
class RepeatableReadTest {
  @TempDir Path dir;
  SqlFixture db;
  SqlFixture other;
  ProtocolStore store;

  @BeforeEach
  void open() {
    db = new SqlFixture(dir);
    other = new SqlFixture(db);
    store = db.storage.store("postgres");
    db.run("create table t (id int primary key, v text)");
    db.run("insert into t values (1, 'a'), (2, 'b'), (3, 'c')");
  }

  @AfterEach
  void close() {
    other.close();
    db.close();
  }

  private static void moveAll(ProtocolStore st, Tier from) {
    while (st.moveOlderThan(from, System.currentTimeMillis() + 60_000, 1000)[0] == 1000) {
      // until a partial batch says nothing older is left
    }
  }

  private List<List<String>> all(SqlFixture s) {
    return s.rows("select id, v from t order by id");
  }

  @Test
  void writesCommittedAfterTheFirstQueryAreInvisibleUntilTheBlockEnds() {
    db.run("begin");
    db.run("set transaction isolation level repeatable read, read only");
    assertEquals("repeatable read", db.one("show transaction_isolation"));
    List<List<String>> before = all(db);
    other.run("insert into t values (4, 'd')");
    other.run("update t set v = 'changed' where id = 1");
    other.run("delete from t where id = 2");
    assertEquals(before, all(db));
    assertEquals("3", db.one("select count(*) from t where id > 0"));
    db.run("commit");
    assertEquals(List.of(List.of("1", "changed"), List.of("3", "c"), List.of("4", "d")), all(db));
    assertEquals(0, store.openViews());
  }

  @Test
  void theSnapshotHoldsAcrossTierMoves() {
    db.run("begin isolation level repeatable read read only");
    List<List<String>> before = all(db);
    moveAll(store, Tier.HOT);
    other.run("update t set v = 'hot again' where id = 3");
    other.run("delete from t where id = 1");
    moveAll(store, Tier.HOT);
    moveAll(store, Tier.WARM);
    assertEquals(before, all(db));
    assertEquals("c", db.one("select v from t where id = 3"));
    db.run("rollback");
    assertEquals(List.of(List.of("2", "b"), List.of("3", "hot again")), all(db));
    assertEquals(0, store.openViews());
  }

  @Test
  void readCommittedBlocksStillSeeEachCommittedWrite() {
    db.run("begin");
    assertEquals("3", db.one("select count(*) from t"));
    other.run("insert into t values (4, 'd')");
    assertEquals("4", db.one("select count(*) from t"));
    db.run("commit");
  }

  @Test
  void writesInASnapshotBlockAreRefusedNotRunOnStaleData() {
    db.run("begin isolation level repeatable read");
    SqlException e = assertThrows(SqlException.class, () -> db.run("update t set v = 'x'"));
    assertEquals("0A000", e.sqlState());
    db.run("rollback");
    assertEquals("a", db.one("select v from t where id = 1"));
  }

  @Test
  void isolationCannotChangeAfterTheFirstQuery() {
    db.run("begin");
    db.run("set transaction isolation level repeatable read");
    db.one("select count(*) from t");
    SqlException e =
        assertThrows(
            SqlException.class, () -> db.run("set transaction isolation level repeatable read"));
    assertEquals("25001", e.sqlState());
    db.run("rollback");
  }

  @Test
  void aConcurrentSchemaChangeFailsTheSnapshotBlockInsteadOfMixingSchemas() {
    db.run("begin isolation level repeatable read read only");
    db.one("select count(*) from t");
    other.run("alter table t add column w int");
    SqlException e = assertThrows(SqlException.class, () -> db.run("select * from t"));
    assertEquals("40001", e.sqlState());
    db.run("rollback");
  }

  @Test
  void serializableAndExportedSnapshotsAreRefused() {
    assertEquals(
        "0A000",
        assertThrows(SqlException.class, () -> db.run("begin isolation level serializable"))
            .sqlState());
    assertEquals(
        "0A000",
        assertThrows(
                SqlException.class,
                () ->
                    db.run(
                        "set session characteristics as transaction isolation level repeatable read"))
            .sqlState());
  }

  @Test
  void closingTheSessionReleasesItsSnapshot() {
    SqlFixture third = new SqlFixture(db);
    third.run("begin isolation level repeatable read");
    third.one("select count(*) from t");
    assertEquals(1, store.openViews());
    third.close();
    assertEquals(0, store.openViews());
  }
}
