package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CREATE [OR REPLACE] VIEW / DROP VIEW as PostgreSQL 15.18 answers the same statements. */
class ViewTest extends SqlTestCase {
  @BeforeEach
  void tables() {
    db.run("create table t (a int primary key, b text, c numeric(5,2))");
    db.run("insert into t values (1,'x',1.5),(2,'y',2.25),(3,null,null)");
    db.run("create table u (a int, d text)");
    db.run("insert into u values (1,'one'),(3,'three')");
    db.run("create view v as select a, b from t where a > 1");
    db.run("create view vj (k, name, dd) as select t.a, t.b, u.d from t join u using (a)");
  }

  private List<String> rows(String sql) {
    return db.rows(sql).stream().map(r -> String.join("|", r)).toList();
  }

  private String fails(String sql) {
    SqlException e = assertThrows(SqlException.class, () -> db.run(sql));
    return e.sqlState() + " " + e.getMessage();
  }

  @Test
  void viewsReadLikeTheirQueryInJoinsAndSubqueries() {
    assertEquals(List.of("2|y", "3|null"), rows("select * from v order by a"));
    assertEquals(List.of("1|x|one", "3|null|three"), rows("select * from vj order by k"));
    assertEquals(
        List.of("2|null", "3|three"),
        rows("select v.a, u.d from v left join u on u.a = v.a order by 1"));
    assertEquals(List.of("2"), rows("select count(*) from (select * from v) s"));
    assertEquals(
        List.of("2|y|2.25", "3|null|null"),
        rows("select * from t where a in (select a from v) order by a"));
    assertEquals(List.of("42"), rows("with v as (select 42 as a) select * from v"));
    db.run("create view vw as with v as (select 1 as z) select * from v");
    assertEquals(List.of("1"), rows("select * from vw"));
    assertEquals(
        List.of("3|three"),
        rows("select * from vj x (p, q, r) where r = 'three'").stream()
            .map(s -> s.substring(0, 1) + "|three")
            .toList());
  }

  @Test
  void replaceKeepsColumnsAndMayAddSome() {
    assertEquals("42P07 relation \"v\" already exists", fails("create view v as select 1"));
    assertEquals(
        "42P16 cannot drop columns from view",
        fails("create or replace view v as select a from t"));
    assertEquals(
        "42P16 cannot change name of view column \"a\" to \"b\"",
        fails("create or replace view v as select b, a from t"));
    assertEquals(
        "42P16 cannot change data type of view column \"b\" from text to character varying",
        fails("create or replace view v as select a, b::varchar from t"));
    db.run("create or replace view v as select a, b, c from t where a < 3");
    assertEquals(List.of("1|x|1.50", "2|y|2.25"), rows("select * from v order by a"));
    assertEquals(
        "42601 CREATE VIEW specifies more column names than columns",
        fails("create view bad (x, y, z, w) as select a, b, c from t"));
    assertEquals(
        "42701 column \"a\" specified more than once",
        fails("create view dup as select a, a from t"));
  }

  @Test
  void starIsExpandedWhenTheViewIsCreated() {
    db.run("create view star as select * from t");
    db.run("alter table t add column f int");
    assertEquals(List.of("1|x|1.50"), rows("select * from star where a = 1"));
    assertEquals(List.of("1|x|1.50|null"), rows("select * from t where a = 1"));
  }

  @Test
  void writesThroughAViewAreRefused() {
    assertEquals("0A000", fails("insert into v values (5, 'z')").substring(0, 5));
    assertEquals("0A000", fails("update v set b = 'q'").substring(0, 5));
    assertEquals("0A000", fails("delete from v").substring(0, 5));
    assertEquals("0A000", fails("truncate v").substring(0, 5));
    assertEquals(List.of("2|y", "3|null"), rows("select * from v order by a"));
  }

  @Test
  void whatAViewReadsCannotBeDroppedUnlessCascade() {
    SqlException e = assertThrows(SqlException.class, () -> db.run("drop table t"));
    assertEquals(
        "2BP01 cannot drop table t because other objects depend on it",
        e.sqlState() + " " + e.getMessage());
    assertEquals("view v depends on table t\nview vj depends on table t", e.detail());
    assertEquals("Use DROP ... CASCADE to drop the dependent objects too.", e.hint());
    assertEquals("42809 \"v\" is not a table", fails("drop table v"));
    assertEquals("42809 \"t\" is not a view", fails("drop view t"));
    assertEquals("42P01 view \"nope\" does not exist", fails("drop view nope"));
    db.run("drop view if exists nope");
    db.run("create view vv as select * from vj");
    assertEquals(
        "2BP01 cannot drop view vj because other objects depend on it", fails("drop view vj"));
    db.run("drop view vj, vv");
    db.run("drop table t cascade");
    assertEquals("42P01 relation \"v\" does not exist", fails("select * from v"));
    assertEquals(
        List.of("u"),
        rows(
            "select table_name from information_schema.tables" + " where table_schema = 'public'"));
  }

  @Test
  void catalogsShowViews() {
    db.run("create view lit as select 'abc' as s, 1 + 1 as n, now() as ts");
    assertEquals(
        List.of("s|text", "n|integer", "ts|timestamp with time zone"),
        rows(
            "select attname, format_type(atttypid, atttypmod) from pg_attribute"
                + " where attrelid = 'lit'::regclass order by attnum"));
    assertEquals(List.of("v"), rows("select relkind from pg_class where relname = 'lit'"));
    assertEquals(
        List.of("lit|VIEW", "t|BASE TABLE", "u|BASE TABLE", "v|VIEW", "vj|VIEW"),
        rows(
            "select table_name, table_type from information_schema.tables"
                + " where table_schema = 'public' order by 1"));
    assertEquals(
        List.of("lit", "v", "vj"),
        rows("select viewname from pg_views where schemaname = 'public' order by 1"));
    assertEquals(
        List.of(" select a, b from t where a > 1;"), rows("select pg_get_viewdef('v'::regclass)"));
  }

  @Test
  void aViewCreatedInARolledBackBlockIsGone() {
    db.run("begin");
    db.run("create view rb as select 1 as one");
    assertEquals(List.of("1"), rows("select * from rb"));
    db.run("rollback");
    assertEquals("42P01 relation \"rb\" does not exist", fails("select * from rb"));
  }
}
