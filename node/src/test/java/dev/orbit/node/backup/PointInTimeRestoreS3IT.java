package dev.orbit.node.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import dev.orbit.node.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Log archiving to a real S3 API (s3proxy) and a restore of rows and keys to a point in time. */
class PointInTimeRestoreS3IT {
  static final String TARGET = "s3://" + S3TestServer.BUCKET + "/nodes/pitr";

  @TempDir Path dir;
  S3TestServer s3;

  @BeforeEach
  void startS3() throws Exception {
    s3 = S3TestServer.start(dir.resolve("s3"));
  }

  @AfterEach
  void stopS3() throws Exception {
    s3.close();
  }

  @Test
  void rowsAndKeysAreRestoredAsTheyWereAtTheTargetTime() throws Exception {
    Instant t;
    try (TestNode n =
            TestNode.start(
                dir.resolve("data"),
                Stream.concat(
                        Stream.of(s3.sets(S3TestServer.SECRET_KEY)),
                        Stream.of(
                            "auth.users.orbit=pw",
                            "backup.archive.target=" + TARGET,
                            "backup.archive.clusterUid=uid-1",
                            "backup.archive.interval=1h"))
                    .toArray(String[]::new));
        Jedis j = BackupS3IT.redis(n);
        Connection c = BackupS3IT.pg(n);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id integer PRIMARY KEY, v text)");
      st.execute("INSERT INTO t VALUES (1, 'a')");
      j.set("a", "1");
      n.node.backups().create(BackupTarget.parse(TARGET));
      st.execute("INSERT INTO t VALUES (2, 'b')");
      st.execute("UPDATE t SET v = 'a2' WHERE id = 1");
      j.set("b", "2");
      t = Instant.now();
      while (System.currentTimeMillis() <= t.toEpochMilli()) {
        Thread.onSpinWait(); // entry times have millisecond resolution
      }
      st.execute("INSERT INTO t VALUES (3, 'c')");
      st.execute("DELETE FROM t WHERE id = 2");
      j.set("c", "3");
      n.node.archiver().pass();
      assertTrue(
          s3.keys("nodes/pitr/uid-1/log/postgres/segments/").size() > 0,
          s3.keys("nodes/pitr/").toString());
    }

    Path restored = dir.resolve("restored");
    List<String> args =
        new ArrayList<>(
            List.of(
                "restore",
                "--from",
                TARGET,
                "--target-time",
                t.toString(),
                "--data-dir",
                restored.toString()));
    for (String s : s3.sets(S3TestServer.SECRET_KEY)) {
      args.add("--set");
      args.add(s);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args.toArray(String[]::new),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));

    try (TestNode n = TestNode.start(restored, "tiering.enabled=false", "auth.users.orbit=pw");
        Jedis j = BackupS3IT.redis(n);
        Connection c = BackupS3IT.pg(n);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, v FROM t ORDER BY id")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getInt(1) + "=" + rs.getString(2));
      }
      assertEquals(List.of("1=a2", "2=b"), rows, "the table as it was at the target time");
      assertEquals("1", j.get("a"));
      assertEquals("2", j.get("b"));
      assertEquals(null, j.get("c"));
    }
  }
}
