package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.backup.BackupNodeClient;
import dev.orbit.operator.model.ClusterStatusModel;
import dev.orbit.operator.model.Names;
import dev.orbit.operator.model.RolloutPlan;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rolls a replicated cluster with its leader last. The StatefulSet rolls the highest ordinal first
 * down to its RollingUpdate partition: while pods above the leader are still to restart the
 * partition stays just above the leader's ordinal; once none is left, the leader hands the
 * leadership to a ready member that already runs the new revision (or, when none does yet, to the
 * lowest-ordinal ready follower, which is then handed over again before its own turn), and only
 * when the leader's pod no longer leads does the partition open for it and the ordinals below.
 */
final class LeaderLastRoll {
  private final LeaderTracker tracker;
  private final EventRecorder events;

  LeaderLastRoll(LeaderTracker tracker, EventRecorder events) {
    this.tracker = tracker;
    this.events = events;
  }

  /**
   * The StatefulSet's partition for this reconcile; may ask the leader to hand over.
   *
   * @param restarts the pods still to restart (status.pendingChanges), empty when none
   * @param held whether the roll is held (the template is not changing)
   */
  int partition(
      KubernetesClient client,
      OrbitCluster c,
      StatefulSet sts,
      Collection<Pod> pods,
      List<String> restarts,
      boolean held,
      Optional<String> leader) {
    int observed = observed(sts);
    if (held || restarts.isEmpty()) {
      // right after a template change the status may not name the new revision yet
      return held || RolloutPlan.statusBehind(sts) ? observed : 0;
    }
    if (leader.isEmpty()) {
      return observed; // no leader known: what holds now stays
    }
    String l = leader.get();
    int ordinal = Names.ordinalOf(l);
    if (!restarts.contains(l)) {
      return 0; // the leader runs the new revision: nothing left to protect
    }
    var running = LeaderTracker.running(pods);
    if (!rolledAbove(sts, running, restarts, ordinal)) {
      return ordinal + 1; // the followers above it first, each back and ready
    }
    if (running.size() <= 1) {
      return 0; // a group of one: nobody to hand the leadership to
    }
    Optional<Pod> target = target(running, restarts, l);
    Pod from = running.stream().filter(p -> l.equals(name(p))).findFirst().orElse(null);
    if (target.isPresent() && from != null) {
      var nodes =
          BackupNodeClient.of(client, c.getMetadata().getNamespace(), c.getMetadata().getName());
      String to = name(target.get());
      if (tracker.transfer(nodes, from, to)) {
        events.record(
            client,
            c,
            EventRecorder.NORMAL,
            "LeadershipTransferred",
            l + " handed the leadership to " + to + " before its restart (rolling update)");
      }
    }
    return ordinal + 1; // the leader restarts once another pod leads
  }

  /** Whether every ordinal above the leader's runs, ready, on the new revision. */
  private static boolean rolledAbove(
      StatefulSet sts, Collection<Pod> running, List<String> restarts, int ordinal) {
    int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    for (int o = ordinal + 1; o < replicas; o++) {
      int want = o;
      boolean done =
          running.stream()
              .filter(p -> Names.ordinalOf(name(p)) == want)
              .anyMatch(p -> ClusterStatusModel.podReady(p) && !restarts.contains(name(p)));
      if (!done) {
        return false;
      }
    }
    return true;
  }

  /** A ready member to lead: one on the new revision first, else the lowest-ordinal follower. */
  private static Optional<Pod> target(Collection<Pod> running, List<String> restarts, String l) {
    var ready =
        running.stream()
            .filter(p -> !l.equals(name(p)))
            .filter(ClusterStatusModel::podReady)
            .sorted(Comparator.comparingInt((Pod p) -> Names.ordinalOf(name(p))))
            .toList();
    return ready.stream()
        .filter(p -> !restarts.contains(name(p)))
        .findFirst()
        .or(() -> ready.stream().findFirst());
  }

  private static int observed(StatefulSet sts) {
    if (sts == null
        || sts.getSpec().getUpdateStrategy() == null
        || sts.getSpec().getUpdateStrategy().getRollingUpdate() == null) {
      return 0;
    }
    Integer p = sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
    return p == null ? 0 : p;
  }

  private static String name(Pod p) {
    return p.getMetadata().getName();
  }
}
