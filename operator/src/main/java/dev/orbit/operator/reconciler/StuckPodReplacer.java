package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.ClusterStatusModel;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces pods stuck on a revision the StatefulSet has moved away from. A StatefulSet with ordered
 * rolling updates waits for every pod to be ready before it replaces one, so a pod that fails on a
 * bad revision is never replaced, even after the spec is fixed (what Strimzi and CloudNativePG also
 * work around): a pod that is not ready and not on the StatefulSet's update revision is deleted,
 * and the StatefulSet re-creates it from the current template on the same volumes.
 */
final class StuckPodReplacer {
  static final String REVISION = "controller-revision-hash";
  private static final Logger LOG = LoggerFactory.getLogger(StuckPodReplacer.class);

  /** The pods to replace: not ready, and on another revision than the update revision. */
  static List<Pod> stuck(StatefulSet sts, Collection<Pod> pods) {
    if (sts == null || sts.getStatus() == null || sts.getStatus().getUpdateRevision() == null) {
      return List.of();
    }
    String update = sts.getStatus().getUpdateRevision();
    var strategy = sts.getSpec() == null ? null : sts.getSpec().getUpdateStrategy();
    int partition =
        strategy == null
                || strategy.getRollingUpdate() == null
                || strategy.getRollingUpdate().getPartition() == null
            ? 0
            : strategy.getRollingUpdate().getPartition();
    return pods.stream()
        // below the partition a pod stays on its revision by design (a leader-last roll holds
        // the leader there): replacing it would only take another member down, not roll it
        .filter(p -> ordinal(p) >= partition)
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> !ClusterStatusModel.podReady(p))
        .filter(
            p -> {
              var labels = p.getMetadata().getLabels();
              String revision = labels == null ? null : labels.get(REVISION);
              return revision != null && !revision.equals(update);
            })
        .toList();
  }

  private static int ordinal(Pod p) {
    String name = p.getMetadata().getName();
    try {
      return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    } catch (RuntimeException e) {
      return Integer.MAX_VALUE; // not a StatefulSet pod name: no partition applies
    }
  }

  /** Deletes the stuck pods; returns their names. */
  List<String> replace(
      KubernetesClient client,
      EventRecorder events,
      OrbitCluster c,
      StatefulSet sts,
      Collection<Pod> pods) {
    var stuck = stuck(sts, pods);
    for (Pod p : stuck) {
      String message =
          "Replacing pod "
              + p.getMetadata().getName()
              + ": not ready on revision "
              + p.getMetadata().getLabels().get(REVISION)
              + " while the StatefulSet rolls to "
              + sts.getStatus().getUpdateRevision();
      LOG.info("{} namespace={}", message, p.getMetadata().getNamespace());
      client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).delete();
      events.record(client, c, EventRecorder.NORMAL, "StuckPodReplaced", message);
    }
    return stuck.stream().map(p -> p.getMetadata().getName()).toList();
  }
}
