package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.PendingChanges;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutPlanTest {
  static ClusterModel model(OrbitCluster c) {
    return ClusterModel.from(c, OperatorConfig.defaults());
  }

  static StatefulSet running(OrbitCluster c, String update) {
    var sts = model(c).statefulSet();
    sts.setStatus(new StatefulSetStatusBuilder().withUpdateRevision(update).build());
    return sts;
  }

  static Pod pod(String name, String revision) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("controller-revision-hash", revision)
        .endMetadata()
        .build();
  }

  static final List<Pod> PODS = List.of(pod("c-0", "r1"), pod("c-2", "r1"), pod("c-1", "r1"));

  @Test
  void aConfigChangeRestartsEveryPodHighestFirstAndSaysWhy() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setReplicas(3);
    var before = model(c);
    var sts = running(c, "r1");
    c.getSpec().getTiering().setInterval("30s");
    var after = model(c);
    PendingChanges plan =
        RolloutPlan.of(
            sts, PODS, after.podTemplate(), before.nodeConfig(), after.nodeConfig(), true, null);
    assertEquals(List.of("c-2", "c-1", "c-0"), plan.getRestarts());
    assertEquals(List.of("node config tiering.interval: 1m -> 30s"), plan.getChanges());
    assertEquals(true, plan.getHeld());
  }

  @Test
  void aRollKeepsItsPlanWhileTheStatefulSetControllerHasNotSeenTheNewTemplate() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setReplicas(3);
    var now = model(c);
    // the new template is written (generation 2); the status still names the old revision only
    var sts = running(c, "r1");
    sts.getMetadata().setGeneration(2L);
    sts.getStatus().setObservedGeneration(1L);
    var previous =
        new PendingChanges(
            List.of("c-2", "c-1", "c-0"),
            List.of("node config tiering.interval: 1m -> 30s"),
            false);
    PendingChanges plan =
        RolloutPlan.of(
            sts, PODS, now.podTemplate(), now.nodeConfig(), now.nodeConfig(), false, previous);
    assertEquals(previous, plan);
    // once the controller has seen it, the pods' revisions count
    sts.getStatus().setObservedGeneration(2L);
    assertNull(
        RolloutPlan.of(
            sts, PODS, now.podTemplate(), now.nodeConfig(), now.nodeConfig(), false, previous));
  }

  @Test
  void aTemplateChangeNamesTheFieldWithItsOldAndNewValue() {
    var c = Clusters.minimal("ns", "c");
    var sts = running(c, "r1");
    c.getSpec().setImage("ghcr.io/orbit-dev/orbit-node:0.2.0");
    var after = model(c);
    var plan =
        RolloutPlan.of(
            sts,
            List.of(pod("c-0", "r1")),
            after.podTemplate(),
            after.nodeConfig(),
            after.nodeConfig(),
            false,
            null);
    assertEquals(
        List.of(
            "pod template spec.containers[0].image: ghcr.io/orbit-dev/orbit-node:0.1.0 ->"
                + " ghcr.io/orbit-dev/orbit-node:0.2.0"),
        plan.getChanges());
    assertEquals(false, plan.getHeld());
  }

  @Test
  void nothingToRollWhenTemplateAndConfigMatchAndEveryPodIsOnTheRevision() {
    var c = Clusters.minimal("ns", "c");
    var m = model(c);
    assertNull(
        RolloutPlan.of(
            running(c, "r1"), PODS, m.podTemplate(), m.nodeConfig(), m.nodeConfig(), true, null));
    assertNull(
        RolloutPlan.of(null, PODS, m.podTemplate(), m.nodeConfig(), m.nodeConfig(), false, null));
  }

  @Test
  void aRollUnderWayListsThePodsLeftWithTheReasonsGivenBefore() {
    var c = Clusters.minimal("ns", "c");
    var m = model(c);
    var previous = new PendingChanges(List.of("c-2", "c-1", "c-0"), List.of("x: 1 -> 2"), false);
    var plan =
        RolloutPlan.of(
            running(c, "r2"),
            List.of(pod("c-2", "r2"), pod("c-1", "r1"), pod("c-0", "r1")),
            m.podTemplate(),
            m.nodeConfig(),
            m.nodeConfig(),
            false,
            previous);
    assertEquals(List.of("c-1", "c-0"), plan.getRestarts());
    assertEquals(List.of("x: 1 -> 2"), plan.getChanges());
  }
}
