package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.NodeStatus;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.OrbitClusterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Computes the status of a cluster from what the informers see: the StatefulSet and its pods. Ready
 * only when every replica of the current revision is ready.
 */
public final class ClusterStatusModel {
  private ClusterStatusModel() {}

  /**
   * @param cluster the cluster as read (its previous status supplies transition times)
   * @param model the desired objects; null when the spec is invalid
   * @param sts the StatefulSet as observed; null when absent
   * @param pods the node pods as observed
   * @param problem why the cluster is degraded; null when it is not
   * @param now the current time, RFC 3339
   */
  public static OrbitClusterStatus compute(
      OrbitCluster cluster,
      ClusterModel model,
      StatefulSet sts,
      Collection<Pod> pods,
      Problem problem,
      String now) {
    var previous = cluster.getStatus() == null ? new OrbitClusterStatus() : cluster.getStatus();
    List<Condition> before = previous.getConditions();
    Long generation = cluster.getMetadata().getGeneration();
    int desired = cluster.getSpec().getReplicas() == null ? 1 : cluster.getSpec().getReplicas();
    var rollout = Rollout.of(sts, pods, desired, templateCurrent(model, sts));

    var status = new OrbitClusterStatus();
    status.setObservedGeneration(generation);
    status.setReplicas(rollout.replicas);
    status.setReadyReplicas(rollout.readyReplicas);
    status.setNodes(nodes(pods));
    if (model != null) {
      status.setEndpoints(model.endpoints());
      status.setImage(model.image());
      status.setConfigHash(model.configHash());
    } else {
      status.setEndpoints(previous.getEndpoints());
      status.setImage(previous.getImage());
      status.setConfigHash(previous.getConfigHash());
    }
    status.setConditions(
        Conditions.list(
            Conditions.of(
                before,
                Conditions.READY,
                rollout.ready,
                rollout.ready ? "AllReplicasReady" : "ReplicasNotReady",
                rollout.readyReplicas + "/" + desired + " replicas of the current revision ready",
                generation,
                now),
            Conditions.of(
                before,
                Conditions.PROGRESSING,
                !rollout.ready,
                rollout.ready ? "RolloutComplete" : rollout.phase,
                rollout.ready ? "Nothing to roll out" : rollout.phase + " in progress",
                generation,
                now),
            Conditions.of(
                before,
                Conditions.DEGRADED,
                problem != null,
                problem == null ? "AsExpected" : problem.reason(),
                problem == null ? "The cluster is reconciled" : problem.message(),
                generation,
                now)));
    return status;
  }

  /**
   * Whether the observed StatefulSet already carries the desired config hash and image. Right after
   * a spec change the StatefulSet read from the cache still has the old template and a status of
   * "all ready"; without this check the cluster would report Ready for the new config before any
   * pod rolled.
   */
  static boolean templateCurrent(ClusterModel model, StatefulSet sts) {
    if (model == null || sts == null) {
      return true;
    }
    var template = sts.getSpec().getTemplate();
    var annotations =
        template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
    String hash = annotations == null ? null : annotations.get(Labels.CONFIG_HASH);
    var containers = template.getSpec() == null ? null : template.getSpec().getContainers();
    String image = containers == null || containers.isEmpty() ? null : containers.get(0).getImage();
    return model.configHash().equals(hash) && model.image().equals(image);
  }

  private static List<NodeStatus> nodes(Collection<Pod> pods) {
    return pods.stream()
        .sorted(Comparator.comparingInt(p -> Names.ordinalOf(p.getMetadata().getName())))
        .map(
            p ->
                new NodeStatus(
                    p.getMetadata().getName(),
                    podReady(p),
                    Labels.roleOf(Names.ordinalOf(p.getMetadata().getName()))))
        .toList();
  }

  static boolean podReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Progress of the StatefulSet towards the desired revision and replica count. */
  private record Rollout(boolean ready, String phase, int replicas, int readyReplicas) {
    static Rollout of(StatefulSet sts, Collection<Pod> pods, int desired, boolean templateCurrent) {
      if (sts == null) {
        return new Rollout(false, "Creating", 0, 0);
      }
      StatefulSetStatus s = sts.getStatus() == null ? new StatefulSetStatus() : sts.getStatus();
      int replicas = orZero(s.getReplicas());
      String revision = s.getUpdateRevision();
      // Pods of the current revision that are ready; the hash label is set by the StatefulSet.
      int readyPods =
          (int)
              pods.stream()
                  .filter(ClusterStatusModel::podReady)
                  .filter(
                      p ->
                          revision != null
                              && revision.equals(
                                  p.getMetadata().getLabels() == null
                                      ? null
                                      : p.getMetadata()
                                          .getLabels()
                                          .get("controller-revision-hash")))
                  .count();
      boolean observed =
          s.getObservedGeneration() != null
              && s.getObservedGeneration() >= orZero(sts.getMetadata().getGeneration());
      boolean onRevision =
          templateCurrent
              && revision != null
              && Objects.equals(revision, s.getCurrentRevision())
              && orZero(s.getUpdatedReplicas()) == desired;
      boolean ready =
          observed
              && onRevision
              && replicas == desired
              && orZero(s.getReadyReplicas()) == desired
              && readyPods == desired;
      String phase;
      if (!observed || revision == null) {
        phase = "Creating";
      } else if (replicas != desired) {
        phase = "Scaling";
      } else if (!onRevision) {
        phase = "RollingUpdate";
      } else {
        phase = "WaitingForPods";
      }
      return new Rollout(ready, phase, replicas, Math.min(orZero(s.getReadyReplicas()), readyPods));
    }

    private static int orZero(Number n) {
      return n == null ? 0 : n.intValue();
    }
  }
}
