package dev.orbit.operator.backup;

import dev.orbit.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The pod a cluster's backups and verifications run on: a ready follower when the cluster has one
 * (role {@code replica}), else the ready primary.
 */
final class NodePods {
  private NodePods() {}

  static List<Pod> of(KubernetesClient client, String ns, String cluster) {
    return client.pods().inNamespace(ns).withLabel(Labels.CLUSTER, cluster).list().getItems();
  }

  static Optional<Pod> forBackup(List<Pod> pods) {
    return pods.stream()
        .filter(NodePods::ready)
        .min(
            Comparator.comparing((Pod p) -> !Labels.ROLE_REPLICA.equals(role(p)))
                .thenComparing(p -> p.getMetadata().getName()));
  }

  static boolean ready(Pod p) {
    return p.getStatus() != null
        && p.getMetadata().getDeletionTimestamp() == null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String role(Pod p) {
    return p.getMetadata().getLabels() == null
        ? null
        : p.getMetadata().getLabels().get(Labels.ROLE);
  }
}
