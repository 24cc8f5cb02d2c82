package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.PendingChanges;
import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.model.Names;
import dev.orbit.operator.model.NodeConfig;
import dev.orbit.operator.model.Observed;
import dev.orbit.operator.model.RolloutPlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Collection;
import java.util.Objects;

/**
 * Plans the roll a spec change causes before it happens (status.pendingChanges, with an event), and
 * holds it while spec.rollout.paused is set: the StatefulSet then keeps its running pod template,
 * so no pod restarts until the pause is lifted.
 */
final class Rollouts {
  private final EventRecorder events;

  Rollouts(EventRecorder events) {
    this.events = events;
  }

  /** The plan and the hold it implies; holds the model's template when the roll is paused. */
  record Planned(PendingChanges pending, Observed.Hold hold) {}

  Planned plan(
      Context<OrbitCluster> context,
      OrbitCluster c,
      StatefulSet sts,
      Collection<Pod> pods,
      ClusterModel model) {
    boolean paused = c.getSpec().rolloutPaused();
    var previous = c.getStatus() == null ? null : c.getStatus().getPendingChanges();
    PendingChanges pending =
        RolloutPlan.of(
            sts,
            pods,
            model.podTemplate(),
            runningConfig(context, c, sts),
            model.nodeConfig(),
            paused,
            previous);
    boolean held = pending != null && Boolean.TRUE.equals(pending.getHeld());
    if (held) {
      model.holdingTemplate(sts.getSpec().getTemplate());
    }
    record(context, c, previous, pending);
    return new Planned(pending, held ? Observed.Hold.ROLLOUT_PAUSED : Observed.Hold.NONE);
  }

  /** The orbit.yaml of the revision the StatefulSet runs, from its ConfigMap; null if unknown. */
  private static String runningConfig(
      Context<OrbitCluster> context, OrbitCluster c, StatefulSet sts) {
    if (sts == null || sts.getSpec().getTemplate().getMetadata() == null) {
      return null;
    }
    var annotations = sts.getSpec().getTemplate().getMetadata().getAnnotations();
    String hash = annotations == null ? null : annotations.get(Labels.CONFIG_HASH);
    if (hash == null) {
      return null;
    }
    String name = Names.configMap(c, hash);
    return context
        .getSecondaryResourcesAsStream(ConfigMap.class)
        .filter(cm -> name.equals(cm.getMetadata().getName()))
        .map(cm -> cm.getData() == null ? null : cm.getData().get(NodeConfig.FILE_NAME))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** An event when a new plan appears or a held one is released. */
  private void record(
      Context<OrbitCluster> context, OrbitCluster c, PendingChanges before, PendingChanges now) {
    if (now == null
        || now.getChanges().equals(before == null ? null : before.getChanges())
            && Objects.equals(now.getHeld(), before.getHeld())) {
      return;
    }
    boolean held = Boolean.TRUE.equals(now.getHeld());
    String pods = now.getRestarts().isEmpty() ? "no pod yet" : String.join(", ", now.getRestarts());
    events.record(
        context.getClient(),
        c,
        EventRecorder.NORMAL,
        held ? "RolloutHeld" : "RollingUpdate",
        (held ? "Held by spec.rollout.paused: " : "Rolling: ")
            + pods
            + " restart in this order for: "
            + String.join("; ", now.getChanges()));
  }
}
