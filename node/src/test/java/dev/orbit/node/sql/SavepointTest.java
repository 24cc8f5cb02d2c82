package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SAVEPOINT, ROLLBACK TO and RELEASE as PostgreSQL 15 answers them (checked on a real server). */
class SavepointTest extends SqlTestCase {
  @BeforeEach
  void table() {
    db.run("create table a (x int primary key, y text)");
  }

  private String state(String sql) {
    return assertThrows(SqlException.class, () -> db.run(sql)).sqlState();
  }

  @Test
  void rollbackToUndoesOnlyWhatFollowedTheSavepoint() {
    db.run("begin");
    db.run("insert into a values (1, 'one')");
    db.run("savepoint s1");
    db.run("insert into a values (2, 'two')");
    assertEquals("2", db.one("select count(*) from a"));
    db.run("rollback to savepoint s1");
    assertEquals("1", db.one("select count(*) from a"));
    db.run("commit");
    assertEquals("1|one", String.join("|", db.rows("select * from a").get(0)));
  }

  @Test
  void rollbackToLeavesTheFailedState() {
    db.run("begin");
    db.run("insert into a values (1, 'one')");
    db.run("savepoint s2");
    assertEquals("23505", state("insert into a values (1, 'dup')"));
    assertEquals("25P02", state("select 1"));
    db.run("rollback to s2");
    db.run("update a set y = 'uno' where x = 1");
    db.run("release savepoint s2");
    assertEquals("3B001", state("rollback to s2"));
    db.run("rollback");
    assertEquals("0", db.one("select count(*) from a"));
  }

  @Test
  void sameNameTwiceReturnsToTheNewestAndReleaseForgetsIt() {
    db.run("begin");
    db.run("insert into a values (5, 'five')");
    db.run("savepoint s");
    db.run("update a set y = 'FIVE' where x = 5");
    db.run("savepoint s");
    db.run("delete from a");
    db.run("rollback to s");
    assertEquals("FIVE", db.one("select y from a"));
    db.run("rollback to s");
    assertEquals("FIVE", db.one("select y from a"));
    db.run("release s");
    db.run("rollback to s");
    assertEquals("five", db.one("select y from a"));
    db.run("commit");
    assertEquals("five", db.one("select y from a"));
  }

  @Test
  void tableCreatedAfterASavepointIsDroppedByRollbackTo() {
    db.run("begin");
    db.run("savepoint s");
    db.run("create table t2 (id int primary key)");
    db.run("insert into t2 values (1)");
    db.run("rollback to s");
    db.run("commit");
    assertEquals("42P01", state("select * from t2"));
  }

  @Test
  void outsideABlockIsRefused() {
    assertEquals("25P01", state("savepoint x"));
    assertEquals("25P01", state("rollback to savepoint x"));
    assertEquals("25P01", state("release savepoint x"));
  }
}
