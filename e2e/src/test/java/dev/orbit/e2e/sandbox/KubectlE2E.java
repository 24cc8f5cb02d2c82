package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real kubectl against the sandbox: apply (client-side and server-side), get, logs, delete. */
@ExtendWith(SandboxExtension.class)
class KubectlE2E {
  static final String NS = "kubectl";
  static final String C = "orbit-minimal";
  static Path kubectl;
  static Sandbox sandbox;

  @BeforeAll
  static void findKubectl() {
    kubectl = Kubectl.find();
    assumeTrue(kubectl != null, "kubectl is not installed");
    sandbox = SandboxExtension.sandbox();
  }

  @AfterAll
  static void deleteCluster() {
    if (sandbox != null) {
      sandbox.client().resources(OrbitCluster.class).inNamespace(NS).delete();
    }
  }

  @Test
  void applyGetAndDeleteAClusterWithKubectl() throws Exception {
    KubernetesClient client = sandbox.client();
    Path manifest = Clusters.MANIFESTS.resolve("minimal.yaml");
    assertTrue(
        kubectl("apply", "-f", manifest.toString())
            .contains("orbitcluster.orbit.dev/" + C + " created"));
    Clusters.awaitReady(client, NS, C, Duration.ofSeconds(90));

    String oc = kubectl("get", "oc");
    assertTrue(oc.lines().anyMatch(l -> l.startsWith(C) && l.contains("True")), oc);
    String all = kubectl("get", "pods,sts,svc,pvc");
    for (String expected :
        List.of(
            "pod/" + C + "-0",
            "Running",
            "statefulset.apps/" + C,
            "service/" + C + "-rw",
            "persistentvolumeclaim/hot-" + C + "-0")) {
      assertTrue(all.contains(expected), expected + " in:\n" + all);
    }
    assertEquals(
        "True",
        kubectl("get", "oc", C, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
            .trim());

    // client-side apply of a changed manifest: a merge patch with the last-applied annotation
    Path changed = Files.createTempFile("orbit-kubectl-", ".yaml");
    Files.writeString(
        changed, Files.readString(manifest).replace("spec:\n", "spec:\n  durability: sync\n"));
    assertTrue(kubectl("apply", "-f", changed.toString()).contains("configured"));
    Clusters.until(
        Duration.ofSeconds(90),
        () -> "sync".equals(Clusters.nodeStatus(sandbox, NS, C).path("durability").asText()),
        () -> "the node does not run with durability sync");

    // server-side apply
    Files.writeString(
        changed,
        Files.readString(changed).replace("spec:\n", "spec:\n  tiering:\n    interval: 30s\n"));
    assertTrue(
        kubectl("apply", "--server-side", "-f", changed.toString()).contains("serverside-applied"));
    assertEquals("30s", Clusters.get(client, NS, C).getSpec().getTiering().getInterval());
    assertEquals("SYNC", Clusters.get(client, NS, C).getSpec().getDurability().name());

    assertTrue(kubectl("delete", "-f", changed.toString()).contains("deleted"));
    Clusters.until(
        Duration.ofSeconds(60),
        () -> client.pods().inNamespace(NS).list().getItems().isEmpty(),
        () -> "pods left after kubectl delete");
    assertTrue(kubectl("get", "oc").contains("No resources found"));
    Files.delete(changed);
  }

  private static String kubectl(String... args) throws IOException, InterruptedException {
    var run = Kubectl.run(sandbox, NS, args);
    assertEquals(0, run.exit(), String.join(" ", args) + ":\n" + run.out());
    return run.out();
  }
}
