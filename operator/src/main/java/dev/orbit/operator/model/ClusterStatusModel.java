package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.NodeStatus;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.OrbitClusterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Computes the status of a cluster from what the informers see (the StatefulSet and its pods) and
 * what the reconciler found. Ready only when every replica of the current revision is ready; its
 * reason is the one thing a user should look at first (the {@code Reason} printer column).
 */
public final class ClusterStatusModel {
  public static final String UNKNOWN_FIELDS = "UnknownFields";
  public static final String PAUSED = "Paused";

  /** The annotation that stops reconciliation of a cluster ({@code paused}). */
  public static final String PAUSE_ANNOTATION = "orbit.dev/reconcile";

  private ClusterStatusModel() {}

  /** As {@link #compute(OrbitCluster, Observed)}, with no unknown fields and the default bound. */
  public static OrbitClusterStatus compute(
      OrbitCluster cluster,
      ClusterModel model,
      StatefulSet sts,
      Collection<Pod> pods,
      Problem problem,
      String now) {
    return compute(
        cluster,
        new Observed(
            model, sts, pods, problem, List.of(), Instant.parse(now), Observed.FAILING_AFTER));
  }

  /**
   * The status; {@code cluster} is the cluster as read (its previous status supplies transition
   * times).
   */
  public static OrbitClusterStatus compute(OrbitCluster cluster, Observed o) {
    var previous = cluster.getStatus() == null ? new OrbitClusterStatus() : cluster.getStatus();
    List<Condition> before = previous.getConditions();
    Long generation = cluster.getMetadata().getGeneration();
    String now = o.now().truncatedTo(ChronoUnit.SECONDS).toString();
    boolean hibernating = cluster.getSpec().hibernating();
    int desired =
        hibernating
            ? 0
            : cluster.getSpec().getReplicas() == null ? 1 : cluster.getSpec().getReplicas();
    // a held roll or paused reconciliation keeps the running template on purpose
    boolean current = o.hold() != Observed.Hold.NONE || templateCurrent(o.model(), o.sts());
    var rollout = Rollout.of(o.sts(), o.pods(), desired, current);
    var failing = NodeHealth.failing(o.pods(), o.now(), o.failingAfter());
    Problem degraded = o.problem() != null ? o.problem() : NodeHealth.problem(failing);

    var status = new OrbitClusterStatus();
    status.setObservedGeneration(generation);
    status.setReplicas(rollout.replicas);
    status.setReadyReplicas(rollout.readyReplicas);
    status.setNodes(nodes(o.pods()));
    status.setLeader(leader(o.pods()).orElse(previous.getLeader()));
    status.setPendingChanges(o.pending());
    boolean usesModel = o.model() != null && o.hold() != Observed.Hold.RECONCILE_PAUSED;
    status.setEndpoints(usesModel ? o.model().endpoints() : previous.getEndpoints());
    status.setImage(usesModel ? o.model().image() : previous.getImage());
    status.setConfigHash(
        usesModel && !o.model().holdsTemplate()
            ? o.model().configHash()
            : o.sts() != null ? runningHash(o.sts()) : previous.getConfigHash());
    var summary = Summary.of(o, rollout, failing, degraded, hibernating, desired);
    status.setConditions(
        Conditions.list(
            Conditions.of(
                before,
                Conditions.READY,
                summary.ready(),
                summary.reason(),
                summary.message(),
                generation,
                now),
            Conditions.of(
                before,
                Conditions.PROGRESSING,
                summary.progressing(),
                summary.progressReason(),
                summary.progressMessage(),
                generation,
                now),
            Conditions.of(
                before,
                Conditions.DEGRADED,
                degraded != null,
                degraded == null ? "AsExpected" : degraded.reason(),
                degraded == null ? "The cluster is reconciled" : degraded.message(),
                generation,
                now),
            Conditions.of(
                before,
                PAUSED,
                o.hold() != Observed.Hold.NONE,
                switch (o.hold()) {
                  case RECONCILE_PAUSED -> "ReconcilePaused";
                  case ROLLOUT_PAUSED -> "RolloutPaused";
                  case NONE -> "NotPaused";
                },
                switch (o.hold()) {
                  case RECONCILE_PAUSED ->
                      "The annotation " + PAUSE_ANNOTATION + ": paused stops reconciliation";
                  case ROLLOUT_PAUSED ->
                      "spec.rollout.paused holds a planned roll (see status.pendingChanges)";
                  case NONE -> "Reconciling";
                },
                generation,
                now),
            unknownFields(before, o, generation, now),
            faultTolerant(before, cluster, generation, now)));
    return status;
  }

