package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.PendingChanges;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStatusModelTest {
  private static final String T0 = "2026-01-01T00:00:00Z";
  private static final String T1 = "2026-01-01T00:05:00Z";

  private static ClusterModel model(OrbitCluster c) {
    return ClusterModel.from(c, OperatorConfig.defaults());
  }

  private static StatefulSet sts(
      OrbitCluster c, int replicas, int ready, int updated, String current, String update) {
    var sts = model(c).statefulSet();
    sts.getMetadata().setGeneration(2L);
    sts.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(replicas)
            .withReadyReplicas(ready)
            .withUpdatedReplicas(updated)
            .withCurrentRevision(current)
            .withUpdateRevision(update)
            .build());
    return sts;
  }

  private static Pod pod(String name, String revision, boolean ready) {
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

  private static Condition cond(OrbitCluster c, String type) {
    return Conditions.find(c.getStatus().getConditions(), type).orElseThrow();
  }

  @Test
  void notReadyWhileTheObservedStatefulSetStillHasTheOldConfig() {
    var c = Clusters.minimal("ns", "c");
    var before = sts(c, 1, 1, 1, "r1", "r1");
    c.getSpec().setDurability(dev.orbit.operator.api.v1alpha1.Durability.SYNC);
    var status =
        ClusterStatusModel.compute(c, model(c), before, List.of(pod("c-0", "r1", true)), null, T0);
    c.setStatus(status);
    assertEquals("False", cond(c, "Ready").getStatus());
    assertEquals("RollingUpdate", cond(c, "Progressing").getReason());
    assertEquals(model(c).configHash(), status.getConfigHash());
  }

  @Test
  void readyWhenAllReplicasOfTheCurrentRevisionAreReady() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setReplicas(2);
    var status =
        ClusterStatusModel.compute(
            c,
            model(c),
            sts(c, 2, 2, 2, "r1", "r1"),
            List.of(pod("c-1", "r1", true), pod("c-0", "r1", true)),
            null,
            T0);
    c.setStatus(status);
    assertEquals("True", cond(c, "Ready").getStatus());
    assertEquals("False", cond(c, "Progressing").getStatus());
    assertEquals("False", cond(c, "Degraded").getStatus());
    assertEquals(2, status.getReadyReplicas());
    assertEquals(List.of("c-0", "c-1"), status.getNodes().stream().map(n -> n.getName()).toList());
    assertEquals(
        List.of("primary", "replica"), status.getNodes().stream().map(n -> n.getRole()).toList());
    assertEquals(1L, status.getObservedGeneration());
    assertEquals(model(c).configHash(), status.getConfigHash());
    assertEquals(OperatorConfig.DEFAULT_NODE_IMAGE, status.getImage());
  }

  @Test
  void aRollingUpdateIsProgressingNotReady() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setReplicas(2);
    var status =
        ClusterStatusModel.compute(
            c,
            model(c),
            sts(c, 2, 2, 1, "r1", "r2"),
            List.of(pod("c-0", "r1", true), pod("c-1", "r2", true)),
            null,
            T0);
    c.setStatus(status);
    assertEquals("False", cond(c, "Ready").getStatus());
    assertEquals("True", cond(c, "Progressing").getStatus());
    assertEquals("RollingUpdate", cond(c, "Progressing").getReason());
  }

  @Test
  void aPodThatIsNotReadyKeepsTheClusterNotReady() {
    var c = Clusters.minimal("ns", "c");
    var status =
        ClusterStatusModel.compute(
            c, model(c), sts(c, 1, 1, 1, "r1", "r1"), List.of(pod("c-0", "r1", false)), null, T0);
    c.setStatus(status);
    assertEquals("False", cond(c, "Ready").getStatus());
    assertEquals("WaitingForPods", cond(c, "Progressing").getReason());
    assertEquals(false, status.getNodes().get(0).getReady());
  }

  @Test
  void scalingAndCreatingAreProgressPhases() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setReplicas(3);
    c.setStatus(
        ClusterStatusModel.compute(c, model(c), sts(c, 1, 1, 1, "r1", "r1"), List.of(), null, T0));
    assertEquals("Scaling", cond(c, "Progressing").getReason());
    c.setStatus(ClusterStatusModel.compute(c, model(c), null, List.of(), null, T0));
    assertEquals("Creating", cond(c, "Progressing").getReason());
  }

  @Test
  void degradedCarriesTheProblem() {
    var c = Clusters.minimal("ns", "c");
    var problem = new Problem(Problem.STORAGE_CHANGE_REFUSED, "hot volume cannot shrink");
    c.setStatus(ClusterStatusModel.compute(c, model(c), null, List.of(), problem, T0));
    assertEquals("True", cond(c, "Degraded").getStatus());
    assertEquals("StorageChangeRefused", cond(c, "Degraded").getReason());
    assertEquals("hot volume cannot shrink", cond(c, "Degraded").getMessage());
  }

  @Test
  void invalidSpecKeepsThePreviousHashAndImage() {
    var c = Clusters.minimal("ns", "c");
    c.setStatus(ClusterStatusModel.compute(c, model(c), null, List.of(), null, T0));
    String hash = c.getStatus().getConfigHash();
    c.setStatus(
        ClusterStatusModel.compute(
            c, null, null, List.of(), new Problem("InvalidSpec", "bad"), T1));
    assertEquals(hash, c.getStatus().getConfigHash());
    var fresh = Clusters.minimal("ns", "d");
    fresh.setStatus(
        ClusterStatusModel.compute(
            fresh, null, null, List.of(), new Problem("InvalidSpec", "bad"), T1));
    assertNull(fresh.getStatus().getConfigHash());
  }

  @Test
  void lastTransitionTimeIsKeptWhileTheStatusHolds() {
    var c = Clusters.minimal("ns", "c");
    c.setStatus(ClusterStatusModel.compute(c, model(c), null, List.of(), null, T0));
    var again = ClusterStatusModel.compute(c, model(c), null, List.of(), null, T1);
    assertEquals(c.getStatus(), again);
    assertEquals(
        T0, Conditions.find(again.getConditions(), "Ready").orElseThrow().getLastTransitionTime());

    var problem = new Problem("InvalidSpec", "bad");
    var degraded = ClusterStatusModel.compute(c, model(c), null, List.of(), problem, T1);
    assertEquals(
        T1,
        Conditions.find(degraded.getConditions(), "Degraded")
            .orElseThrow()
            .getLastTransitionTime());
    assertEquals(
        T0,
        Conditions.find(degraded.getConditions(), "Ready").orElseThrow().getLastTransitionTime());
  }

  private static Pod failingPod(String name, String waiting, int restarts, String log) {
    var b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("controller-revision-hash", "r1")
            .endMetadata()
            .withNewStatus()
            .withStartTime(T0)
            .addNewCondition()
            .withType("Ready")
            .withStatus("False")
            .withLastTransitionTime(T0)
            .endCondition()
            .addNewContainerStatus()
            .withName("orbit")
            .withRestartCount(restarts)
            .withNewState()
            .withNewWaiting()
            .withReason(waiting)
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(1)
            .withFinishedAt(T0)
            .withMessage(log)
            .endTerminated()
            .endLastState()
            .endContainerStatus()
            .endStatus();
    return b.build();
  }

  private static Observed observed(OrbitCluster c, List<Pod> pods, String now) {
    return new Observed(
        model(c),
        sts(c, 1, 0, 1, "r1", "r1"),
        pods,
        null,
        List.of(),
        java.time.Instant.parse(now),
        java.time.Duration.ofMinutes(2));
  }

  @Test
  void aCrashLoopingNodeIsDegradedWithThePodItsRestartsAndItsLastErrorLine() {
    var c = Clusters.minimal("ns", "c");
    String log =
        "starting orbit-node\n"
            + "orbit-node: config key 'storage.blockCacheSize' must be at least 1Mi\n"
            + "bye\n";
    c.setStatus(
        ClusterStatusModel.compute(
            c, observed(c, List.of(failingPod("c-0", "CrashLoopBackOff", 3, log)), T0)));
    var degraded = cond(c, "Degraded");
    assertEquals("True", degraded.getStatus());
    assertEquals("NodeFailing", degraded.getReason());
    assertEquals(
        "pod c-0 is CrashLoopBackOff (restarts: 3): orbit-node: config key"
            + " 'storage.blockCacheSize' must be at least 1Mi",
        degraded.getMessage());
    assertEquals("False", cond(c, "Ready").getStatus());
    assertEquals("NodeFailing", cond(c, "Ready").getReason());
    assertEquals("False", cond(c, "Progressing").getStatus());
  }

  @Test
  void aPodThatCannotStartIsFailingAtOnce() {
    var c = Clusters.minimal("ns", "c");
    var pod = failingPod("c-0", "CreateContainerConfigError", 0, null);
    pod.getStatus().getContainerStatuses().get(0).setLastState(null);
    pod.getStatus()
        .getContainerStatuses()
        .get(0)
        .getState()
        .getWaiting()
        .setMessage("secret \"x\" not found");
    c.setStatus(ClusterStatusModel.compute(c, observed(c, List.of(pod), T0)));
    assertEquals(
        "pod c-0 is CreateContainerConfigError secret \"x\" not found (restarts: 0)",
        cond(c, "Degraded").getMessage());
  }

  @Test
  void aPodNotReadyFailsOnlyAfterTheBound() {
    var c = Clusters.minimal("ns", "c");
    var pod = pod("c-0", "r1", false);
    pod.getStatus().getConditions().get(0).setLastTransitionTime(T0);
    c.setStatus(ClusterStatusModel.compute(c, observed(c, List.of(pod), "2026-01-01T00:01:00Z")));
    assertEquals("False", cond(c, "Degraded").getStatus());
    assertEquals(
        java.util.Optional.of(java.time.Instant.parse("2026-01-01T00:02:00Z")),
        NodeHealth.nextDeadline(
            List.of(pod),
            java.time.Instant.parse("2026-01-01T00:01:00Z"),
            java.time.Duration.ofMinutes(2)));
    c.setStatus(ClusterStatusModel.compute(c, observed(c, List.of(pod), T1)));
    assertEquals("NodeFailing", cond(c, "Degraded").getReason());
    assertEquals(
        "pod c-0 has not been ready for 300s (restarts: 0)", cond(c, "Degraded").getMessage());
  }

  @Test
  void aRecentCrashOfAPodRunningAgainCountsAsFailing() {
    var c = Clusters.minimal("ns", "c");
    var pod = failingPod("c-0", "CrashLoopBackOff", 1, "boom\njava.lang.IllegalStateException: x");
    pod.getStatus().getContainerStatuses().get(0).getState().setWaiting(null);
    c.setStatus(ClusterStatusModel.compute(c, observed(c, List.of(pod), "2026-01-01T00:00:30Z")));
    assertEquals(
        "pod c-0 crashed (exit code 1) (restarts: 1): java.lang.IllegalStateException: x",
        cond(c, "Degraded").getMessage());
  }

  @Test
  void readyPodsAreNeverFailing() {
    var c = Clusters.minimal("ns", "c");
    c.setStatus(ClusterStatusModel.compute(c, observed(c, List.of(pod("c-0", "r1", true)), T1)));
    assertEquals("False", cond(c, "Degraded").getStatus());
  }

  @Test
  void unknownFieldsAreNamedInTheirCondition() {
    var c = Clusters.minimal("ns", "c");
    c.setStatus(ClusterStatusModel.compute(c, observed(c, List.of(), T0)));
    assertEquals("False", cond(c, "UnknownFields").getStatus());
    var o = observed(c, List.of(), T1);
    var withUnknown =
        new Observed(
            o.model(),
            o.sts(),
            o.pods(),
            null,
            List.of("spec.storage.lukewarm"),
            o.now(),
            o.failingAfter());
    c.setStatus(ClusterStatusModel.compute(c, withUnknown));
    assertEquals("True", cond(c, "UnknownFields").getStatus());
    assertEquals(
        "Ignored fields this operator does not know: spec.storage.lukewarm",
        cond(c, "UnknownFields").getMessage());
  }

  @Test
  void readyReasonNamesTheProblemOfAServingCluster() {
    var c = Clusters.minimal("ns", "c");
    c.setStatus(
        ClusterStatusModel.compute(
            c,
            null,
            sts(c, 1, 1, 1, "r1", "r1"),
            List.of(pod("c-0", "r1", true)),
            new Problem("InvalidSpec", "bad"),
            T0));
    assertEquals("True", cond(c, "Ready").getStatus());
    assertEquals("InvalidSpec", cond(c, "Ready").getReason());
  }

  private static Observed held(OrbitCluster c, Observed.Hold hold, PendingChanges pending) {
    var o = observed(c, List.of(pod("c-0", "r1", true)), T0);
    var sts = sts(c, 1, 1, 1, "r1", "r1");
    return new Observed(
        o.model(), sts, o.pods(), null, List.of(), o.now(), o.failingAfter(), hold, pending);
  }

  @Test
  void aHeldRollKeepsTheClusterReadyAndSaysWhatWaits() {
    var c = Clusters.minimal("ns", "c");
    var pending = new PendingChanges(List.of("c-0"), List.of("node config x: 1 -> 2"), true);
    c.setStatus(ClusterStatusModel.compute(c, held(c, Observed.Hold.ROLLOUT_PAUSED, pending)));
    assertEquals("True", cond(c, "Ready").getStatus());
    assertEquals("RolloutPaused", cond(c, "Ready").getReason());
    assertEquals("True", cond(c, "Paused").getStatus());
    assertEquals("RolloutPaused", cond(c, "Paused").getReason());
    assertEquals("RolloutPaused", cond(c, "Progressing").getReason());
    assertEquals(pending, c.getStatus().getPendingChanges());
  }

  @Test
  void pausedReconciliationSaysSo() {
    var c = Clusters.minimal("ns", "c");
    c.setStatus(ClusterStatusModel.compute(c, held(c, Observed.Hold.RECONCILE_PAUSED, null)));
    assertEquals("True", cond(c, "Paused").getStatus());
    assertEquals("ReconcilePaused", cond(c, "Paused").getReason());
    assertEquals("ReconcilePaused", cond(c, "Ready").getReason());
    c.setStatus(ClusterStatusModel.compute(c, held(c, Observed.Hold.NONE, null)));
    assertEquals("False", cond(c, "Paused").getStatus());
  }

  @Test
  void aHibernatingClusterIsNotReadyOnPurpose() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setHibernate(true);
    var stopping = sts(c, 1, 1, 1, "r1", "r1");
    c.setStatus(
        ClusterStatusModel.compute(
            c, model(c), stopping, List.of(pod("c-0", "r1", true)), null, T0));
    assertEquals("False", cond(c, "Ready").getStatus());
    assertEquals("Hibernating", cond(c, "Ready").getReason());
    assertEquals("True", cond(c, "Progressing").getStatus());
    c.setStatus(
        ClusterStatusModel.compute(c, model(c), sts(c, 0, 0, 0, "r1", "r1"), List.of(), null, T1));
    assertEquals("Hibernating", cond(c, "Ready").getReason());
    assertEquals("False", cond(c, "Progressing").getStatus());
    assertEquals("False", cond(c, "Degraded").getStatus());
  }
}
