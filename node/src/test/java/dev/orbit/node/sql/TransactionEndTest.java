package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Every transaction ends: statements that manage the transaction themselves (DDL, SET, SHOW, BEGIN
 * …) outside a block, failing or not, leave no transaction (nor its row locks or buffered writes)
 * behind, and neither do failed index builds or primary-key copies.
 */
class TransactionEndTest extends SqlTestCase {
  private void noneLive(String after) {
    assertEquals(0, db.engine.liveTransactions(), "a transaction left open after " + after);
  }

  private void runs(String sql) {
    db.run(sql);
    noneLive(sql);
  }

  private void fails(String state, String sql) {
    SqlException e = assertThrows(SqlException.class, () -> db.run(sql));
    assertEquals(state, e.sqlState(), e.getMessage());
    noneLive(sql);
  }

  @Test
  void schemaChangesAndSettingsOutsideABlockEndTheirTransaction() {
    runs("create table p (id int primary key, v int)");
    runs("insert into p select g, g % 3 from generate_series(1, 20) g");
    runs("create table c (id int, pid int)");
    runs("insert into c values (1, 1), (2, 99)");
    runs("create index p_v on p (v)");
    runs("set search_path = public");
    runs("show search_path");
    runs("comment on table p is 'parents'");
    runs("alter table p add column w text");
    fails("23505", "create unique index p_v_u on p (v)");
    fails("23503", "alter table c add foreign key (pid) references p");
    runs("insert into c values (3, 1)");
    fails("23505", "alter table c add primary key (pid)");
    fails("42P01", "drop table missing");
    fails("42P01", "alter table missing add column x int");
    runs("delete from c where pid = 99");
    runs("alter table c add foreign key (pid) references p");
    runs("alter table c add primary key (id)");
    runs("drop index p_v");
    runs("truncate c");
    runs("drop table c");
    assertEquals("20", db.one("select count(*) from p"));
  }

  private void inBlock(String sql) {
    db.run(sql);
    assertEquals(1, db.engine.liveTransactions(), "only the block's transaction after " + sql);
  }

  @Test
  void blocksAndFailedStatementsEndTheirTransaction() {
    runs("create table t (id int primary key)");
    inBlock("begin");
    inBlock("insert into t values (1)");
    inBlock("create table u (a int)");
    runs("commit");
    inBlock("begin");
    assertThrows(SqlException.class, () -> db.run("insert into t values (1)"));
    runs("rollback");
    fails("23505", "insert into t values (1)");
    fails("22012", "select 1 / 0");
    runs("insert into t values (2)");
    assertEquals("2", db.one("select count(*) from t"));
    noneLive("the last query");
  }
}
