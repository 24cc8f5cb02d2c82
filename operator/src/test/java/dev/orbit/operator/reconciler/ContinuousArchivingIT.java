package dev.orbit.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.ArchiveSpec;
import dev.orbit.operator.api.v1alpha1.ClusterBackupSpec;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.Conditions;
import dev.orbit.operator.model.ContinuousArchiving;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Condition ContinuousArchiving on the mock API server: a fake node whose archive passes fail (as
 * the real node reports it at {@code /v1/status}: {@code archive.<protocol>.error}) turns it False
 * with the node's reason and a Warning event, and True again once its passes succeed.
 */
@EnableKubernetesMockClient(crud = true)
class ContinuousArchivingIT {
  static KubernetesClient client;
  static final FakeNodes nodes = new FakeNodes();

  @RegisterExtension
  static final FakeNodeFixture fx = new FakeNodeFixture(() -> client, nodes, "orbitclusters");

  @Test
  void aFailingArchivePassIsAConditionAndAnEventUntilArchivingRecovers() {
    String ns = "arch";
    OrbitCluster c = Clusters.minimal(ns, "ar");
    c.getSpec().setBackup(new ClusterBackupSpec());
    c.getSpec().getBackup().target = OrbitBackupIT.s3("backups", "orbit");
    c.getSpec().getBackup().archive = new ArchiveSpec();
    c.getSpec().getBackup().archive.enabled = true;
    client.resource(c).create();
    nodes.lead("ar-0", "postgres", "redis");
    nodes.archive.put("ar-0", Map.of("postgres", "", "redis", ""));
    client.resource(FakeNodeFixture.readyPod(ns, "ar-0", 2, Map.of())).create();

    Condition ok = awaitArchiving(ns, "True");
    assertEquals(ContinuousArchiving.SUCCESS, ok.getReason());

    // the target now belongs to another cluster: the node's error is what the user sees
    String error =
        "backup target s3://backups/orbit/arch/ar belongs to cluster uid-old, not to this node's"
            + " cluster uid-ar: a cluster writes only into a target of its own";
    nodes.archive.put("ar-0", Map.of("postgres", "", "redis", error));
    Condition failing = awaitArchiving(ns, "False");
    assertEquals(ContinuousArchiving.FAILING, failing.getReason());
    assertTrue(
        failing.getMessage().startsWith("ar-0 cannot archive the redis log: " + error),
        failing.getMessage());
    Event warning = fx.awaitEvent(ns, ContinuousArchiving.FAILING, "belongs to cluster uid-old");
    assertEquals("Warning", warning.getType());

    nodes.archive.put("ar-0", Map.of("postgres", "", "redis", ""));
    assertEquals(ContinuousArchiving.SUCCESS, awaitArchiving(ns, "True").getReason());
    assertEquals("Normal", fx.awaitEvent(ns, "ContinuousArchivingRecovered", "").getType());
  }

  @Test
  void aClusterThatDoesNotArchiveHasNoArchivingCondition() {
    String ns = "noarch";
    client.resource(Clusters.minimal(ns, "na")).create();
    nodes.archive.put("na-0", Map.of());
    client.resource(FakeNodeFixture.readyPod(ns, "na-0", 3, Map.of())).create();
    var s = fx.awaitStatus(ns, "na", x -> !x.getStatus().getNodes().isEmpty()).getStatus();
    assertEquals(Optional.empty(), Conditions.find(s.getConditions(), ContinuousArchiving.TYPE));
  }

  private static Condition awaitArchiving(String ns, String status) {
    return Conditions.find(
            fx.awaitStatus(
                    ns,
                    "ar",
                    x ->
                        Conditions.find(x.getStatus().getConditions(), ContinuousArchiving.TYPE)
                            .filter(a -> status.equals(a.getStatus()))
                            .isPresent())
                .getStatus()
                .getConditions(),
            ContinuousArchiving.TYPE)
        .orElseThrow();
  }
}
