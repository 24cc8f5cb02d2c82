package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Scaling 1 → 3 → 1 and a rolling update of three nodes in the sandbox. */
@ExtendWith(SandboxExtension.class)
class ScalingE2E {
  static final String NS = "scaling";
  static final String C = "orbit-minimal";
  static final Duration READY = Duration.ofSeconds(120);

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
  void scaleUpRollAndScaleDownFollowTheStatefulSetRules() {
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