  /**
   * Whether the cluster keeps accepting writes after losing a member: a Raft group needs a
   * majority, so 2 members tolerate no loss (like 1) and 3 tolerate one.
   */
  private static Condition faultTolerant(
      List<Condition> before, OrbitCluster cluster, Long generation, String now) {
    int members = Members.count(cluster);
    int tolerated = (members - 1) / 2;
    String message =
        switch (members) {
          case 1 -> "One member: losing it stops the cluster; use replicas: 3 to survive a loss";
          case 2 ->
              "2 members tolerate no failure (a write needs both: a majority of 2 is 2); use"
                  + " replicas: 3 to survive the loss of one";
          default ->
              members
                  + " members: the cluster keeps writing after losing "
                  + tolerated
                  + (tolerated == 1 ? " member" : " members");
        };
    return Conditions.of(
        before,
        Conditions.FAULT_TOLERANT,
        tolerated > 0,
        members == 1 ? "SingleMember" : tolerated > 0 ? "MajorityAfterLoss" : "TwoMembers",
        message,
        generation,
        now);
  }

  /** The pod labelled primary (the replication leader), when exactly one is. */
  static java.util.Optional<String> leader(Collection<Pod> pods) {
    var primaries =
        pods.stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .filter(p -> Labels.ROLE_PRIMARY.equals(roleLabel(p)))
            .map(p -> p.getMetadata().getName())
            .toList();
    return primaries.size() == 1
        ? java.util.Optional.of(primaries.get(0))
        : java.util.Optional.empty();
  }

  private static String roleLabel(Pod p) {
    var labels = p.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.ROLE);
  }

  private static Condition unknownFields(
      List<Condition> before, Observed o, Long generation, String now) {
    return Conditions.of(
        before,
        UNKNOWN_FIELDS,
        !o.unknownFields().isEmpty(),
        o.unknownFields().isEmpty() ? "NoneFound" : "FieldsIgnored",
        o.unknownFields().isEmpty()
            ? "Every field of the manifest is known"
            : "Ignored fields this operator does not know: " + String.join(", ", o.unknownFields()),
        generation,
        now);
  }

  private static String runningHash(StatefulSet sts) {
    var meta = sts.getSpec().getTemplate().getMetadata();
    return meta == null || meta.getAnnotations() == null
        ? null
        : meta.getAnnotations().get(Labels.CONFIG_HASH);
  }

  /** Ready and Progressing as a user reads them: the reason names what to look at first. */
  private record Summary(
      boolean ready,
      String reason,
      String message,
      boolean progressing,
      String progressReason,
      String progressMessage) {
    static Summary of(
        Observed o,
        Rollout rollout,
        List<NodeHealth.Failing> failing,
        Problem degraded,
        boolean hibernating,
        int desired) {
      String counts =
          rollout.readyReplicas + "/" + desired + " replicas of the current revision ready";
      if (o.hold() == Observed.Hold.RECONCILE_PAUSED) {
        return new Summary(
            rollout.ready && failing.isEmpty(),
            "ReconcilePaused",
            counts + "; reconciliation is paused (" + PAUSE_ANNOTATION + ")",
            false,
            "ReconcilePaused",
            "Nothing changes while reconciliation is paused");
      }
      if (hibernating) {
        boolean stopped = rollout.replicas == 0;
        return new Summary(
            false,
            "Hibernating",
            stopped
                ? "Every pod is stopped and the volumes are kept; set spec.hibernate: false to"
                    + " resume"
                : "Stopping the pods; the volumes are kept",
            !stopped,
            "Hibernating",
            stopped ? "Hibernating" : "Stopping the pods");
      }
      boolean ready = rollout.ready && failing.isEmpty();
      boolean held = o.pending() != null && Boolean.TRUE.equals(o.pending().getHeld());
      String reason =
          degraded != null
              ? degraded.reason()
              : held ? "RolloutPaused" : ready ? "AllReplicasReady" : rollout.phase;
      String message = counts + (degraded == null ? "" : "; " + degraded.message());
      if (held && degraded == null) {
        message += "; a roll is held by spec.rollout.paused (see status.pendingChanges)";
      }
      boolean progressing = !ready && failing.isEmpty();
      return new Summary(
          ready,
          reason,
          message,
          progressing,
          progressing
              ? rollout.phase
              : held ? "RolloutPaused" : ready ? "RolloutComplete" : Problem.NODE_FAILING,
          progressing
              ? rollout.phase + " in progress"
              : held
                  ? "A planned roll waits for spec.rollout.paused: false"
                  : ready ? "Nothing to roll out" : "Stopped: a node is failing (see Degraded)");
    }
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
                    roleLabel(p) != null
                        ? roleLabel(p)
                        : Labels.roleOf(Names.ordinalOf(p.getMetadata().getName()))))
        .toList();
  }

  /** Whether a pod reports condition Ready=True. */
  public static boolean podReady(Pod pod) {
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
