package dev.orbit.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StuckPodReplacerTest {
  static StatefulSet sts(String current, String update) {
    return new StatefulSetBuilder()
        .withNewStatus()
        .withCurrentRevision(current)
        .withUpdateRevision(update)
        .endStatus()
        .build();
  }

  static Pod pod(String name, String revision, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("controller-revision-hash", revision)
        .endMetadata()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  static List<String> stuck(StatefulSet sts, Pod... pods) {
    return StuckPodReplacer.stuck(sts, List.of(pods)).stream()
        .map(p -> p.getMetadata().getName())
        .toList();
  }

  @Test
  void aPodFailingOnARevisionTheStatefulSetLeftIsReplaced() {
    assertEquals(List.of("c-0"), stuck(sts("bad", "fixed"), pod("c-0", "bad", false)));
  }

  @Test
  void readyPodsAndPodsOnTheUpdateRevisionAreLeftToTheStatefulSet() {
    assertEquals(
        List.of(),
        stuck(
            sts("old", "new"),
            pod("c-2", "new", false),
            pod("c-1", "old", true),
            pod("c-0", "old", true)));
  }

  @Test
  void aFailingPodOnTheCurrentRevisionIsNotReplacedWithoutAChange() {
    assertEquals(List.of(), stuck(sts("r1", "r1"), pod("c-0", "r1", false)));
    assertEquals(List.of(), stuck(null, pod("c-0", "r1", false)));
  }

  @Test
  void aPodHeldBelowTheRollingUpdatePartitionIsNotReplaced() {
    StatefulSet sts = sts("old", "new");
    sts.setSpec(
        new io.fabric8.kubernetes.api.model.apps.StatefulSetSpecBuilder()
            .withNewUpdateStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
            .withPartition(1)
            .endRollingUpdate()
            .endUpdateStrategy()
            .build());
    // a leader-last roll holds the leader (c-0) on the old revision while c-1 comes back: a
    // moment of unreadiness of c-0 then is not a stuck pod, and deleting it would lose a member
    assertEquals(List.of("c-1"), stuck(sts, pod("c-1", "old", false), pod("c-0", "old", false)));
  }
}
