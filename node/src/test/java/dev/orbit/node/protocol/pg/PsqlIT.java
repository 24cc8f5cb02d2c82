package dev.orbit.node.protocol.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.node.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** psql runs a script of DDL, DML, COPY and the \d family; its output matches the expected file. */
class PsqlIT {
  @TempDir Path dir;

  @Test
  void psqlScriptPrintsWhatPostgresPrints() throws Exception {
    assumeTrue(PgTools.installed("psql"), "psql is not installed");
    Path script = dir.resolve("script.sql");
    try (var in = getClass().getResourceAsStream("/pg/script.sql");
        var expected = getClass().getResourceAsStream("/pg/script.expected")) {
      Files.write(script, in.readAllBytes());
      String want =
          new String(expected.readAllBytes(), StandardCharsets.UTF_8)
              .replace("/work/pg/node/src/test/resources/pg/script.sql", script.toString());
      try (TestNode node = PgFixture.start(dir.resolve("data"))) {
        String got =
            PgTools.run(node.postgresPort(), "psql", "-d", "orbit", "-X", "-f", script.toString());
        assertEquals(want, got);
      }
    }
  }

  @Test
  void psqlListsDatabasesAndRunsSimpleQueries() throws Exception {
    assumeTrue(PgTools.installed("psql"), "psql is not installed");
    try (TestNode node = PgFixture.start(dir.resolve("data"))) {
      String out =
          PgTools.run(
              node.postgresPort(),
              "psql",
              "-d",
              "orbit",
              "-X",
              "-A",
              "-t",
              "-c",
              "create database shop",
              "-c",
              "select datname from pg_database order by 1",
              "-c",
              "select 1 + 1; select 'x' || 'y'");
      assertEquals("CREATE DATABASE\norbit\nshop\n2\nxy\n", out);
    }
  }

  @Test
  void aValueThatCannotBeWrittenIsAnErrorNotALostConnection() throws Exception {
    assumeTrue(PgTools.installed("psql"), "psql is not installed");
    try (TestNode node = PgFixture.start(dir.resolve("data"))) {
      String out =
          PgTools.run(
              node.postgresPort(),
              "psql",
              "-d",
              "orbit",
              "-X",
              "-A",
              "-t",
              "-c",
              "select '2202020-10-05'::date::timestamp",
              "-c",
              "select '4714-11-24 00:00:00+00 BC'::timestamptz is not null",
              "-c",
              "select 1");
      assertFalse(out.contains("connection to server was lost"), out);
      assertTrue(out.endsWith("1\n"), out);
    }
  }
}
