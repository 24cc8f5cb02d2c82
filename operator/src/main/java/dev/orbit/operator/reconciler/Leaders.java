package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.backup.BackupNodeClient;
import dev.orbit.operator.model.NodeReplication;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.Map;
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

  /**
   * The leader, how far behind its leaders each pod that answered is, and per pod that archives the
   * log the errors of its last archive passes.
   */
  record Observation(
      Optional<String> leader,
      Map<String, NodeReplication> replication,
      Map<String, Map<String, String>> archive) {}

  Observation observe(KubernetesClient client, OrbitCluster c, Collection<Pod> pods) {
    var nodes =
        BackupNodeClient.of(client, c.getMetadata().getNamespace(), c.getMetadata().getName());
    var report = tracker.observe(nodes, pods);
    var leader = report.leader();
    if (leader.isPresent() && !report.aligned()) {
      tracker.align(nodes, pods, report, leader.get());
    }
    return new Observation(leader, report.replication(), report.archive());
  }
}
