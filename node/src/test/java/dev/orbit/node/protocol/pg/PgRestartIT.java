package dev.orbit.node.protocol.pg;

import static dev.orbit.node.protocol.pg.PgFixture.connect;
import static dev.orbit.node.protocol.pg.PgFixture.one;
import static dev.orbit.node.protocol.pg.PgFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables, rows, indexes and sequences are records of the store and survive a restart. */
class PgRestartIT {
  @TempDir Path dir;

  @Test
  void restartKeepsTablesRowsIndexesAndSequences() throws Exception {
    try (TestNode node = PgFixture.start(dir, "storage.durability=sync");
        Connection c = connect(node);
        Statement st = c.createStatement()) {
      st.execute("create table notes (id serial primary key, tag text, body text)");
      st.execute("create index notes_tag on notes (tag)");
      st.execute("insert into notes (tag, body) values ('a', 'one'), ('b', 'two'), ('a', 'three')");
      st.execute("delete from notes where id = 3");
      st.execute("create database other");
    }
    try (TestNode node = PgFixture.start(dir, "storage.durability=sync");
        Connection c = connect(node);
        Statement st = c.createStatement()) {
      assertEquals(
          List.of(List.of("1", "a", "one"), List.of("2", "b", "two")),
          rows(st, "select id, tag, body from notes order by id"));
      assertEquals(
          "Range Scan on notes using notes_tag",
          one(st, "explain select * from notes where tag = 'a'"));
      assertEquals("one", one(st, "select body from notes where tag = 'a'"));
      st.execute("insert into notes (tag, body) values ('c', 'four')");
      long id = Long.parseLong(one(st, "select id from notes where tag = 'c'"));
      assertEquals(true, id > 3, "serial values are never reused: " + id);
      assertEquals("other", one(st, "select datname from pg_database where datname = 'other'"));
    }
  }
}
