package dev.orbit.operator.backup;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.reconciler.OrbitClusterReconciler;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;

/**
 * Whether a cluster's pods run its latest spec. A backup waits until they do: one started on a pod
 * that a roll is about to restart would fail (and one started before the pods got a new backup
 * target would go to the old one).
 */
final class RollState {
  private RollState() {}

  /** Why a backup of {@code c} must wait now, or null when it may start. */
  static String unsettled(OrbitCluster c, StatefulSet sts) {
    String name = c.getMetadata().getName();
    if (OrbitClusterReconciler.reconcilePaused(c)) {
      return null; // nothing will change the pods until it is resumed
    }
    Long observed = c.getStatus() == null ? null : c.getStatus().getObservedGeneration();
    if (observed == null || observed < c.getMetadata().getGeneration()) {
      return "waiting for the operator to apply the latest spec of cluster " + name;
    }
    if (c.getSpec().getRollout() != null
        && Boolean.TRUE.equals(c.getSpec().getRollout().getPaused())) {
      return null; // a held roll restarts nothing
    }
    if (sts == null || sts.getStatus() == null) {
      return "waiting for the StatefulSet of cluster " + name;
    }
    Long stsObserved = sts.getStatus().getObservedGeneration();
    if (stsObserved == null || stsObserved < sts.getMetadata().getGeneration()) {
      return "waiting for the StatefulSet of cluster " + name + " to take its latest template";
    }
    String update = sts.getStatus().getUpdateRevision();
    if (update != null && !Objects.equals(update, sts.getStatus().getCurrentRevision())) {
      return "waiting for the roll of cluster "
          + name
          + " to finish (a pod restarted during a backup fails it)";
    }
    return null;
  }
}
