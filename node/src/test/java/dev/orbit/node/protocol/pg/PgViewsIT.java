package dev.orbit.node.protocol.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.node.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views through pgjdbc, psql and pg_dump 15, with the answers PostgreSQL 15.18 gives to the same
 * statements: rows through views (joined, nested, as subqueries), refusals with PostgreSQL's
 * SQLSTATEs, psql's \d+, a dump of an Orbit database with views restoring into a fresh database,
 * and a PostgreSQL 15 dump with views (resource pg15-views-dump.sql) restoring into Orbit.
 */
class PgViewsIT {
  @TempDir Path dir;

  @Test
  void viewsAnswerAsPostgresThroughPgjdbc() throws Exception {
    try (TestNode node = PgFixture.start(dir.resolve("data"));
        Connection c = PgFixture.connect(node);
        Statement st = c.createStatement()) {
      st.execute("create table t (a int primary key, b text)");
      st.execute("insert into t values (1, 'x'), (2, 'y'), (3, null)");
      st.execute("create table u (a int, d text)");
      st.execute("insert into u values (1, 'one'), (3, 'three')");
      assertEquals(0, st.executeUpdate("create view v as select a, b from t where a > 1"));
      st.execute(
          "create or replace view vj (k, name, dd) as"
              + " select t.a, t.b, u.d from t join u using (a)");
      assertEquals(
          List.of(List.of("2", "null"), List.of("3", "three")),
          PgFixture.rows(
              st,
              "select v.a, coalesce(u.d, 'null') from v left join u on u.a = v.a" + " order by 1"));
      assertEquals("2", PgFixture.one(st, "select count(*) from (select * from vj) s"));
      assertEquals("3", PgFixture.one(st, "select max(k) from vj where k in (select a from v)"));
      assertEquals("42P07", PgFixture.sqlState(st, "create view v as select 1"));
      assertEquals("42P16", PgFixture.sqlState(st, "create or replace view v as select a from t"));
      assertEquals("2BP01", PgFixture.sqlState(st, "drop table t"));
      assertEquals("42809", PgFixture.sqlState(st, "drop table v"));
      assertEquals("0A000", PgFixture.sqlState(st, "insert into v values (9, 'z')"));
      assertEquals("42P01", PgFixture.sqlState(st, "drop view nope"));
      var md = c.getMetaData();
      try (var rs = md.getTables(null, "public", "v", new String[] {"VIEW"})) {
        assertTrue(rs.next(), "DatabaseMetaData lists the view");
        assertEquals("VIEW", rs.getString("TABLE_TYPE"));
      }
      st.execute("drop view v, vj");
      assertEquals("42P01", PgFixture.sqlState(st, "select * from v"));
      st.execute("drop table t");
    }
  }

  @Test
  void psqlDescribesAndPgDumpRestoresViews() throws Exception {
    assumeTrue(PgTools.installed("pg_dump") && PgTools.installed("psql"), "pg_dump/psql missing");
    try (TestNode node = PgFixture.start(dir.resolve("data"))) {
      PgFixture.psql(
          node,
          "orbit",
          "-c",
          "create table zz (id serial primary key, name text not null)",
          "-c",
          "insert into zz (name) values ('apple'), ('pear')",
          // named to sort before the table it reads: pg_dump must order it by pg_depend
          "-c",
          "create view a_view as select id, name from zz where id > 1",
          "-c",
          "create view b_view (n) as select count(*) from a_view");
      String described = PgFixture.psql(node, "orbit", "-c", "\\d+ a_view");
      assertTrue(described.contains("View \"public.a_view\""), described);
      assertTrue(described.contains("select id, name from zz where id > 1;"), described);
      Path dump = dir.resolve("views.sql");
      assertEquals(
          "", PgTools.run(node.postgresPort(), "pg_dump", "-d", "orbit", "-f", dump.toString()));
      String text = Files.readString(dump);
      assertTrue(
          text.indexOf("CREATE TABLE public.zz") < text.indexOf("CREATE VIEW public.a_view"));
      assertTrue(
          text.indexOf("CREATE VIEW public.a_view") < text.indexOf("CREATE VIEW public.b_view"));
      PgFixture.psql(node, "orbit", "-c", "create database copy");
      assertEquals("", PgFixture.psql(node, "copy", "-o", "/dev/null", "-f", dump.toString()));
      try (Connection c = PgFixture.connect(node, "orbit", PgFixture.PASSWORD, "copy");
          Statement st = c.createStatement()) {
        assertEquals("1", PgFixture.one(st, "select n from b_view"));
        st.execute("insert into zz (name) values ('fig')");
        assertEquals("2", PgFixture.one(st, "select n from b_view"));
      }
    }
  }

  @Test
  void aPostgresDumpWithViewsRestores() throws Exception {
    assumeTrue(PgTools.installed("psql"), "psql is not installed");
    Path dump = dir.resolve("pg15-views.sql");
    try (var in = getClass().getResourceAsStream("/pg/pg15-views-dump.sql")) {
      Files.write(dump, in.readAllBytes());
    }
    try (TestNode node = PgFixture.start(dir.resolve("data"))) {
      assertEquals("", PgFixture.psql(node, "orbit", "-o", "/dev/null", "-f", dump.toString()));
      try (Connection c = PgFixture.connect(node);
          Statement st = c.createStatement()) {
        // answers PostgreSQL 15.18 gives on the database the dump was taken from
        assertEquals(
            List.of(List.of("1", "apple"), List.of("3", "fig")),
            PgFixture.rows(st, "select * from a_cheap order by id"));
        assertEquals(List.of(List.of("apple", "2")), PgFixture.rows(st, "select * from c_join"));
        assertEquals("2BP01", PgFixture.sqlState(st, "drop view a_cheap"));
      }
    }
  }
}
