package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.PendingChanges;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What a cluster's status is computed from: the desired model, what the informers see, and what the
 * reconciler found.
 *
 * @param model the desired objects; null when the spec is invalid
 * @param sts the StatefulSet as observed; null when absent
 * @param pods the node pods as observed
 * @param problem why the spec or the reconcile failed (InvalidSpec, StorageChangeRefused,
 *     ReconcileError); null when neither did
 * @param unknownFields fields of the manifest the operator ignores
 * @param now the current time
 * @param failingAfter how long a pod may stay not ready before it counts as failing
 * @param hold what holds the operator back, if anything
 * @param pending the roll that is planned, held or under way; null when none
 */
public record Observed(
    ClusterModel model,
    StatefulSet sts,
    Collection<Pod> pods,
    Problem problem,
    List<String> unknownFields,
    Instant now,
    Duration failingAfter,
    Hold hold,
    PendingChanges pending) {
  /** The default bound: a node not ready for two minutes is failing. */
  public static final Duration FAILING_AFTER = Duration.ofMinutes(2);

  /** What holds the operator back on purpose. */
  public enum Hold {
    NONE,
    /** The annotation {@code orbit.dev/reconcile: paused}: nothing is changed. */
    RECONCILE_PAUSED,
    /** {@code spec.rollout.paused}: a planned roll waits. */
    ROLLOUT_PAUSED
  }

  public Observed {
    pods = List.copyOf(pods);
    unknownFields = List.copyOf(unknownFields);
    hold = hold == null ? Hold.NONE : hold;
  }

  /** Without a hold or a pending roll. */
  public Observed(
      ClusterModel model,
      StatefulSet sts,
      Collection<Pod> pods,
      Problem problem,
      List<String> unknownFields,
      Instant now,
      Duration failingAfter) {
    this(model, sts, pods, problem, unknownFields, now, failingAfter, Hold.NONE, null);
  }
}
