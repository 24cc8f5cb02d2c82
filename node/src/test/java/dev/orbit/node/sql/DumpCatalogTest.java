package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog answers pg_dump 15 relies on, checked against what PostgreSQL 15 answers. */
class DumpCatalogTest {
  @TempDir Path dir;
  SqlFixture db;

  @BeforeEach
  void open() {
    db = new SqlFixture(dir);
    db.run("create table items (id serial primary key, name text unique)");
    db.run("create sequence s1 increment by 5 start 10");
  }

  @AfterEach
  void close() {
    db.close();
  }

  private String state(String sql) {
    return assertThrows(SqlException.class, () -> db.run(sql)).sqlState();
  }

  @Test
  void catalogRelationsHaveATableoidThatStarLeavesOut() {
    assertEquals("2615", db.one("select tableoid from pg_namespace where nspname = 'public'"));
    assertEquals(
        List.of("oid", "nspname", "nspowner", "nspacl"),
        db.run("select * from pg_namespace").fields.stream().map(Field::name).toList());
    assertEquals("1259", db.one("select c.tableoid from pg_class c where c.relname = 'items'"));
  }

  @Test
  void aSequenceReadsAsARelationOfItsCurrentState() {
    assertEquals(List.of(List.of("10", "f")), db.rows("select last_value, is_called from s1"));
    db.run("select nextval('s1')");
    db.run("select nextval('s1')");
    assertEquals(
        List.of(List.of("15", "t")), db.rows("select last_value, is_called from public.s1"));
    assertEquals("42P01", state("select last_value from nosuch"));
  }

  @Test
  void pgDependTellsWhichColumnOwnsASequenceAndWhichDefaultUsesIt() {
    assertEquals(
        List.of(List.of("items_id_seq", "a", "items", "1")),
        db.rows(
            "select c.relname, d.deptype, t.relname, d.refobjsubid from pg_depend d"
                + " join pg_class c on c.oid = d.objid join pg_class t on t.oid = d.refobjid"
                + " where d.classid = 'pg_class'::regclass and d.deptype in ('a', 'i')"));
    assertEquals(
        "1",
        db.one(
            "select count(*) from pg_depend d join pg_attrdef a on a.oid = d.objid"
                + " where d.classid = 'pg_attrdef'::regclass and d.deptype = 'n'"));
    assertEquals(
        "nextval('items_id_seq'::regclass)",
        db.one("select pg_get_expr(adbin, adrelid) from pg_attrdef"));
    db.run("set search_path = ''");
    assertEquals(
        "nextval('public.items_id_seq'::regclass)",
        db.one("select pg_get_expr(adbin, adrelid) from pg_attrdef"));
  }

