package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.backup.BackupNodeClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.Optional;

/**
 * The leader a cluster's pods are labelled by: the pod leading the most replication groups, with
 * the other groups' leadership handed to it; empty while no node reports a leader.
 */
final class Leaders {
  private final LeaderTracker tracker;

  Leaders(LeaderTracker tracker) {
    this.tracker = tracker;
  }

  Optional<String> leader(KubernetesClient client, OrbitCluster c, Collection<Pod> pods) {
    var nodes =
        BackupNodeClient.of(client, c.getMetadata().getNamespace(), c.getMetadata().getName());
    var report = tracker.observe(nodes, pods);
    var leader = report.leader();
    if (leader.isPresent() && !report.aligned()) {
      tracker.align(nodes, pods, report, leader.get());
    }
    return leader;
  }
}
