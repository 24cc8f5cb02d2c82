package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Growing a volume expands the claim under a running node; shrinking is refused. */
@ExtendWith(SandboxExtension.class)
class StorageResizeE2E {
  static final String NS = "storage";
  static final String C = "orbit-minimal";
  static final String HOT = "hot-" + C + "-0";

  @AfterAll
  static void deleteCluster() {
    SandboxExtension.sandbox().client().resources(OrbitCluster.class).inNamespace(NS).delete();
  }

  @Test
  void growingExpandsTheClaimWithoutRestartAndShrinkingIsRefused() {
    Sandbox sandbox = SandboxExtension.sandbox();
    KubernetesClient client = sandbox.client();
    client.resource(Clusters.load(client, "minimal.yaml", NS, c -> c)).create();
    Clusters.awaitReady(client, NS, C, Duration.ofSeconds(90));
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      redis.set("sized", "before");
    }
    long pid = sandbox.pid(NS, C + "-0");
    String podUid = client.pods().inNamespace(NS).withName(C + "-0").get().getMetadata().getUid();

    setHotSize(client, "20Gi");
    Clusters.until(
        Duration.ofSeconds(60),
        () -> "20Gi".equals(capacity(client)),
        () -> "claim " + HOT + " capacity is " + capacity(client));
    // the operator re-creates the StatefulSet with the larger template; the sandbox adopts the pod
    Clusters.until(
        Duration.ofSeconds(60),
        () -> {
          var sts = client.apps().statefulSets().inNamespace(NS).withName(C).get();
          var pod = client.pods().inNamespace(NS).withName(C + "-0").get();
          return sts != null
              && sts.getSpec().getVolumeClaimTemplates().stream()
                  .anyMatch(
                      t ->
                          t.getMetadata().getName().equals("hot")
                              && new Quantity("20Gi")
                                  .equals(t.getSpec().getResources().getRequests().get("storage")))
              && pod.getMetadata().getOwnerReferences().stream()
                  .anyMatch(o -> o.getUid().equals(sts.getMetadata().getUid()))
              && sts.getStatus() != null
              && Integer.valueOf(1).equals(sts.getStatus().getReadyReplicas());
        },
        () -> "StatefulSet not re-created with the 20Gi template and the running pod");
    Clusters.await(
        client,
        NS,
        C,
        c ->
            Clusters.condition(c, "Ready", "True")
                && c.getMetadata().getGeneration().equals(c.getStatus().getObservedGeneration()),
        Duration.ofSeconds(60),
        "Ready after growing");
    assertEquals(pid, sandbox.pid(NS, C + "-0"), "the node was not restarted");
    assertEquals(
        podUid, client.pods().inNamespace(NS).withName(C + "-0").get().getMetadata().getUid());
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      assertEquals("before", redis.get("sized"));
    }

    setHotSize(client, "5Gi");
    OrbitCluster refused =
        Clusters.await(
            client,
            NS,
            C,
            c -> Clusters.condition(c, "Degraded", "True"),
            Duration.ofSeconds(30),
            "Degraded");
    assertEquals(
        "StorageChangeRefused",
        refused.getStatus().getConditions().stream()
            .filter(x -> x.getType().equals("Degraded"))
            .findFirst()
            .orElseThrow()
            .getReason());
    assertEquals("20Gi", capacity(client));
    assertEquals(
        new Quantity("20Gi"), claim(client).getSpec().getResources().getRequests().get("storage"));
    assertEquals(pid, sandbox.pid(NS, C + "-0"), "the node was not restarted");
  }

  private static void setHotSize(KubernetesClient client, String size) {
    Clusters.edit(
        client,
        NS,
        C,
        c -> {
          c.getSpec().getStorage().getHot().setSize(new Quantity(size));
          return c;
        });
  }

  private static PersistentVolumeClaim claim(KubernetesClient client) {
    return client.persistentVolumeClaims().inNamespace(NS).withName(HOT).get();
  }

  private static String capacity(KubernetesClient client) {
    var pvc = claim(client);
    return pvc == null || pvc.getStatus() == null || pvc.getStatus().getCapacity() == null
        ? null
        : pvc.getStatus().getCapacity().get("storage").toString();
  }
}
