package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CREATE TABLE … AS and SELECT … INTO as PostgreSQL 15.18 runs the same statements. */
class CreateTableAsTest extends SqlTestCase {
  @BeforeEach
  void source() {
    db.run("create table src (id int primary key, n numeric(5,2), v varchar(4), w text)");
    db.run("insert into src values (1, 1.5, 'ab', 'x'), (2, 2.25, 'cd', null)");
  }

  private List<String> rows(String sql) {
    return db.rows(sql).stream()
        .map(r -> String.join("|", r.stream().map(v -> v == null ? "null" : v).toList()))
        .toList();
  }

  private String state(String sql) {
    return assertThrows(SqlException.class, () -> db.run(sql)).sqlState();
  }

  @Test
  void createTableAsCopiesColumnsTypesAndRows() {
    assertEquals("SELECT 2", db.run("create table c1 as select * from src where id > 0").tag);
    assertEquals(List.of("1|1.50|ab|x", "2|2.25|cd|null"), rows("select * from c1 order by id"));
    // the declared length travels with the column (PostgreSQL: 22001 on 'toolong')
    assertEquals("22001", state("insert into c1 values (3, 1.0, 'toolong', 'q')"));
    assertEquals(
        "SELECT 2", db.run("create table c2 as select id * 2 as d, 'lit' as l from src").tag);
    assertEquals(List.of("2|lit", "4|lit"), rows("select * from c2 order by d"));
    assertEquals("text", db.run("select l from c2").fields.get(0).type().typname);
  }

  @Test
  void selectIntoCreatesTheTable() {
    assertEquals("SELECT 1", db.run("select id, w into c4 from src where id = 2").tag);
    assertEquals(List.of("2|null"), rows("select * from c4"));
  }

  @Test
  void refusalsAsInPostgres() {
    db.run("create table c1 as select 1 as a");
    assertEquals("CREATE TABLE AS", db.run("create table if not exists c1 as select 1").tag);
    assertEquals("42P07", state("create table c1 as select 1"));
    assertEquals("42701", state("create table c3 as select 1 as a, 2 as a"));
    assertEquals("42601", state("select (select 1 into c6)"));
    // PostgreSQL creates c5 here; not built, so refused rather than answered as a plain SELECT
    assertEquals("0A000", state("select 1 into c5 union select 2"));
    assertEquals("22012", state("create table c7 as select 1/0 as x"));
    assertEquals(
        "0", db.one("select count(*) from pg_class where relname in ('c3', 'c5', 'c6', 'c7')"));
  }

  @Test
  void rolledBackWithItsBlock() {
    db.run("begin");
    db.run("create table c8 as select 5 as f");
    assertEquals(List.of("5"), rows("select * from c8"));
    db.run("rollback");
    assertEquals("42P01", state("select * from c8"));
  }

  @Test
  void columnNamesListRenamesTheFirstColumns() {
    assertEquals("42601", state("create table x1 (ii, jj, kk) as select id, n from src"));
    db.run("create table x2 (ii) as select id, n from src");
    assertEquals(List.of("1|1.50", "2|2.25"), rows("select ii, n from x2 order by ii"));
  }
}
