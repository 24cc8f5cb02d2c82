package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a cluster are worth a reconcile: a new generation (a spec change), or the pause
 * or switchover annotation set or removed (metadata only, so no new generation). Status writes, our
 * own included, are not.
 */
public class SpecOrPauseChanged implements OnUpdateFilter<OrbitCluster> {
  @Override
  public boolean accept(OrbitCluster newResource, OrbitCluster oldResource) {
    return !Objects.equals(
            newResource.getMetadata().getGeneration(), oldResource.getMetadata().getGeneration())
        || OrbitClusterReconciler.reconcilePaused(newResource)
            != OrbitClusterReconciler.reconcilePaused(oldResource)
        || !Objects.equals(Switchover.requested(newResource), Switchover.requested(oldResource))
        || newResource.getMetadata().getDeletionTimestamp() != null;
  }
}
