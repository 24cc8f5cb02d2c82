package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ON DELETE / ON UPDATE CASCADE and SET NULL, as PostgreSQL 15.18 answers the same statements. */
class ForeignKeyActionsTest extends SqlTestCase {
  private List<String> rows(String sql) {
    return db.rows(sql).stream().map(r -> String.join("|", r)).toList();
  }

  private void parentAndChildren() {
    db.run("create table p (id int primary key, code text unique, v text)");
    db.run("insert into p values (1, 'a', 'x'), (2, 'b', 'y'), (3, 'c', 'z')");
    db.run(
        "create table c (id int primary key,"
            + " pid int references p on delete cascade on update cascade,"
            + " pcode text references p(code) on delete set null on update set null, note text)");
    db.run("insert into c values (10, 1, 'a', 'n'), (11, 1, 'b', 'm'), (12, 2, 'c', 'o')");
    db.run("create table g (id int primary key, cid int references c on delete cascade)");
    db.run("insert into g values (100, 10), (101, 11), (102, 12)");
  }

  @Test
  void aDeleteCascadesThroughEveryLevelAndAnUpdateCarriesOrNullsTheKey() {
    parentAndChildren();
    db.run("delete from p where id = 1");
    assertEquals(List.of("12|2|c|o"), rows("select * from c order by id"));
    assertEquals(List.of("102|12"), rows("select * from g order by id"));
    db.run("update p set id = 20 where id = 2");
    assertEquals(List.of("12|20|c|o"), rows("select * from c order by id"));
    db.run("update p set code = 'q' where id = 3");
    assertEquals(List.of("12|20|null|o"), rows("select * from c order by id"));
    db.run("delete from p where id = 20");
    assertEquals(List.of(), rows("select * from c"));
    assertEquals(List.of(), rows("select * from g"));
  }

  @Test
  void theCatalogShowsTheActionsAsPostgresqlDoes() {
    parentAndChildren();
    assertEquals(
        List.of(
            "c_pcode_fkey|n|n|FOREIGN KEY (pcode) REFERENCES p(code)"
                + " ON UPDATE SET NULL ON DELETE SET NULL",
            "c_pid_fkey|c|c|FOREIGN KEY (pid) REFERENCES p(id) ON UPDATE CASCADE ON DELETE CASCADE",
            "g_cid_fkey|a|c|FOREIGN KEY (cid) REFERENCES c(id) ON DELETE CASCADE"),
        rows(
            "select conname, confupdtype, confdeltype, pg_get_constraintdef(oid)"
                + " from pg_constraint where contype = 'f' order by conname"));
  }

  @Test
  void aSelfReferencingTreeGoesWholeInOneDelete() {
    db.run("create table tree (id int primary key, parent int references tree on delete cascade)");
    db.run("insert into tree values (1, null), (2, 1), (3, 2), (4, 3), (5, 1), (6, null)");
    db.run("delete from tree where id = 1");
    assertEquals(List.of("6|null"), rows("select * from tree order by id"));
  }

  @Test
  void whatAnActionWritesIsCheckedAndAFailureUndoesTheWholeStatement() {
    db.run("create table p (id int primary key)");
    db.run("insert into p values (1), (2), (3)");
    db.run(
        "create table nn (id int primary key, pid int not null references p on delete set null)");
    db.run("insert into nn values (1, 2)");
    SqlException e = assertThrows(SqlException.class, () -> db.run("delete from p where id = 2"));
    assertEquals(
        "23502 null value in column \"pid\" of relation \"nn\" violates not-null constraint"
            + " / Failing row contains (1, null).",
        e.sqlState() + " " + e.getMessage() + " / " + e.detail());
    assertEquals(List.of("3"), rows("select count(*) from p"));
    db.run(
        "create table ck (id int primary key, pid int references p on update cascade"
            + " check (pid < 100))");
    db.run("insert into ck values (1, 3)");
    e = assertThrows(SqlException.class, () -> db.run("update p set id = 200 where id = 3"));
    assertEquals(
        "23514 new row for relation \"ck\" violates check constraint \"ck_pid_check\""
            + " / Failing row contains (1, 200).",
        e.sqlState() + " " + e.getMessage() + " / " + e.detail());
    db.run("update p set id = 30 where id = 3");
    assertEquals(List.of("1|30"), rows("select * from ck"));
    assertEquals(List.of("1", "2", "30"), rows("select id from p order by id"));
  }
}
