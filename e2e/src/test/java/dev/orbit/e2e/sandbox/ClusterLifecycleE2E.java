package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.Durability;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * The minimal example of {@code deploy/examples/} through its life in the sandbox: Ready and
 * serving through {@code <c>-rw}, a deleted pod coming back on its volumes, a config change rolling
 * the node, deletion keeping the volumes (and a new cluster of the same name finding its data),
 * deletion without retention.
 */
@ExtendWith(SandboxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLifecycleE2E {
  static final String NS = "lifecycle";
  static final String C = "orbit-minimal";
  static final Duration READY = Duration.ofSeconds(90);
  static final int KEYS = 200;
  static final int ROWS = 150;

  static Sandbox sandbox;
  static KubernetesClient client;

  @BeforeAll
  static void createCluster() {
    sandbox = SandboxExtension.sandbox();
    client = sandbox.client();
    client.resource(Clusters.example(client, "minimal.yaml", NS)).create();
  }

  @AfterAll
  static void deleteClusters() {
    client.resources(OrbitCluster.class).inNamespace(NS).delete();
    client.resources(OrbitCluster.class).inNamespace(NS + "-noretain").delete();
  }

  @Test
  @Order(1)
  void minimalClusterBecomesReadyAndServesRedisThroughReadWriteService() throws Exception {
    OrbitCluster c = Clusters.awaitReady(client, NS, C, READY);
    assertEquals(1, c.getStatus().getReadyReplicas());
    var sts = client.apps().statefulSets().inNamespace(NS).withName(C).get();
    assertEquals(1, sts.getStatus().getReadyReplicas());
    assertEquals(sts.getStatus().getUpdateRevision(), sts.getStatus().getCurrentRevision());
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      for (int i = 0; i < KEYS; i++) {
        assertEquals("OK", redis.set("key:" + i, "value-" + i));
      }
      assertEquals((long) KEYS, redis.dbSize());
    }
    createTableWithPsql();
    assertAllRows();
    assertTrue(Files.isDirectory(sandbox.volume(NS, "hot-" + C + "-0").resolve("redis")));
    assertTrue(Files.isDirectory(sandbox.volume(NS, "wal-" + C + "-0").resolve("redis")));
    assertTrue(Files.isDirectory(sandbox.volume(NS, "hot-" + C + "-0").resolve("postgres")));
    Path environ = Path.of("/proc/" + sandbox.pid(NS, C + "-0") + "/environ");
    if (Files.isReadable(environ)) { // Linux: the node got the password from the Secret
      String password =
          new String(
              Base64.getDecoder()
                  .decode(
                      client
                          .secrets()
                          .inNamespace(NS)
                          .withName(C + "-auth")
                          .get()
                          .getData()
                          .get("password")),
              StandardCharsets.UTF_8);
      assertTrue(
          Arrays.asList(Files.readString(environ).split("\0"))
              .contains("ORBIT_AUTH_USERS_ORBIT=" + password));
    }
  }

  @Test
  @Order(2)
  void deletedPodComesBackOnItsVolumesWithEveryKey() {
    Pod before = client.pods().inNamespace(NS).withName(C + "-0").get();
    long pidBefore = sandbox.pid(NS, C + "-0");
    String claimUid =
        client
            .persistentVolumeClaims()
            .inNamespace(NS)
            .withName("hot-" + C + "-0")
            .get()
            .getMetadata()
            .getUid();

    client.pods().inNamespace(NS).withName(C + "-0").delete();

    Clusters.until(
        READY,
        () -> {
          Pod p = client.pods().inNamespace(NS).withName(C + "-0").get();
          return p != null
              && !p.getMetadata().getUid().equals(before.getMetadata().getUid())
              && StatefulSets.ready(p);
        },
        () -> "pod " + C + "-0 was not re-created and ready");
    Clusters.awaitReady(client, NS, C, READY);
    assertNotEquals(pidBefore, sandbox.pid(NS, C + "-0"), "a new node process");
    assertEquals(
        claimUid,
        client
            .persistentVolumeClaims()
            .inNamespace(NS)
            .withName("hot-" + C + "-0")
            .get()
            .getMetadata()
            .getUid());
    assertAllKeys();
  }

  @Test
  @Order(3)
  void configChangeRollsTheNodeWhichRunsWithTheNewValue() {
    OrbitCluster before = Clusters.get(client, NS, C);
    String hashBefore = before.getStatus().getConfigHash();
    String podUid = client.pods().inNamespace(NS).withName(C + "-0").get().getMetadata().getUid();
    assertEquals("group", Clusters.nodeStatus(sandbox, NS, C).path("durability").asText());

    Clusters.edit(
        client,
        NS,
        C,
        c -> {
          c.getSpec().setDurability(Durability.SYNC);
          return c;
        });

    OrbitCluster after =
        Clusters.await(
            client,
            NS,
            C,
            c ->
                !hashBefore.equals(c.getStatus().getConfigHash())
                    && Clusters.condition(c, "Ready", "True"),
            READY,
            "Ready with the new config");
    assertEquals(after.getMetadata().getGeneration(), after.getStatus().getObservedGeneration());
    Pod pod = client.pods().inNamespace(NS).withName(C + "-0").get();
    assertNotEquals(podUid, pod.getMetadata().getUid(), "the pod was rolled");
    assertEquals(
        client
            .apps()
            .statefulSets()
            .inNamespace(NS)
            .withName(C)
            .get()
            .getStatus()
            .getUpdateRevision(),
        pod.getMetadata().getLabels().get(StatefulSets.REVISION));
    Clusters.until(
        Duration.ofSeconds(20),
        () -> "sync".equals(Clusters.nodeStatus(sandbox, NS, C).path("durability").asText()),
        () -> "the node does not run with durability sync");
    assertAllKeys();
  }

  @Test
  @Order(4)
  void deletingTheClusterRemovesPodsAndServicesButKeepsRetainedVolumes() throws Exception {
    client.resources(OrbitCluster.class).inNamespace(NS).withName(C).delete();

    Clusters.until(
        Duration.ofSeconds(60),
        () ->
            client.pods().inNamespace(NS).list().getItems().isEmpty()
                && client.services().inNamespace(NS).list().getItems().isEmpty()
                && client.apps().statefulSets().inNamespace(NS).list().getItems().isEmpty()
                && client.configMaps().inNamespace(NS).list().getItems().isEmpty(),
        () -> "pods, services, statefulset or config map left behind");
    Clusters.until(
        Duration.ofSeconds(20),
        () -> sandbox.pid(NS, C + "-0") < 0,
        () -> "the node process still runs");
    assertEquals(2, client.persistentVolumeClaims().inNamespace(NS).list().getItems().size());
    assertTrue(Files.isDirectory(sandbox.volume(NS, "hot-" + C + "-0").resolve("redis")));

    // the same cluster again binds the kept claims: the data is back
    client.resource(Clusters.example(client, "minimal.yaml", NS)).create();
    Clusters.awaitReady(client, NS, C, READY);
    assertAllKeys();
  }

  @Test
  @Order(5)
  void deletingAClusterWithoutRetentionRemovesItsVolumes() {
    String ns = NS + "-noretain";
    client
        .resource(
            Clusters.load(
                client,
                "minimal.yaml",
                ns,
                c -> {
                  c.getSpec().getStorage().setRetainOnDelete(false);
                  return c;
                }))
        .create();
    Clusters.awaitReady(client, ns, C, READY);
    assertTrue(Files.isDirectory(sandbox.volume(ns, "hot-" + C + "-0")));

    client.resources(OrbitCluster.class).inNamespace(ns).withName(C).delete();

    Clusters.until(
        Duration.ofSeconds(60),
        () ->
            client.pods().inNamespace(ns).list().getItems().isEmpty()
                && client.persistentVolumeClaims().inNamespace(ns).list().getItems().isEmpty()
                && !Files.exists(sandbox.volume(ns, "hot-" + C + "-0"))
                && !Files.exists(sandbox.volume(ns, "wal-" + C + "-0")),
        () -> "pods, claims or claim folders left behind");
  }

  private static void assertAllKeys() {
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      for (int i = 0; i < KEYS; i++) {
        assertEquals("value-" + i, redis.get("key:" + i), "key:" + i);
      }
    }
    assertAllRows();
  }

  /** psql (the Debian client) creates a table and inserts rows through {@code <c>-rw}. */
  private static void createTableWithPsql() throws Exception {
    String psql = "/usr/bin/psql";
    String sql =
        "CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);\n"
            + "INSERT INTO items SELECT g, 'item-' || g FROM generate_series(1, "
            + ROWS
            + ") g;\n";
    if (Files.isExecutable(Path.of(psql))) {
      int port = Clusters.port(sandbox, NS, C + "-rw", "postgres");
      Clusters.postgres(sandbox, client, NS, C + "-rw", C).close(); // wait until it answers
      ProcessBuilder pb =
          new ProcessBuilder(
                  psql,
                  "-h",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(port),
                  "-U",
                  "orbit",
                  "-d",
                  "orbit",
                  "-v",
                  "ON_ERROR_STOP=1",
                  "-X",
                  "-q")
              .redirectErrorStream(true);
      pb.environment().put("PGPASSWORD", Clusters.password(client, NS, C));
      Process p = pb.start();
      p.getOutputStream().write(sql.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), "psql failed:\n" + out);
    } else {
      try (var conn = Clusters.postgres(sandbox, client, NS, C + "-rw", C);
          var st = conn.createStatement()) {
        for (String stmt : sql.split(";\\n")) {
          st.execute(stmt);
        }
      }
    }
  }

  private static void assertAllRows() {
    try (var conn = Clusters.postgres(sandbox, client, NS, C + "-rw", C);
        var st = conn.createStatement();
        var rs = st.executeQuery("SELECT count(*), min(name), max(id) FROM items")) {
      assertTrue(rs.next());
      assertEquals(ROWS, rs.getInt(1));
      assertEquals("item-1", rs.getString(2));
      assertEquals(ROWS, rs.getInt(3));
    } catch (java.sql.SQLException e) {
      throw new AssertionError("reading items through " + C + "-rw: " + e.getMessage(), e);
    }
  }
}
