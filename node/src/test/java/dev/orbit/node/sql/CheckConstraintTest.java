package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CHECK constraints behave as in PostgreSQL 15.18 (expectations from the same statements). */
class CheckConstraintTest extends SqlTestCase {
  private static List<List<String>> rows(String... r) {
    return Arrays.stream(r).map(x -> Arrays.asList(x.split("\\|", -1))).toList();
  }

  /** Rows as psql shows them, NULL as "null". */
  private List<List<String>> texts(String sql) {
    return db.rows(sql).stream()
        .map(r -> r.stream().map(v -> v == null ? "null" : v).toList())
        .toList();
  }

  private void fails(String sql, String state, String message, String detail) {
    SqlException e = assertThrows(SqlException.class, () -> db.run(sql));
    assertEquals(state + " " + message, e.sqlState() + " " + e.getMessage());
    if (detail != null) {
      assertEquals(detail, e.detail());
    }
  }

  private void c1() {
    db.run(
        "create table c1 (a int check (a > 0), b int constraint bpos check (b > 0 and b < 10)"
            + " not null, c text, constraint x check ((a < b)), check (c <> ''))");
  }

  @Test
  void columnAndTableConstraintsNamedAndUnnamedAreEnforcedOnInsert() {
    c1();
    db.run("insert into c1 values (1, 2, 'z')");
    fails(
        "insert into c1 values (0, 2, 'z')",
        "23514",
        "new row for relation \"c1\" violates check constraint \"c1_a_check\"",
        "Failing row contains (0, 2, z).");
    fails(
        "insert into c1 values (1, 20, 'z')",
        "23514",
        "new row for relation \"c1\" violates check constraint \"bpos\"",
        "Failing row contains (1, 20, z).");
    fails(
        "insert into c1 values (3, 2, 'z')",
        "23514",
        "new row for relation \"c1\" violates check constraint \"x\"",
        null);
    fails(
        "insert into c1 values (1, 2, '')",
        "23514",
        "new row for relation \"c1\" violates check constraint \"c1_c_check\"",
        "Failing row contains (1, 2, ).");
    // NULL is not false: the row passes
    db.run("insert into c1 values (null, 2, null)");
    fails(
        "insert into c1 values (1, null, 'z')",
        "23502",
        "null value in column \"b\" of relation \"c1\" violates not-null constraint",
        null);
    assertEquals(rows("null|2|null", "1|2|z"), texts("select * from c1 order by a nulls first"));
  }

  @Test
  void updatesAndUpsertsAreChecked() {
    c1();
    db.run("insert into c1 values (1, 2, 'z'), (null, 2, null)");
    fails(
        "update c1 set a = -1",
        "23514",
        "new row for relation \"c1\" violates check constraint \"c1_a_check\"",
        "Failing row contains (-1, 2, z).");
    db.run("update c1 set b = 5 where a = 1");
    db.run("create table u (id int primary key, v int check (v < 10))");
    db.run("insert into u values (1, 1)");
    fails(
        "insert into u values (1, 1) on conflict (id) do update set v = 50",
        "23514",
        "new row for relation \"u\" violates check constraint \"u_v_check\"",
        "Failing row contains (1, 50).");
    fails(
        "insert into u values (2, 11) on conflict do nothing",
        "23514",
        "new row for relation \"u\" violates check constraint \"u_v_check\"",
        null);
    assertEquals(rows("null|2|null", "1|5|z"), texts("select * from c1 order by a nulls first"));
    assertEquals(rows("1|1"), db.rows("select * from u"));
  }

  @Test
  void namesAreChosenAsPostgresChoosesThem() {
    db.run("create table c2 (a int, check (a > 0), check (a < 100), check (true))");
    fails(
        "insert into c2 values (0)",
        "23514",
        "new row for relation \"c2\" violates check constraint \"c2_a_check\"",
        null);
    fails(
        "insert into c2 values (100)",
        "23514",
        "new row for relation \"c2\" violates check constraint \"c2_a_check1\"",
        null);
    db.run("create table c3 (a int check (a > 0), b int check (b > a))");
    fails(
        "insert into c3 values (1, 1)",
        "23514",
        "new row for relation \"c3\" violates check constraint \"c3_check\"",
        null);
    fails(
        "create table c8 (a int, constraint k check (a > 0), constraint k check (a > 1))",
        "42710",
        "check constraint \"k\" already exists",
        null);
  }

