package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node that fails at startup (its memory limit is too small for the JVM: the sandbox gives the
 * node's JVM the container's memory limit, as the node image does) makes the cluster Degraded with
 * NodeFailing, naming the pod, its restarts and its last error line; fixing the spec heals it with
 * no manual step (the pod stuck on the failed revision is replaced).
 */
@ExtendWith(SandboxExtension.class)
class NodeFailureE2E {
  static final String NS = "failing";
  static final String C = "orbit-oom";
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
                  c.getSpec().setResources(limit("16Mi"));
                  return c;
                }))
        .create();
  }

  @AfterAll
  static void deleteCluster() {
    client.resources(OrbitCluster.class).inNamespace(NS).delete();
  }

  static io.fabric8.kubernetes.api.model.ResourceRequirements limit(String memory) {
    return new ResourceRequirementsBuilder().addToLimits("memory", new Quantity(memory)).build();
  }

  static Condition condition(OrbitCluster c, String type) {
    return c.getStatus().getConditions().stream()
        .filter(x -> x.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aNodeFailingAtStartupIsReportedAndAFixedSpecHealsIt() throws Exception {
    OrbitCluster failing =
        Clusters.await(
            client,
            NS,
            C,
            c -> Clusters.condition(c, "Degraded", "True"),
            Duration.ofSeconds(120),
            "Degraded");
    Condition degraded = condition(failing, "Degraded");
    assertEquals("NodeFailing", degraded.getReason());
    assertTrue(degraded.getMessage().startsWith("pod " + C + "-0 "), degraded.getMessage());
    assertTrue(degraded.getMessage().contains("(restarts: "), degraded.getMessage());
    assertTrue(degraded.getMessage().contains("OutOfMemoryError"), degraded.getMessage());
    assertEquals("NodeFailing", condition(failing, "Ready").getReason());
    assertTrue(
        client.v1().events().inNamespace(NS).list().getItems().stream()
            .anyMatch(e -> "Warning".equals(e.getType()) && "NodeFailing".equals(e.getReason())));
    if (Kubectl.find() != null) {
      String table = Kubectl.run(sandbox, NS, "get", "oc", C).out();
      assertTrue(
          table
              .lines()
              .findFirst()
              .orElse("")
              .matches("NAME +READY +REPLICAS +LEADER +REASON +AGE"),
          table);
      assertTrue(table.contains("NodeFailing"), table);
    }

    Clusters.edit(
        client,
        NS,
        C,
        c -> {
          c.getSpec().setResources(limit("512Mi"));
          return c;
        });
    OrbitCluster healed = Clusters.awaitReady(client, NS, C, Duration.ofSeconds(180));
    assertEquals("False", condition(healed, "Degraded").getStatus());
    assertEquals("AllReplicasReady", condition(healed, "Ready").getReason());
    assertTrue(
        client.v1().events().inNamespace(NS).list().getItems().stream()
            .anyMatch(e -> "StuckPodReplaced".equals(e.getReason())),
        "the pod stuck on the failed revision was replaced by the operator");
    try (var redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      assertEquals("PONG", redis.ping());
    }
  }
}
