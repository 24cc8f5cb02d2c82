package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Scaling 1 → 3 → 1 and a rolling update of three nodes in the sandbox; in between, the
 * three-member cluster loses its leader's pod: {@code <c>-rw} moves to the new leader (the role
 * label and status.leader follow), every key and row acknowledged before is there, and the
 * re-created pod rejoins as a replica that serves reads and refuses writes. (One cluster for all
 * three: each start of three nodes costs minutes of CI time.)
 */
@ExtendWith(SandboxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScalingE2E {
  static final String NS = "scaling";
  static final String C = "orbit-minimal";
  static final Duration READY = Duration.ofSeconds(120);

  /** Bound of a failover, a rejoin or a catch-up on a loaded machine. */
  static final Duration FAILOVER = Duration.ofSeconds(300);

  static final String ROLE = "orbit.dev/role";
  static final int KEYS = 50;

  static Sandbox sandbox;
  static KubernetesClient client;

  @BeforeAll
  static void createCluster() {
    sandbox = SandboxExtension.sandbox();
    client = sandbox.client();
    client.resource(Clusters.load(client, "minimal.yaml", NS, c -> c)).create();
    Clusters.awaitReady(client, NS, C, READY);
  }

  @AfterAll
  static void deleteCluster() {
    client.resources(OrbitCluster.class).inNamespace(NS).delete();
  }

  @Test
  @Order(1)
  void scaleUpAndRollFollowTheStatefulSetRules() {
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      redis.set("before-scaling", "1");
    }

    setReplicas(3);
    OrbitCluster three =
        Clusters.await(
            client,
            NS,
            C,
            c ->
                c.getStatus().getReadyReplicas() != null
                    && c.getStatus().getReadyReplicas() == 3
                    && Clusters.condition(c, "Ready", "True"),
            READY,
            "3 ready replicas");
    assertEquals(3, three.getStatus().getReplicas());
    assertEquals(List.of(C + "-0", C + "-1", C + "-2"), podNames());
    assertEquals("primary", role(C + "-0"));
    assertEquals("replica", role(C + "-2"));
    assertEquals(6, claims(), "wal and hot claims per pod");
    assertEquals(
        3,
        client
            .apps()
            .statefulSets()
            .inNamespace(NS)
            .withName(C)
            .get()
            .getStatus()
            .getReadyReplicas());
    try (Jedis replica = Clusters.redis(sandbox, NS, C + "-ro")) {
      assertEquals("PONG", replica.ping());
    }

    List<String> events = rollingUpdateEvents();
    List<String> deleted =
        events.stream().filter(e -> e.startsWith("DELETED ")).map(e -> e.substring(8)).toList();
    assertEquals(
        List.of(C + "-2", C + "-1", C + "-0"), deleted, "highest ordinal first: " + events);
    for (int i = 1; i < deleted.size(); i++) {
      int prev = events.indexOf("DELETED " + deleted.get(i - 1));
      int next = events.indexOf("DELETED " + deleted.get(i));
      assertTrue(
          events.subList(prev, next).contains("READY " + deleted.get(i - 1)),
          deleted.get(i - 1) + " was ready again before " + deleted.get(i) + " went: " + events);
    }
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      assertEquals("1", redis.get("before-scaling"));
    }
  }

  @Test
  @Order(2)
  void deletingTheLeadersPodMovesRwToANewLeaderAndLosesNoAcknowledgedWrite() throws Exception {
    String first = awaitLeader(null);
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      for (int i = 0; i < KEYS; i++) {
        assertEquals("OK", redis.set("k" + i, "v" + i));
      }
    }
    try (Connection pg = Clusters.postgres(sandbox, client, NS, C + "-rw", C);
        Statement st = pg.createStatement()) {
      st.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)");
      for (int i = 0; i < KEYS; i++) {
        assertEquals(
            1, st.executeUpdate("INSERT INTO accounts VALUES (" + i + ", " + (100 + i) + ")"));
      }
    }

    client.pods().inNamespace(NS).withName(first).delete();
    String second = awaitLeader(first);
    assertTrue(
        client.v1().events().inNamespace(NS).list().getItems().stream()
            .anyMatch(
                e ->
                    "LeaderChanged".equals(e.getReason())
                        && e.getMessage().contains(second + " leads")),
        "a LeaderChanged event naming " + second);

    // clients reconnect through the same Service and find everything acknowledged before; the
    // first write after the failover is retried until acknowledged (rw may still be moving)
    Clusters.until(
        FAILOVER,
        () -> {
          try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
            return "OK".equals(redis.set("after-failover", "yes"));
          } catch (JedisDataException e) {
            return false; // READONLY / MASTERDOWN while the Service moves
          }
        },
        () -> "no write acknowledged through " + C + "-rw after the failover");
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      for (int i = 0; i < KEYS; i++) {
        assertEquals("v" + i, redis.get("k" + i), "key k" + i);
      }
    }
    Clusters.until(
        FAILOVER,
        () -> {
          try (Connection pg = Clusters.postgres(sandbox, client, NS, C + "-rw", C);
              Statement st = pg.createStatement()) {
            assertEquals(rows(), balances(st));
            return st.executeUpdate("INSERT INTO accounts VALUES (" + KEYS + ", 1)") == 1;
          } catch (SQLException e) {
            return false; // 25006 / 57P03 while the Service moves
          }
        },
        () -> "no row written through " + C + "-rw after the failover");

    // the re-created pod rejoins as a replica: it holds every write and refuses new ones
    Clusters.await(
        client,
        NS,
        C,
        c ->
            Clusters.condition(c, "Ready", "True")
                && c.getStatus().getReadyReplicas() != null
                && c.getStatus().getReadyReplicas() == 3,
        FAILOVER,
        "Ready with three ready replicas again");
    Pod rejoined = client.pods().inNamespace(NS).withName(first).get();
    assertEquals("replica", rejoined.getMetadata().getLabels().get(ROLE));
    try (Jedis direct = new Jedis(rejoined.getStatus().getPodIP(), 6379, 30_000)) {
      direct.auth(Clusters.password(client, NS, C));
      Clusters.until(
          FAILOVER,
          () -> "yes".equals(readOrNull(direct, "after-failover")),
          () -> "the re-created pod never held the write made after the failover");
      assertEquals("v0", direct.get("k0"));
      JedisDataException e = assertThrows(JedisDataException.class, () -> direct.set("x", "y"));
      assertTrue(e.getMessage().startsWith("READONLY"), e.getMessage());
    }
    try (Jedis ro = Clusters.redis(sandbox, NS, C + "-ro")) {
      Clusters.until(
          FAILOVER,
          () -> "yes".equals(readOrNull(ro, "after-failover")),
          () -> "-ro never served the write made after the failover");
    }
    // the status shows every member caught up, as the real nodes report it
    Clusters.await(
        client,
        NS,
        C,
        c ->
            c.getStatus().getNodes().size() == 3
                && c.getStatus().getNodes().stream()
                    .allMatch(
                        n ->
                            Boolean.TRUE.equals(n.getCaughtUp())
                                && Integer.valueOf(0).equals(n.getLagSeconds())),
        FAILOVER,
        "every member caught up in status.nodes");
  }

  @Test
  @Order(3)
  void scaleDownKeepsTheClaimsOfRemovedPods() {
    setReplicas(1);
    OrbitCluster one =
        Clusters.await(
            client,
            NS,
            C,
            c ->
                c.getStatus().getReplicas() != null
                    && c.getStatus().getReplicas() == 1
                    && Clusters.condition(c, "Ready", "True"),
            READY,
            "1 replica");
    assertEquals(1, one.getStatus().getReadyReplicas());
    Clusters.until(
        Duration.ofSeconds(30),
        () -> podNames().equals(List.of(C + "-0")),
        () -> "pods: " + podNames());
    assertEquals(6, claims(), "whenScaled: Retain keeps the claims of removed pods");
    assertTrue(Files.isDirectory(sandbox.volume(NS, "hot-" + C + "-2")));
    Clusters.until(
        Duration.ofSeconds(20),
        () -> sandbox.pid(NS, C + "-2") < 0,
        () -> "process of " + C + "-2 still runs");
  }

  /** Changes the config and records pod deletions and readiness until the roll is done. */
  private List<String> rollingUpdateEvents() {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    String hash = Clusters.get(client, NS, C).getStatus().getConfigHash();
    try (var watch =
        client
            .pods()
            .inNamespace(NS)
            .watch(
                new Watcher<Pod>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    String name = pod.getMetadata().getName();
                    if (action == Action.DELETED) {
                      events.add("DELETED " + name);
                    } else if (StatefulSets.ready(pod) && !events.isEmpty()) {
                      events.add("READY " + name);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      Clusters.edit(
          client,
          NS,
          C,
          c -> {
            c.getSpec().getTiering().setInterval("30s");
            return c;
          });
      Clusters.await(
          client,
          NS,
          C,
          c ->
              !hash.equals(c.getStatus().getConfigHash())
                  && Clusters.condition(c, "Ready", "True")
                  && c.getStatus().getReadyReplicas() == 3,
          READY,
          "rolled and Ready");
      var sts = client.apps().statefulSets().inNamespace(NS).withName(C).get();
      assertEquals(sts.getStatus().getUpdateRevision(), sts.getStatus().getCurrentRevision());
      assertEquals(3, sts.getStatus().getUpdatedReplicas());
      return new ArrayList<>(events);
    }
  }

  private void setReplicas(int n) {
    Clusters.edit(
        client,
        NS,
        C,
        c -> {
          c.getSpec().setReplicas(n);
          return c;
        });
  }

  /** Waits until status.leader names a pod other than {@code not} and that pod is labelled so. */
  static String awaitLeader(String not) {
    OrbitCluster c =
        Clusters.await(
            client,
            NS,
            C,
            x -> {
              String l = x.getStatus() == null ? null : x.getStatus().getLeader();
              if (l == null || l.equals(not)) {
                return false;
              }
              Pod p = client.pods().inNamespace(NS).withName(l).get();
              return p != null && "primary".equals(p.getMetadata().getLabels().get(ROLE));
            },
            FAILOVER,
            not == null ? "a leader" : "a leader other than " + not);
    assertNotEquals(not, c.getStatus().getLeader());
    return c.getStatus().getLeader();
  }

  private static List<String> rows() {
    var out = new ArrayList<String>();
    for (int i = 0; i < KEYS; i++) {
      out.add(i + "=" + (100 + i));
    }
    return out;
  }

  private static List<String> balances(Statement st) throws SQLException {
    var out = new ArrayList<String>();
    try (ResultSet rs = st.executeQuery("SELECT id, balance FROM accounts ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getInt(1) + "=" + rs.getInt(2));
      }
    }
    return out;
  }

  private static String readOrNull(Jedis j, String key) {
    try {
      return j.get(key);
    } catch (JedisDataException e) {
      return null; // not caught up yet (MASTERDOWN)
    }
  }

  private List<String> podNames() {
    return client.pods().inNamespace(NS).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  private String role(String pod) {
    return client
        .pods()
        .inNamespace(NS)
        .withName(pod)
        .get()
        .getMetadata()
        .getLabels()
        .get("orbit.dev/role");
  }

  private int claims() {
    return client.persistentVolumeClaims().inNamespace(NS).list().getItems().size();
  }
}
