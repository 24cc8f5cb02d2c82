package dev.orbit.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PodRoleLabelerIT {
  static KubernetesClient client;

  @Test
  void aPodDeletedSinceItWasListedIsSkippedAndTheOthersAreLabelled() {
    Pod gone = FakeNodeFixture.readyPod("ns", "c-0", 1, Map.of());
    Pod here = client.resource(FakeNodeFixture.readyPod("ns", "c-1", 1, Map.of())).create();
    int patched = new PodRoleLabeler().label(client, List.of(gone, here), Optional.of("c-1"));
    assertEquals(1, patched);
    assertEquals(
        Labels.ROLE_PRIMARY,
        client
            .pods()
            .inNamespace("ns")
            .withName("c-1")
            .get()
            .getMetadata()
            .getLabels()
            .get(Labels.ROLE));
  }
}
