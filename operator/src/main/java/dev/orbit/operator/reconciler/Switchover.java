package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.backup.BackupNodeClient;
import dev.orbit.operator.model.ClusterStatusModel;
import dev.orbit.operator.model.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switchover on request: the annotation {@code orbit.dev/switchover-to: <pod>} on a cluster hands
 * the leadership of every replication group to that pod. The outcome is an event (Normal {@code
 * SwitchedOver}, or a Warning {@code SwitchoverRefused} when the pod is no ready member, {@code
 * SwitchoverFailed} when the leader could not hand over) and the annotation is removed.
 */
final class Switchover {
  static final String ANNOTATION = "orbit.dev/switchover-to";
  private static final Logger LOG = LoggerFactory.getLogger(Switchover.class);

  private final LeaderTracker tracker;
  private final EventRecorder events;

  Switchover(LeaderTracker tracker, EventRecorder events) {
    this.tracker = tracker;
    this.events = events;
  }

  static String requested(OrbitCluster c) {
    var annotations = c.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }

  /**
   * Acts on the annotation if set; waits (keeps it) while no node reports a leader. {@code members}
   * is how many ordinals the groups count as members.
   */
  void apply(
      KubernetesClient client,
      OrbitCluster c,
      Collection<Pod> pods,
      Optional<String> leader,
      int members) {
    String to = requested(c);
    if (to == null || leader.isEmpty()) {
      return;
    }
    var running = LeaderTracker.running(pods);
    Pod target = find(running, to);
    if (target == null || !ClusterStatusModel.podReady(target) || Names.ordinalOf(to) >= members) {
      warn(client, c, "SwitchoverRefused", to + " is not a ready member of the replication groups");
    } else if (to.equals(leader.get())) {
      done(client, c, "SwitchedOver", to + " already leads");
    } else {
      Pod from = find(running, leader.get());
      var nodes =
          BackupNodeClient.of(client, c.getMetadata().getNamespace(), c.getMetadata().getName());
      if (from != null && tracker.transfer(nodes, from, to)) {
        done(client, c, "SwitchedOver", leader.get() + " handed the leadership to " + to);
      } else {
        warn(
            client,
            c,
            "SwitchoverFailed",
            leader.get() + " could not hand the leadership to " + to + " (see the operator log)");
      }
    }
    remove(client, c);
  }

  private void done(KubernetesClient client, OrbitCluster c, String reason, String message) {
    events.record(client, c, EventRecorder.NORMAL, reason, message);
  }

  private void warn(KubernetesClient client, OrbitCluster c, String reason, String message) {
    events.record(client, c, EventRecorder.WARNING, reason, message);
  }

  /** Removes the annotation (a merge patch of metadata only: the spec is never written). */
  private static void remove(KubernetesClient client, OrbitCluster c) {
    String patch = "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":null}}}";
    try {
      client
          .resources(OrbitCluster.class)
          .inNamespace(c.getMetadata().getNamespace())
          .withName(c.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      LOG.warn("annotation {} not removed from {}", ANNOTATION, c.getMetadata().getName(), e);
    }
  }

  private static Pod find(Collection<Pod> running, String name) {
    return running.stream()
        .filter(p -> name.equals(p.getMetadata().getName()))
        .findFirst()
        .orElse(null);
  }
}
