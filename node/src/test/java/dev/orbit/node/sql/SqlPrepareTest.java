package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** PREPARE / EXECUTE / DEALLOCATE as PostgreSQL 15.18 answers the same statements. */
class SqlPrepareTest extends SqlTestCase {
  private String fails(String sql) {
    SqlException e = assertThrows(SqlException.class, () -> db.run(sql));
    return e.sqlState() + " " + e.getMessage() + (e.detail() == null ? "" : " / " + e.detail());
  }

  @Test
  void preparedStatementsRunWithTheirArguments() {
    db.run("create table pt (a int primary key, b text)");
    db.run("prepare ins (int, text) as insert into pt values ($1, $2)");
    assertEquals("INSERT 0 1", db.run("execute ins(1, 'one')").tag);
    db.run("execute ins (2, 'tw' || 'o')");
    db.run("prepare sel as select b from pt where a = $1");
    assertEquals(List.of(List.of("two")), db.rows("execute sel(2)"));
    assertEquals(List.of(List.of("one")), db.rows("execute sel('1')"));
    assertEquals(
        "42601 wrong number of parameters for prepared statement \"sel\" / Expected 1 parameters"
            + " but got 0.",
        fails("execute sel"));
    assertEquals(
        "42601 wrong number of parameters for prepared statement \"sel\" / Expected 1 parameters"
            + " but got 2.",
        fails("execute sel(1, 2)"));
    assertEquals("23505", fails("execute ins(1, 'again')").substring(0, 5));
  }

  @Test
  void namesAreCheckedAndDeallocated() {
    assertEquals("26000 prepared statement \"nope\" does not exist", fails("execute nope"));
    db.run("prepare q as select 1");
    assertEquals("42P05 prepared statement \"q\" already exists", fails("prepare q as select 2"));
    db.run("deallocate q");
    assertEquals("26000 prepared statement \"q\" does not exist", fails("deallocate q"));
    db.run("prepare q2 as select 2");
    db.run("prepare q3 as select 3");
    db.run("deallocate prepare q3");
    assertEquals(List.of(List.of("2")), db.rows("execute q2"));
    db.run("deallocate all");
    assertEquals("26000 prepared statement \"q2\" does not exist", fails("execute q2"));
    assertEquals("42601", fails("prepare bad as create table x (a int)").substring(0, 5));
  }

  @Test
  void aPreparedQuerySeesLaterSchemaChanges() {
    db.run("create table s (a int)");
    db.run("insert into s values (1)");
    db.run("prepare c as select count(*) from s");
    db.run("insert into s values (2)");
    assertEquals(List.of(List.of("2")), db.rows("execute c"));
    db.run("drop table s");
    assertEquals("42P01", fails("execute c").substring(0, 5));
  }
}
