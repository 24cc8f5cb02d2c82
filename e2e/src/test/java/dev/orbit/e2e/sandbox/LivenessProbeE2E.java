package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sandbox's kubelet runs liveness probes as Kubernetes does: a container whose probe fails
 * {@code failureThreshold} times in a row is killed and restarted (its restartCount grows, its last
 * run shows as terminated), while a container whose probe succeeds keeps running.
 */
@ExtendWith(SandboxExtension.class)
class LivenessProbeE2E {
  static final String NS = "liveness";
  static KubernetesClient client;

  @BeforeAll
  static void namespace() {
    client = SandboxExtension.sandbox().client();
  }

  @AfterAll
  static void deletePods() {
    client.pods().inNamespace(NS).delete();
  }

  static Pod pod(String name, String livenessPath) {
    Probe liveness =
        new ProbeBuilder()
            .withNewHttpGet()
            .withPath(livenessPath)
            .withPort(new IntOrString("admin"))
            .endHttpGet()
            .withPeriodSeconds(1)
            .withTimeoutSeconds(5)
            .withFailureThreshold(2)
            .build();
    Probe startup =
        new ProbeBuilder()
            .withNewHttpGet()
            .withPath("/livez")
            .withPort(new IntOrString("admin"))
            .endHttpGet()
            .withPeriodSeconds(1)
            .withFailureThreshold(120)
            .build();
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(30L)
        .addNewContainer()
        .withName("node")
        .withImage("ghcr.io/orbit/orbit-node:test")
        .withArgs("serve")
        .addNewEnv()
        .withName("ORBIT_ADMIN_TOKEN")
        .withValue("liveness-test-token")
        .endEnv()
        .addNewPort()
        .withName("admin")
        .withContainerPort(8080)
        .endPort()
        .withStartupProbe(startup)
        .withLivenessProbe(liveness)
        .endContainer()
        .endSpec()
        .build();
  }

  static ContainerStatus container(Pod p) {
    if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses().isEmpty()) {
      return null;
    }
    return p.getStatus().getContainerStatuses().get(0);
  }

  @Test
  void aContainerFailingItsLivenessProbeIsKilledAndRestarted() {
    client.resource(pod("healthy", "/livez")).create();
    client.resource(pod("unhealthy", "/no-such-endpoint")).create();

    Pod unhealthy =
        client
            .pods()
            .inNamespace(NS)
            .withName("unhealthy")
            .waitUntilCondition(
                p -> {
                  ContainerStatus c = container(p);
                  return c != null && c.getRestartCount() >= 2 && c.getLastState() != null;
                },
                240,
                TimeUnit.SECONDS);
    ContainerStatus c = container(unhealthy);
    assertTrue(c.getRestartCount() >= 2, "restartCount " + c.getRestartCount());
    assertTrue(c.getLastState().getTerminated() != null, c.getLastState().toString());

    // the healthy one, probed as often and started at the same time, was never restarted
    Pod healthy = client.pods().inNamespace(NS).withName("healthy").get();
    assertEquals(0, container(healthy).getRestartCount(), "healthy pod restarted");
    assertTrue(container(healthy).getState().getRunning() != null, "healthy pod not running");
  }
}
