package dev.orbit.operator.backup;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.OrbitClusterStatus;
import dev.orbit.operator.api.v1alpha1.RolloutSpec;
import dev.orbit.operator.model.ClusterStatusModel;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollStateTest {
  static OrbitCluster cluster(long generation, Long observed) {
    OrbitCluster c = Clusters.minimal("ns", "c");
    c.getMetadata().setGeneration(generation);
    c.setStatus(new OrbitClusterStatus());
    c.getStatus().setObservedGeneration(observed);
    return c;
  }

  static StatefulSet sts(long generation, Long observed, String current, String update) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("c")
        .withGeneration(generation)
        .endMetadata()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withCurrentRevision(current)
        .withUpdateRevision(update)
        .endStatus()
        .build();
  }

  @Test
  void aClusterWhosePodsRunItsLatestSpecIsSettled() {
    assertNull(RollState.unsettled(cluster(3, 3L), sts(5, 5L, "r2", "r2")));
  }

  @Test
  void aSpecTheOperatorHasNotAppliedYetWaits() {
    String why = RollState.unsettled(cluster(4, 3L), sts(5, 5L, "r2", "r2"));
    assertTrue(why.contains("apply the latest spec"), why);
  }

  @Test
  void aTemplateTheStatefulSetControllerHasNotSeenWaits() {
    String why = RollState.unsettled(cluster(3, 3L), sts(6, 5L, "r2", "r2"));
    assertTrue(why.contains("latest template"), why);
  }

  @Test
  void aRollInProgressWaits() {
    String why = RollState.unsettled(cluster(3, 3L), sts(5, 5L, "r1", "r2"));
    assertTrue(why.contains("roll of cluster c"), why);
    assertTrue(RollState.unsettled(cluster(3, 3L), null).contains("StatefulSet"));
  }

  @Test
  void aHeldRollOrPausedReconciliationDoesNotHoldBackups() {
    OrbitCluster held = cluster(3, 3L);
    held.getSpec().setRollout(new RolloutSpec());
    held.getSpec().getRollout().setPaused(true);
    assertNull(RollState.unsettled(held, sts(5, 5L, "r1", "r2")));
    OrbitCluster paused = cluster(4, 3L);
    paused.getMetadata().setAnnotations(Map.of(ClusterStatusModel.PAUSE_ANNOTATION, "paused"));
    assertNull(RollState.unsettled(paused, sts(5, 5L, "r1", "r2")));
  }
}
