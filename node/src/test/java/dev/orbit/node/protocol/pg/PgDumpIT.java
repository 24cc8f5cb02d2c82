package dev.orbit.node.protocol.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.node.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pg_dump both ways with Debian's PostgreSQL 15 client tools: a dump of an Orbit database restores
 * into a fresh Orbit database with identical data, constraints and sequences; a dump PostgreSQL 15
 * wrote (resource pg15-dump.sql: serials, bigserial, UNIQUE, PK, a table named settings, a
 * standalone sequence, a comment; its \restrict lines removed for older psql) restores with every
 * constraint enforced; a statement Orbit does not support stops the restore there, naming it.
 */
class PgDumpIT {
  @TempDir Path dir;

  @Test
  void anOrbitDumpRestoresIntoAFreshOrbitDatabaseIdentically() throws Exception {
    assumeTrue(PgTools.installed("pg_dump") && PgTools.installed("psql"), "pg_dump/psql missing");
    try (TestNode node = PgFixture.start(dir.resolve("data"))) {
      PgFixture.psql(
          node,
          "orbit",
          "-c",
          "create table items (id serial primary key, name text not null unique,"
              + " price numeric(10,2), note varchar(20) default 'x')",
          "-c",
          "create table plain (a int, b text)",
          "-c",
          "create table checked (a int check (a > 0), b text, constraint b_not_x check (b <> 'x'))",
          "-c",
          "insert into checked values (1, 'y')",
          "-c",
          "create index plain_a on plain (a)",
          "-c",
          "create sequence s1 increment by 5 start 10",
          "-c",
          "insert into items (name, price) values ('apple', 1.5), ('pear', null)",
          "-c",
          "insert into plain values (1, 'x'), (null, E'tab\\there')",
          "-c",
          "select nextval('s1')",
          "-c",
          "comment on column items.name is 'what it''s called'");
      Path dump = dir.resolve("orbit.sql");
      String out =
          PgTools.run(node.postgresPort(), "pg_dump", "-d", "orbit", "-f", dump.toString());
      if (out.contains("WITH (common table expressions) is not supported")) {
        // pg_dump 15 always asks for materialized-view dependencies with WITH RECURSIVE: until the
        // engine has it, the dump must fail loudly, never end as a partial dump
        assertTrue(out.contains("pg_dump: error: query failed"), out);
        assumeTrue(false, "pg_dump needs WITH RECURSIVE, not supported by this build: " + out);
      }
      assertEquals("", out, "pg_dump printed errors");
      String text = Files.readString(dump, StandardCharsets.UTF_8);
      assertTrue(text.contains("ALTER SEQUENCE public.items_id_seq OWNED BY public.items.id"));
      assertTrue(text.contains("COMMENT ON COLUMN public.items.name IS 'what it''s called';"));
      assertTrue(text.contains("CONSTRAINT b_not_x CHECK ((b <> 'x'::text))"), text);
      assertTrue(text.contains("CONSTRAINT checked_a_check CHECK ((a > 0))"), text);
      PgFixture.psql(node, "orbit", "-c", "create database copy");
      assertEquals("", PgFixture.psql(node, "copy", "-o", "/dev/null", "-f", dump.toString()));
      Path again = dir.resolve("copy.sql");
      assertEquals(
          "", PgTools.run(node.postgresPort(), "pg_dump", "-d", "copy", "-f", again.toString()));
      assertEquals(withoutRestrictKeys(text), withoutRestrictKeys(Files.readString(again)));
      try (Connection c = PgFixture.connect(node, "orbit", PgFixture.PASSWORD, "copy");
          Statement st = c.createStatement()) {
        assertEquals(
            "3", PgFixture.one(st, "insert into items (name) values ('fig') returning id"));
        assertEquals("23505", PgFixture.sqlState(st, "insert into items (name) values ('apple')"));
        assertEquals("23502", PgFixture.sqlState(st, "insert into items (price) values (1)"));
        assertEquals("15", PgFixture.one(st, "select nextval('s1')"));
        assertEquals("23514", PgFixture.sqlState(st, "insert into checked values (0, 'y')"));
        assertEquals("23514", PgFixture.sqlState(st, "insert into checked values (2, 'x')"));
        assertEquals("1", PgFixture.one(st, "select count(*) from checked"));
        assertEquals(
            List.of(List.of("1", "x"), java.util.Arrays.asList(null, "tab\there")),
            PgFixture.rows(st, "select a, b from plain order by a"));
      }
    }
  }

