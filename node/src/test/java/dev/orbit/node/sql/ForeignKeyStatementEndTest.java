package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Foreign keys are checked when the statement ends, as PostgreSQL 15.18 does (every expectation
 * taken from it on the same statements): NO ACTION lets a key go if a row has it again by then,
 * RESTRICT does not; rows may reference rows written later by the same statement.
 */
class ForeignKeyStatementEndTest extends SqlTestCase {
  private String fails(String sql) {
    SqlException e = assertThrows(SqlException.class, () -> db.run(sql));
    return e.sqlState() + " " + e.getMessage() + " / " + e.detail();
  }

  @Test
  void noActionLetsAKeyGoThatIsBackWhenTheStatementEnds() {
    db.run("create table p (id int primary key)");
    db.run("create table c (pid int references p)");
    db.run("insert into p select g from generate_series(2, 6) g");
    db.run("insert into c values (3), (4)");
    db.run("update p set id = id - 1"); // 3 and 4 go row by row, and are back at the end
    assertEquals("1,2,3,4,5", db.one("select string_agg(id::text, ',' order by id) from p"));
    assertEquals(
        "23503 update or delete on table \"p\" violates foreign key constraint \"c_pid_fkey\""
            + " on table \"c\" / Key (id)=(3) is still referenced from table \"c\".",
        fails("delete from p where id >= 3"));
  }

  @Test
  void restrictRefusesAKeyThatGoesEvenIfItIsBackWhenTheStatementEnds() {
    db.run("create table p (id int primary key)");
    db.run("create table cr (pid int references p on update restrict)");
    db.run("insert into p select g from generate_series(1, 5) g");
    db.run("insert into cr values (3)");
    assertEquals(
        "23503 update or delete on table \"p\" violates foreign key constraint \"cr_pid_fkey\""
            + " on table \"cr\" / Key (id)=(3) is still referenced from table \"cr\".",
        fails("update p set id = id - 1"));
    assertEquals("1,2,3,4,5", db.one("select string_agg(id::text, ',' order by id) from p"));
  }

  @Test
  void aSelfReferencingChainGoesInAndOutInOneStatement() {
    for (String action : new String[] {"", " on delete restrict"}) {
      db.run("create table t (id int primary key, parent int references t" + action + ")");
      db.run("insert into t values (3, 2), (2, 1), (1, null)");
      assertEquals(
          "23503 update or delete on table \"t\" violates foreign key constraint"
              + " \"t_parent_fkey\" on table \"t\" / Key (id)=(2) is still referenced from"
              + " table \"t\".",
          fails("delete from t where id < 3"));
      assertEquals("3", db.one("select count(*) from t"));
      db.run("delete from t");
      assertEquals("0", db.one("select count(*) from t"));
      db.run("drop table t");
    }
  }

  @Test
  void rowsMayReferenceRowsTheSameCopyOrInsertWritesLater() {
    db.run("create table t (id int primary key, parent int references t)");
    db.run("insert into t values (6, 5), (5, 6)");
    db.run("insert into t select g, nullif(g + 1, 4) from generate_series(1, 4) g");
    assertEquals(
        "23503 insert or update on table \"t\" violates foreign key constraint \"t_parent_fkey\""
            + " / Key (parent)=(9) is not present in table \"t\".",
        fails("insert into t values (7, 8), (8, 9)"));
    assertEquals("6", db.one("select count(*) from t"));
  }
}
