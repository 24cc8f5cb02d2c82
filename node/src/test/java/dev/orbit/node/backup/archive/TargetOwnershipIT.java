package dev.orbit.node.backup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.node.TestNode;
import dev.orbit.node.backup.archive.PointInTimeRestoreIT.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A backup target belongs to one cluster ({@code owner.json}): another cluster's backups and
 * archive passes are refused, and restoring another cluster's backup needs its uid.
 */
class TargetOwnershipIT {
  @TempDir Path dir;

  private String target() {
    return "file://" + dir.resolve("backups").toAbsolutePath();
  }

  private TestNode node(String name, String uid, String... more) {
    String[] sets = new String[2 + more.length];
    sets[0] = "backup.allowedRoots=" + dir.resolve("backups");
    sets[1] = "backup.clusterUid=" + uid;
    System.arraycopy(more, 0, sets, 2, more.length);
    return TestNode.start(dir.resolve(name), sets);
  }

  private String backupOfClusterA() throws Exception {
    try (TestNode a = node("a", "cluster-a");
        Jedis j = new Jedis("127.0.0.1", a.redisPort())) {
      j.set("k", "from a");
      Result r =
          PointInTimeRestoreIT.cli(
              "backup", "create", "--node", a.adminUrl(), "--target", target());
      assertEquals(0, r.code(), r.err());
      var m = new ObjectMapper().readTree(r.out());
      assertEquals("cluster-a", m.path("clusterUid").asText());
      return m.path("id").asText();
    }
  }

  @Test
  void anotherClustersBackupsAndArchiveAreRefusedNamingBothClusters() throws Exception {
    backupOfClusterA();
    String owner = Files.readString(dir.resolve("backups/owner.json"));
    assertTrue(owner.contains("\"clusterUid\" : \"cluster-a\""), owner);

    String refusal =
        "belongs to cluster cluster-a, not to this node's cluster cluster-b: a cluster writes only"
            + " into a target of its own";
    try (TestNode b =
            node(
                "b",
                "cluster-b",
                "backup.archive.target=" + target(),
                "backup.archive.interval=1h");
        Jedis j = new Jedis("127.0.0.1", b.redisPort())) {
      j.set("k", "from b");
      Result r =
          PointInTimeRestoreIT.cli(
              "backup", "create", "--node", b.adminUrl(), "--target", target());
      assertTrue(r.code() != 0, r.out());
      assertTrue(r.err().contains(refusal), r.err());
      b.node.archiver().pass();
      String error = b.node.archiver().status().get("redis").error();
      assertTrue(error != null && error.contains(refusal), String.valueOf(error));
    }
    try (var files = Files.list(dir.resolve("backups/backups"))) {
      assertEquals(1, files.count(), "only cluster a's backup is listed");
    }
    assertTrue(Files.notExists(dir.resolve("backups/cluster-b")), "nothing archived for b");

    // a target from before owner.json: its backups' manifests name the owner
    Files.delete(dir.resolve("backups/owner.json"));
    try (TestNode b = node("b2", "cluster-b")) {
      Result r =
          PointInTimeRestoreIT.cli(
              "backup", "create", "--node", b.adminUrl(), "--target", target());
      assertTrue(r.err().contains("belongs to cluster cluster-a (backup "), r.err());
    }
  }

  @Test
  void restoringAnotherClustersBackupNeedsThatClustersUid() throws Exception {
    String id = backupOfClusterA();
    for (String[] idArgs : new String[][] {{}, {"--id", id}}) {
      Path into = dir.resolve("into-b" + idArgs.length);
      Result r = restore(into, idArgs, "--cluster-uid", "cluster-b");
      assertTrue(r.code() != 0, r.out());
      assertTrue(
          r.err()
              .contains(
                  "backup "
                      + id
                      + " in "
                      + target()
                      + " belongs to cluster cluster-a, not to this cluster cluster-b: to restore"
                      + " another cluster's backup, name it (orbit-node restore --from-cluster"
                      + " cluster-a"),
          r.err());
      assertTrue(Files.notExists(into.resolve("hot")) || isEmpty(into.resolve("hot")));

      r = restore(into, idArgs, "--cluster-uid", "cluster-b", "--from-cluster", "cluster-c");
      assertTrue(r.err().contains("not to cluster cluster-c named to restore from"), r.err());

      r = restore(into, idArgs, "--cluster-uid", "cluster-b", "--from-cluster", "cluster-a");
      assertEquals(0, r.code(), r.err());
      try (TestNode n = TestNode.start(into);
          Jedis j = new Jedis("127.0.0.1", n.redisPort())) {
        assertEquals("from a", j.get("k"));
      }
    }
    // its own cluster restores it without naming anything
    Result own = restore(dir.resolve("into-a"), new String[0], "--cluster-uid", "cluster-a");
    assertEquals(0, own.code(), own.err());
  }

  private Result restore(Path into, String[] idArgs, String... more) {
    var args = new java.util.ArrayList<String>();
    args.addAll(java.util.List.of("restore", "--from", target(), "--data-dir", into.toString()));
    args.addAll(java.util.List.of(idArgs));
    args.addAll(java.util.List.of(more));
    return PointInTimeRestoreIT.cli(args.toArray(String[]::new));
  }

  private static boolean isEmpty(Path d) throws java.io.IOException {
    try (var s = Files.list(d)) {
      return s.findAny().isEmpty();
    }
  }
}
