package dev.orbit.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.node.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A node on a small filesystem that fills up: writes fail with an error to the client, reads keep
 * working, and every acknowledged write is there afterwards. Needs permission to mount a tmpfs
 * (root, as in CI); skipped elsewhere.
 */
class FullDiskIT {
  @TempDir Path dir;
  Path mount;

  static boolean run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", mount.toString());
    }
  }

  /** A 24 MiB tmpfs under the test folder (the test is skipped where it cannot be mounted). */
  private Path mountSmallDisk() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", small.toString()),
        "cannot mount a tmpfs here (needs root)");
    mount = small;
    return small;
  }

  @Test
  void aFullDiskFailsWritesKeepsReadsAndLosesNothingAcknowledged() throws Exception {
    Path small = mountSmallDisk();
    byte[] value = new byte[4096];
    Arrays.fill(value, (byte) 'x');
    List<String> acked = new ArrayList<>();
    String error = null;
    try (TestNode n =
            TestNode.start(
                small.resolve("data"),
                "storage.writeBufferSize=4Mi",
                "storage.blockCacheSize=4Mi",
                "tiering.enabled=false");
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      for (int i = 0; i < 20_000 && error == null; i++) {
        try {
          j.set(("key" + i).getBytes(), value);
          acked.add("key" + i);
        } catch (JedisDataException e) {
          error = e.getMessage();
        }
      }
      assertNotNull(error, "writes must fail once the filesystem is full");
      assertTrue(error.startsWith("ERR storage error"), error);
      assertTrue(error.contains("No space left") || error.contains("space"), error);
      assertTrue(acked.size() > 100, "wrote before filling up: " + acked.size());
      // reads keep working on a full disk
      assertEquals(4096, j.get(acked.get(0).getBytes()).length);
      assertEquals(4096, j.get(acked.get(acked.size() - 1).getBytes()).length);
      assertEquals("PONG", j.ping());
    }
    // move the data to a roomy folder, as an operator would after growing the volume
    Path roomy = dir.resolve("roomy");
    assertTrue(run("cp", "-a", small.resolve("data").toString(), roomy.toString()));
    try (TestNode n = TestNode.start(roomy, "tiering.enabled=false");
        Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
      for (String k : acked) {
        byte[] v = j.get(k.getBytes());
        assertNotNull(v, k + " was acknowledged");
        assertEquals(4096, v.length);
      }
      assertEquals("OK", j.set("after", "growing"), "writes work again with space");
    }
  }

  @Test
  void aCopyThatFillsTheDiskFailsWith53100AndLeavesTheTableAsItWas() throws Exception {
    Path small = mountSmallDisk();
    String filler = "x".repeat(200);
    try (TestNode n =
            TestNode.start(
                small.resolve("data"),
                "storage.writeBufferSize=4Mi",
                "storage.blockCacheSize=4Mi",
                "tiering.enabled=false",
                "auth.method=trust");
        java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + n.postgresPort() + "/orbit", "orbit", "")) {
      try (java.sql.Statement st = c.createStatement()) {
        st.execute("create table t (a int, b text)");
        st.execute("insert into t values (1, 'kept'), (2, 'kept')");
      }
      org.postgresql.copy.CopyManager copy =
          c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
      StringBuilder rows = new StringBuilder();
      for (int i = 0; i < 150_000; i++) {
        rows.append(i).append('\t').append(filler).append(i).append('\n');
      }
      java.sql.SQLException full =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.sql.SQLException.class,
              () -> copy.copyIn("copy t from stdin", new java.io.StringReader(rows.toString())));
      assertEquals("53100", full.getSQLState(), full.getMessage());
      try (java.sql.Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("select count(*), min(b) from t")) {
        rs.next();
        assertEquals(2, rs.getInt(1), "the failed COPY left no row behind");
        assertEquals("kept", rs.getString(2));
      }
      Path staged = small.resolve("data/hot/postgres/staged");
      if (Files.isDirectory(staged)) {
        try (Stream<Path> left = Files.list(staged)) {
          assertEquals(0, left.count(), "the failed load's files are deleted");
        }
      }
      // with its files gone the space is back: a small COPY works
      assertEquals(
          3, copy.copyIn("copy t from stdin", new java.io.StringReader("3\tafter\n4\ta\n5\tb\n")));
    }
  }
}