  @Test
  void invalidConstraintsAreRefusedAsPostgresRefusesThem() {
    fails(
        "create table c4 (a int check (a + 1))",
        "42804",
        "argument of CHECK must be type boolean, not type integer",
        null);
    fails(
        "create table c5 (a int check (a > (select 1)))",
        "0A000",
        "cannot use subquery in check constraint",
        null);
    fails(
        "create table c6 (a int check (count(a) > 1))",
        "42803",
        "aggregate functions are not allowed in check constraints",
        null);
    fails("create table c7 (a int check (zz > 1))", "42703", "column \"zz\" does not exist", null);
    fails(
        "create table c10 (a int check (other.a > 0))",
        "42P01",
        "missing FROM-clause entry for table \"other\"",
        null);
    assertEquals(
        "0", db.one("select count(*) from pg_class where relname like 'c%' and relkind = 'r'"));
  }

  @Test
  void alterTableAddConstraintValidatesExistingRows() {
    db.run(
        "CREATE TABLE public.d (id integer NOT NULL, qty integer, name text,"
            + " CONSTRAINT d_qty_check CHECK ((qty >= 0)), CONSTRAINT name_len CHECK ((length(name) < 5)))");
    db.run("insert into d values (1, 5, 'ab'), (2, 0, null)");
    fails(
        "alter table d add constraint big check (qty > 3)",
        "23514",
        "check constraint \"big\" of relation \"d\" is violated by some row",
        null);
    db.run("alter table d add constraint ok check (qty < 100)");
    fails(
        "alter table d add constraint ok check (qty < 5)",
        "42710",
        "constraint \"ok\" for relation \"d\" already exists",
        null);
    fails(
        "insert into d values (3, 100, 'x')",
        "23514",
        "new row for relation \"d\" violates check constraint \"ok\"",
        "Failing row contains (3, 100, x).");
    fails(
        "alter table d add column z int default 7 check (z > 10)",
        "23514",
        "check constraint \"d_z_check\" of relation \"d\" is violated by some row",
        null);
    db.run("alter table d add column z int default 11 check (z > 10)");
    fails(
        "insert into d (id, qty, z) values (4, 1, 9)",
        "23514",
        "new row for relation \"d\" violates check constraint \"d_z_check\"",
        "Failing row contains (4, 1, null, 9).");
    assertEquals(rows("1|5|ab|11", "2|0|null|11"), texts("select * from d order by id"));
  }

  @Test
  void dropConstraintRenameAndDropColumn() {
    db.run("create table c9 (a int check (c9.a > 0))");
    db.run("alter table c9 add constraint pos2 check (a > 5)");
    db.run("alter table c9 add constraint big check (a > 6)");
    db.run("alter table c9 drop constraint big");
    db.run("insert into c9 values (6)");
    fails(
        "alter table c9 drop constraint nope",
        "42704",
        "constraint \"nope\" of relation \"c9\" does not exist",
        null);
    db.run("alter table c9 drop constraint if exists nope");
    db.run("alter table c9 rename column a to aa");
    fails(
        "insert into c9 values (-5)",
        "23514",
        "new row for relation \"c9\" violates check constraint \"c9_a_check\"",
        null);
    db.run("alter table c9 rename to c9r");
    fails(
        "insert into c9r values (3)",
        "23514",
        "new row for relation \"c9r\" violates check constraint \"pos2\"",
        null);
    db.run("alter table c9r add column b int");
    db.run("alter table c9r drop column aa");
    db.run("insert into c9r values (1)");
    assertEquals(rows("null", "1"), texts("select * from c9r order by b nulls first"));
  }

  @Test
  void constraintsSurviveAReopen() {
    db.run("create table k (a int check (a > 0))");
    db.close();
    db = new SqlFixture(dir);
    fails(
        "insert into k values (0)",
        "23514",
        "new row for relation \"k\" violates check constraint \"k_a_check\"",
        null);
  }
}