  @Test
  void checkConstraintsAreListedAndPrintedAsPostgresPrintsThem() {
    db.run(
        "create table u (i2 smallint, i int, i8 bigint, n numeric(8,2), v varchar(5), ch char(3),"
            + " t text, b boolean, f float8, check (i > -1), check (i8 > 3000000000),"
            + " check (i + i2 * 2 >= i8 - 1), check (n > 0), check (n < 1.5), check (i < 2.5),"
            + " check (v <> 'x'), check (ch = 'ab'), check (not b), check (b),"
            + " check (i is not null and i2 is not null and i8 > 0), check (f > 0),"
            + " check (i2 > 1), check (b = true), check (t <> 'it''s'), check (i / 2 % 3 <> 0),"
            + " check (not (i > 1 or i < 0)),"
            + " constraint cc check (t <> 'x' and i < 100 or t is null))");
    // every expected value printed by PostgreSQL 15.18 for the same table
    assertEquals(
        List.of(
            List.of("cc", "CHECK ((((t <> 'x'::text) AND (i < 100)) OR (t IS NULL)))", "{7,2}"),
            List.of("u_b_check", "CHECK ((NOT b))", "{8}"),
            List.of("u_b_check1", "CHECK (b)", "{8}"),
            List.of("u_b_check2", "CHECK ((b = true))", "{8}"),
            List.of("u_ch_check", "CHECK ((ch = 'ab'::bpchar))", "{6}"),
            List.of("u_check", "CHECK (((i + (i2 * 2)) >= (i8 - 1)))", "{2,1,3}"),
            List.of(
                "u_check1",
                "CHECK (((i IS NOT NULL) AND (i2 IS NOT NULL) AND (i8 > 0)))",
                "{2,1,3}"),
            List.of("u_f_check", "CHECK ((f > (0)::double precision))", "{9}"),
            List.of("u_i2_check", "CHECK ((i2 > 1))", "{1}"),
            List.of("u_i8_check", "CHECK ((i8 > '3000000000'::bigint))", "{3}"),
            List.of("u_i_check", "CHECK ((i > '-1'::integer))", "{2}"),
            List.of("u_i_check1", "CHECK (((i)::numeric < 2.5))", "{2}"),
            List.of("u_i_check2", "CHECK ((((i / 2) % 3) <> 0))", "{2}"),
            List.of("u_i_check3", "CHECK ((NOT ((i > 1) OR (i < 0))))", "{2}"),
            List.of("u_n_check", "CHECK ((n > (0)::numeric))", "{4}"),
            List.of("u_n_check1", "CHECK ((n < 1.5))", "{4}"),
            List.of("u_t_check", "CHECK ((t <> 'it''s'::text))", "{7}"),
            List.of("u_v_check", "CHECK (((v)::text <> 'x'::text))", "{5}")),
        db.rows(
            "select conname, pg_get_constraintdef(c.oid), conkey from pg_constraint c"
                + " where conrelid = 'u'::regclass and contype = 'c' and convalidated"
                + " and not connoinherit and conislocal order by conname"));
    assertEquals("18", db.one("select relchecks from pg_class where relname = 'u'"));
    assertEquals("0", db.one("select relchecks from pg_class where relname = 'items'"));
  }

  @Test
  void aCheckPostgresWouldPrintDifferentlyIsRefusedNotMisprinted() {
    db.run("create table w (t text check (t in ('a', 'b')))");
    assertEquals(
        "0A000",
        state(
            "select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'w'::regclass"));
  }

  @Test
  void identityColumnsShowAttidentityAndAnIdentitySequenceNotADefault() {
    db.run(
        "create table g (id int generated always as identity, b bigint generated by default as"
            + " identity, c int)");
    assertEquals(
        List.of(
            List.of("id", "a", "f", "t"), List.of("b", "d", "f", "t"), List.of("c", "", "f", "f")),
        db.rows(
            "select attname, attidentity, atthasdef, attnotnull from pg_attribute"
                + " where attrelid = 'g'::regclass and attnum > 0 order by attnum"));
    assertEquals("0", db.one("select count(*) from pg_attrdef where adrelid = 'g'::regclass"));
    assertEquals(
        List.of(List.of("g_b_seq", "i", "2"), List.of("g_id_seq", "i", "1")),
        db.rows(
            "select c.relname, d.deptype, d.refobjsubid from pg_depend d"
                + " join pg_class c on c.oid = d.objid where d.refobjid = 'g'::regclass"
                + " order by c.relname"));
    assertEquals(
        List.of(List.of("id", "YES", ""), List.of("b", "YES", ""), List.of("c", "NO", "")),
        db.rows(
            "select column_name, is_identity, coalesce(column_default, '') from"
                + " information_schema.columns where table_name = 'g' order by ordinal_position"));
  }

  @Test
  void informationSchemaColumnsDescribesNumericColumns() {
    db.run("create table m (a numeric(10,2), b numeric, c int, d text, e smallint)");
    assertEquals(
        List.of(
            List.of("a", "10", "10", "2"),
            List.of("b", "", "10", ""),
            List.of("c", "32", "2", "0"),
            List.of("d", "", "", ""),
            List.of("e", "16", "2", "0")),
        db.rows(
            "select column_name, coalesce(numeric_precision::text, ''),"
                + " coalesce(numeric_precision_radix::text, ''), coalesce(numeric_scale::text, '')"
                + " from information_schema.columns where table_name = 'm'"
                + " order by ordinal_position"));
  }

