package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CREATE TABLE / CREATE INDEX in a transaction block are undone by its rollback. */
class TransactionalDdlTest extends SqlTestCase {
  @Test
  void rollbackDropsTablesAndIndexesCreatedInTheBlock() {
    db.run("create table keep (id int primary key, v text)");
    db.run("insert into keep values (1, 'a')");
    db.run("begin");
    db.run("create table t (id serial primary key, v text)");
    db.run("insert into t (v) values ('x')");
    db.run("create index keep_v on keep (v)");
    assertEquals("1", db.one("select count(*) from t"));
    assertEquals("Range Scan on keep using keep_v", db.plan("select * from keep where v = 'a'"));
    db.run("rollback");
    assertEquals(List.of(), db.session.drainNotices());
    SqlException gone = assertThrows(SqlException.class, () -> db.run("select * from t"));
    assertEquals("42P01", gone.sqlState());
    assertEquals("Seq Scan on keep", db.plan("select * from keep where v = 'a'"));
    assertEquals("a", db.one("select v from keep where id = 1"));
    db.run("create table t (id int)");
    assertEquals("0", db.one("select count(*) from t"));
  }

  @Test
  void commitKeepsThemAndAFailedBlockUndoesThem() {
    db.run("begin");
    db.run("create table c (id int primary key)");
    db.run("commit");
    db.run("insert into c values (1)");
    db.run("begin");
    db.run("create table f (id int primary key)");
    assertThrows(SqlException.class, () -> db.run("insert into c values (1)"));
    assertEquals("ROLLBACK", db.run("commit").tag);
    assertEquals(
        "42P01", assertThrows(SqlException.class, () -> db.run("select * from f")).sqlState());
    assertEquals("1", db.one("select count(*) from c"));
  }

  @Test
  void aRollbackNamesTheSchemaChangesItCannotUndo() {
    db.run("create table d (id int primary key)");
    db.run("insert into d values (1)");
    db.run("begin");
    db.run("alter table d add column n int");
    db.run("truncate d");
    db.run("rollback");
    assertEquals(
        List.of(
            "ROLLBACK did not undo ALTER TABLE, TRUNCATE TABLE: only CREATE TABLE and CREATE INDEX"
                + " are transactional"),
        db.session.drainNotices());
    assertEquals("0", db.one("select count(*) from d"));
  }
}