  @Test
  void anIdentityColumnIsDumpedAsIdentityNeverAsADefault() throws Exception {
    assumeTrue(PgTools.installed("pg_dump") && PgTools.installed("psql"), "pg_dump/psql missing");
    try (TestNode node = PgFixture.start(dir.resolve("data"))) {
      PgFixture.psql(
          node,
          "orbit",
          "-c",
          "create table g (id int generated always as identity, v text)",
          "-c",
          "insert into g (v) values ('a'), ('b')");
      Path dump = dir.resolve("identity.sql");
      String out =
          PgTools.run(node.postgresPort(), "pg_dump", "-d", "orbit", "-f", dump.toString());
      assertEquals("", out, "pg_dump printed errors");
      String text = Files.readString(dump, StandardCharsets.UTF_8);
      // as PostgreSQL 15's pg_dump writes the same table: an identity, no nextval default
      assertTrue(
          text.contains(
              "ALTER TABLE public.g ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n"
                  + "    SEQUENCE NAME public.g_id_seq\n"),
          text);
      assertTrue(!text.contains("nextval"), text);
      assertTrue(text.contains("SELECT pg_catalog.setval('public.g_id_seq', 2, true);"), text);
      PgFixture.psql(node, "orbit", "-c", "create database copy");
      assertEquals("", PgFixture.psql(node, "copy", "-o", "/dev/null", "-f", dump.toString()));
      Path again = dir.resolve("identity-copy.sql");
      assertEquals(
          "", PgTools.run(node.postgresPort(), "pg_dump", "-d", "copy", "-f", again.toString()));
      assertEquals(withoutRestrictKeys(text), withoutRestrictKeys(Files.readString(again)));
      try (Connection c = PgFixture.connect(node, "orbit", PgFixture.PASSWORD, "copy");
          Statement st = c.createStatement()) {
        assertEquals("428C9", PgFixture.sqlState(st, "insert into g (id, v) values (9, 'c')"));
        assertEquals("3", PgFixture.one(st, "insert into g (v) values ('c') returning id"));
      }
    }
  }

  @Test
  void aPostgresDumpRestoresWithEveryConstraintEnforcedOrStopsAtTheFirstRefusal() throws Exception {
    assumeTrue(PgTools.installed("psql"), "psql is not installed");
    Path dump = dir.resolve("pg15.sql");
    try (var in = getClass().getResourceAsStream("/pg/pg15-dump.sql")) {
      Files.write(dump, in.readAllBytes());
    }
    try (TestNode node = PgFixture.start(dir.resolve("data"))) {
      PgFixture.psql(node, "orbit", "-c", "create database src", "-c", "create database plain");
      assertEquals("", PgFixture.psql(node, "plain", "-o", "/dev/null", "-f", dump.toString()));
      // a statement Orbit refuses stops the restore there, naming what it refused
      Path refusing = dir.resolve("refusing.sql");
      List<String> lines = new java.util.ArrayList<>(Files.readAllLines(dump));
      lines.add(40, "ALTER TABLE public.customers OWNER TO alice;");
      Files.write(refusing, lines);
      String refused = PgFixture.psql(node, "src", "-o", "/dev/null", "-f", refusing.toString());
      assertTrue(
          refused.startsWith("psql:" + refusing + ":41: ERROR:  changing the owner of a relation"),
          refused);
      assertEquals(
          "0",
          PgFixture.psql(node, "src", "-A", "-t", "-c", "select count(*) from customers").trim());
      try (Connection c = PgFixture.connect(node, "orbit", PgFixture.PASSWORD, "plain");
          Statement st = c.createStatement()) {
        assertEquals(
            List.of(List.of("1", "a@x", "Ann"), List.of("2", "b@x", "Bob")),
            PgFixture.rows(st, "select id, email, name from customers order by id"));
        assertEquals(
            "3", PgFixture.one(st, "insert into customers (email) values ('c@x') returning id"));
        assertEquals(
            "23505", PgFixture.sqlState(st, "insert into customers (email) values ('a@x')"));
        assertEquals(
            "23502", PgFixture.sqlState(st, "insert into customers (name) values ('no email')"));
        assertEquals(
            "3", PgFixture.one(st, "insert into orders (customer_id) values (1) returning id"));
        assertEquals("1001", PgFixture.one(st, "select nextval('public.invoice_no')"));
        assertEquals("fast", PgFixture.one(st, "select value from settings where key = 'mode'"));
        assertEquals(
            "people who buy",
            PgFixture.one(st, "select obj_description('customers'::regclass, 'pg_class')"));
        assertEquals(
            "23505", PgFixture.sqlState(st, "insert into settings values ('mode', 'slow')"));
      }
    }
  }

  /** pg_dump 15.14+ frames a dump with restrict / unrestrict meta-commands with a random key. */
  private static String withoutRestrictKeys(String dump) {
    return dump.replaceAll("(?m)^\\\\(un)?restrict \\S+$", "\\\\$1restrict");
  }
}