  @Test
  void thePublicSchemaLooksAsPostgresCreatesIt() {
    assertEquals(
        List.of(List.of("pg_database_owner", "standard public schema")),
        db.rows(
            "select r.rolname, d.description from pg_namespace n"
                + " join pg_roles r on r.oid = n.nspowner"
                + " join pg_description d on d.objoid = n.oid and d.classoid = n.tableoid"
                + " where n.nspname = 'public'"));
    assertEquals("{orbit=arwdDxt/orbit}", db.one("select acldefault('r', 10)"));
  }

  @Test
  void commentsAreStoredAndShownWherePgDumpAndPsqlLook() {
    db.run("comment on table public.items is 'things we sell'");
    db.run("comment on column items.name is 'it''s unique'");
    db.run("comment on sequence s1 is 'numbers'");
    db.run("comment on schema public is 'standard public schema'");
    assertEquals("things we sell", db.one("select obj_description('items'::regclass, 'pg_class')"));
    assertEquals("it's unique", db.one("select col_description('items'::regclass, 2)"));
    assertEquals(
        List.of(List.of("0", "things we sell"), List.of("2", "it's unique")),
        db.rows(
            "select objsubid, description from pg_description"
                + " where objoid = 'items'::regclass order by objsubid"));
    assertEquals("numbers", db.one("select obj_description('s1'::regclass, 'pg_class')"));
    db.run("comment on table items is null");
    assertEquals(
        "1", db.one("select count(*) from pg_description where objoid = 'items'::regclass"));
    assertEquals("0A000", state("comment on schema public is 'mine'"));
    assertEquals("0A000", state("comment on index items_pkey is 'x'"));
    assertEquals("42P01", state("comment on table nosuch is 'x'"));
    assertEquals("42703", state("comment on column items.nosuch is 'x'"));
  }

  @Test
  void currentSchemasFollowsSearchPath() {
    assertEquals("{public}", db.one("select current_schemas(false)"));
    assertEquals("{pg_catalog,public}", db.one("select current_schemas(true)"));
    db.run("select set_config('search_path', '', false)");
    assertEquals("{}", db.one("select current_schemas(false)"));
  }

  @Test
  void lockTableInAccessShareModeIsForTransactionBlocksOnly() {
    assertEquals("25P01", state("lock table items in access share mode"));
    db.run("begin isolation level repeatable read, read only");
    db.run("lock table public.items in access share mode");
    assertEquals("42P01", state("lock table nosuch in access share mode"));
    db.run("rollback");
    db.run("begin");
    assertEquals("0A000", state("lock table items in exclusive mode"));
    db.run("rollback");
    db.run("begin");
    assertEquals("0A000", state("lock table items"));
    db.run("rollback");
  }

  @Test
  void ownerToTheOwnerIsAcceptedAnotherOwnerIsRefused() {
    db.run("alter table public.items owner to orbit");
    db.run("alter table only items owner to orbit");
    db.run("alter sequence public.s1 owner to orbit");
    assertEquals("42704", state("alter table items owner to nobody"));
    assertEquals("42P01", state("alter table nosuch owner to orbit"));
  }

  @Test
  void emptyCatalogsAnswerPgDumpsQueries() {
    assertEquals(
        "0",
        db.one(
            "select count(*) from pg_proc p left join pg_init_privs pip on (p.oid = pip.objoid"
                + " and pip.classoid = 'pg_proc'::regclass and pip.objsubid = 0)"
                + " where p.proacl is distinct from pip.initprivs"));
    assertEquals(
        "",
        db.one(
            "select array_to_string(array(select quote_ident(option_name) || ' ' ||"
                + " quote_literal(option_value) from pg_options_to_table(null::text[])"
                + " order by option_name), ', ')"));
    assertEquals("{b}", db.one("select array_remove('{a,b}'::text[], 'a')"));
    assertEquals("E'a\\\\b'", db.one("select quote_literal(E'a\\\\b')"));
    assertEquals(
        List.of(List.of("3"), List.of("4")),
        db.rows("select src.tbloid from unnest('{3,4}'::oid[]) as src(tbloid)"));
  }
}
