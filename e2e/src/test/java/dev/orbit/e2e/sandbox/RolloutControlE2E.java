package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * Controlling when pods restart: a roll held by {@code spec.rollout.paused} shows in {@code
 * status.pendingChanges} which pods would restart, in which order, and why, and runs once released;
 * {@code orbit.dev/reconcile: paused} stops every change; {@code spec.hibernate} stops the pods and
 * brings the same data back.
 */
@ExtendWith(SandboxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutControlE2E {
  static final String NS = "rollout";
  static final String C = "orbit-roll";
  static final Duration READY = Duration.ofSeconds(180);
  static Sandbox sandbox;
  static KubernetesClient client;

  @BeforeAll
  static void createCluster() {
    sandbox = SandboxExtension.sandbox();
    client = sandbox.client();
    client
        .resource(
            Clusters.load(
                client,
                "minimal.yaml",
                NS,
                c -> {
                  c.getMetadata().setName(C);
                  c.getSpec().setReplicas(2);
                  return c;
                }))
        .create();
  }

  @AfterAll
  static void deleteCluster() {
    client.resources(OrbitCluster.class).inNamespace(NS).delete();
  }

  static Map<String, String> podUids() {
    return client.pods().inNamespace(NS).list().getItems().stream()
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
  }

  @Test
  @Order(1)
  void aHeldRollShowsWhatWouldRestartAndRunsWhenReleased() {
    Clusters.awaitReady(client, NS, C, READY);
    var before = podUids();
    Clusters.edit(
        client,
        NS,
        C,
        c -> {
          c.getSpec().getRollout().setPaused(true);
          c.getSpec().getTiering().setInterval("30s");
          return c;
        });
    OrbitCluster held =
        Clusters.await(
            client,
            NS,
            C,
            c ->
                c.getStatus() != null
                    && c.getStatus().getPendingChanges() != null
                    && c.getStatus()
                        .getObservedGeneration()
                        .equals(c.getMetadata().getGeneration()),
            Duration.ofSeconds(60),
            "pending changes");
    var pending = held.getStatus().getPendingChanges();
    assertEquals(List.of(C + "-1", C + "-0"), pending.getRestarts());
    assertEquals(List.of("node config tiering.interval: 1m -> 30s"), pending.getChanges());
    assertTrue(pending.getHeld());
    assertTrue(Clusters.condition(held, "Ready", "True"), "still serving");
    assertTrue(Clusters.condition(held, "Paused", "True"));
    assertTrue(
        client.v1().events().inNamespace(NS).list().getItems().stream()
            .anyMatch(e -> "RolloutHeld".equals(e.getReason())));
    assertEquals(before, podUids(), "no pod restarted while the roll is held");

    Clusters.edit(
        client,
        NS,
        C,
        c -> {
          c.getSpec().getRollout().setPaused(false);
          return c;
        });
    Clusters.until(
        READY,
        () -> {
          var now = podUids();
          return now.size() == 2
              && !now.get(C + "-0").equals(before.get(C + "-0"))
              && !now.get(C + "-1").equals(before.get(C + "-1"));
        },
        () -> "both pods restarted once the roll was released");
    OrbitCluster done = Clusters.awaitReady(client, NS, C, READY);
    assertEquals(null, done.getStatus().getPendingChanges());
    assertTrue(Clusters.condition(done, "Paused", "False"));
  }

  @Test
  @Order(2)
  void pausedReconciliationChangesNothingUntilResumed() {
    Clusters.edit(
        client,
        NS,
        C,
        c -> {
          c.getMetadata().getAnnotations().put("orbit.dev/reconcile", "paused");
          c.getSpec().setReplicas(1);
          return c;
        });
    Clusters.await(
        client,
        NS,
        C,
        c -> Clusters.condition(c, "Paused", "True"),
        Duration.ofSeconds(60),
        "Paused");
    assertEquals(
        2, client.apps().statefulSets().inNamespace(NS).withName(C).get().getSpec().getReplicas());
    Clusters.edit(
        client,
        NS,
        C,
        c -> {
          c.getMetadata().getAnnotations().remove("orbit.dev/reconcile");
          return c;
        });
    Clusters.until(
        READY,
        () -> client.pods().inNamespace(NS).list().getItems().size() == 1,
        () -> "scaled to one replica once reconciliation resumed");
  }

  @Test
  @Order(3)
  void hibernationStopsThePodsAndWakingUpBringsTheSameDataBack() throws Exception {
    Clusters.awaitReady(client, NS, C, READY);
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      for (int i = 0; i < 100; i++) {
        redis.set("sleepy:" + i, "value-" + i);
      }
    }
    Clusters.edit(
        client,
        NS,
        C,
        c -> {
          c.getSpec().setHibernate(true);
          return c;
        });
    Clusters.until(
        READY,
        () -> client.pods().inNamespace(NS).list().getItems().isEmpty(),
        () -> "every pod stopped");
    OrbitCluster asleep =
        Clusters.await(
            client,
            NS,
            C,
            c -> Clusters.condition(c, "Progressing", "False"),
            Duration.ofSeconds(60),
            "hibernating");
    assertEquals(
        "Hibernating",
        asleep.getStatus().getConditions().stream()
            .filter(x -> x.getType().equals("Ready"))
            .findFirst()
            .orElseThrow()
            .getReason());
    assertTrue(Files.isDirectory(sandbox.volume(NS, "hot-" + C + "-0").resolve("redis")));
    assertTrue(
        client.persistentVolumeClaims().inNamespace(NS).withName("hot-" + C + "-0").get() != null,
        "the claim is kept");

    Clusters.edit(
        client,
        NS,
        C,
        c -> {
          c.getSpec().setHibernate(false);
          return c;
        });
    Clusters.awaitReady(client, NS, C, READY);
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      for (int i = 0; i < 100; i++) {
        assertEquals("value-" + i, redis.get("sleepy:" + i));
      }
    }
    List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
    assertEquals(1, pods.size());
  }
}
