package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.OrbitClusterStatus;
import dev.orbit.operator.api.v1alpha1.PendingChanges;
import dev.orbit.operator.backup.BackupStatusMerge;
import dev.orbit.operator.backup.ClusterBackups;
import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.ClusterStatusModel;
import dev.orbit.operator.model.Conditions;
import dev.orbit.operator.model.ContinuousArchiving;
import dev.orbit.operator.model.NodeHealth;
import dev.orbit.operator.model.NodeReplication;
import dev.orbit.operator.model.Observed;
import dev.orbit.operator.model.Problem;
import dev.orbit.operator.model.UnknownFields;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a cluster's status from what was observed (only when it changed) and records the Warning
 * events a change deserves: a new problem (Degraded), fields the operator ignores. Asks to be
 * called again when a pod that is not ready would count as failing later.
 */
final class StatusReporter {
  private final EventRecorder events;
  private final Clock clock;
  private final Duration failingAfter;

  /**
   * The leader this operator last reported per cluster uid. The status a reconcile reads may lag
   * the operator's own last status patch (the informer's cache), so "previous leader" comes from
   * here first: otherwise a failover's event could name no previous leader, or be recorded twice.
   * Bounded: the oldest entries go first (a deleted cluster's entry is never needed again).
   */
  private final Map<String, String> lastLeader =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > 10_000;
            }
          });

  StatusReporter(EventRecorder events, Clock clock, Duration failingAfter) {
    this.events = events;
    this.clock = clock;
    this.failingAfter = failingAfter;
  }

  /**
   * What a reconcile found: the model (null when the spec is invalid), the problem, the backup
   * outcome (null: keep the previous status' backup part), what holds the operator back, the
   * planned roll, how far behind its leaders each pod that answered is and the errors of the
   * archive passes of the pods that archive the log (null: the nodes were not asked; keep what the
   * previous status said).
   */
  record Found(
      ClusterModel model,
      Problem problem,
      ClusterBackups.Outcome backup,
      Observed.Hold hold,
      PendingChanges pending,
      Map<String, NodeReplication> replication,
      Map<String, Map<String, String>> archive) {
    static Found of(ClusterModel model, Problem problem) {
      return new Found(model, problem, null, Observed.Hold.NONE, null, null, null);
    }
  }

  /** The status to write, with the backup part merged in. */
  OrbitClusterStatus status(Context<OrbitCluster> context, OrbitCluster c, Found found) {
    var observed =
        new Observed(
            found.model(),
            context.getSecondaryResource(StatefulSet.class).orElse(null),
            context.getSecondaryResources(Pod.class),
            found.problem(),
            UnknownFields.of(c),
            clock.instant(),
            failingAfter,
            found.hold(),
            found.pending());
    var backup = found.backup();
    var status = ClusterStatusModel.compute(c, observed);
    status.setNodes(
        found.replication() != null
            ? NodeReplication.apply(status.getNodes(), found.replication())
            : NodeReplication.carryOver(
                status.getNodes(), c.getStatus() == null ? null : c.getStatus().getNodes()));
    BackupStatusMerge.apply(c.getStatus(), status, backup);
    withArchiving(c, status, found.archive());
    recordChanges(context, c, status);
    return status;
  }

  /** As {@link #report(Context, OrbitCluster, Found)}, for a model and a problem alone. */
  UpdateControl<OrbitCluster> report(
      Context<OrbitCluster> context, OrbitCluster c, ClusterModel model, Problem problem) {
    return report(context, c, Found.of(model, problem));
  }

  /**
   * Writes the status when it changed, and comes back when a pod may start to count as failing or
   * the backups want to (whichever is first).
   */
  UpdateControl<OrbitCluster> report(Context<OrbitCluster> context, OrbitCluster c, Found found) {
    var status = status(context, c, found);
    var backup = found.backup();
    if (!status.equals(c.getStatus())) {
      StatusWriter.write(context, c, status);
      c.setStatus(status);
    }
    UpdateControl<OrbitCluster> control = UpdateControl.noUpdate();
    var pods = context.getSecondaryResources(Pod.class);
    var now = clock.instant();
    Optional<Duration> wake =
        NodeHealth.nextDeadline(pods, now, failingAfter)
            .map(t -> Duration.between(now, t).plusSeconds(1));
    if (backup != null && backup.wakeAfter() != null) {
      wake =
          Optional.of(
              wake.filter(w -> w.compareTo(backup.wakeAfter()) < 0).orElse(backup.wakeAfter()));
    }
    wake.ifPresent(control::rescheduleAfter);
    return control;
  }

  /** Puts condition ContinuousArchiving into {@code status} (see {@link ContinuousArchiving}). */
  private void withArchiving(
      OrbitCluster c, OrbitClusterStatus status, Map<String, Map<String, String>> archive) {
    List<Condition> before = c.getStatus() == null ? null : c.getStatus().getConditions();
    Condition archiving =
        ContinuousArchiving.condition(
            before,
            c,
            archive,
            c.getMetadata().getGeneration(),
            clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(x -> ContinuousArchiving.TYPE.equals(x.getType()));
    if (archiving != null) {
      conditions.add(archiving);
    }
    status.setConditions(conditions);
  }

  private void recordChanges(Context<OrbitCluster> context, OrbitCluster c, OrbitClusterStatus s) {
    List<Condition> before = c.getStatus() == null ? null : c.getStatus().getConditions();
    String uid = c.getMetadata().getUid();
    String leaderBefore =
        Optional.ofNullable(uid == null ? null : lastLeader.get(uid))
            .orElse(c.getStatus() == null ? null : c.getStatus().getLeader());
    if (uid != null && s.getLeader() != null) {
      lastLeader.put(uid, s.getLeader());
    }
    if (s.getLeader() != null && !s.getLeader().equals(leaderBefore)) {
      events.record(
          context.getClient(),
          c,
          EventRecorder.NORMAL,
          "LeaderChanged",
          (leaderBefore == null ? "" : leaderBefore + " -> ")
              + s.getLeader()
              + " leads; the rw Service follows it");
    }
    changed(before, s.getConditions(), Conditions.FAULT_TOLERANT)
        .filter(f -> "TwoMembers".equals(f.getReason()))
        .ifPresent(
            f ->
                events.record(
                    context.getClient(),
                    c,
                    EventRecorder.WARNING,
                    "NotFaultTolerant",
                    f.getMessage()));
    recordArchiving(context, c, before, s.getConditions());
    var degraded = changed(before, s.getConditions(), Conditions.DEGRADED);
    degraded
        .filter(d -> "True".equals(d.getStatus()))
        .ifPresent(
            d ->
                events.record(
                    context.getClient(), c, EventRecorder.WARNING, d.getReason(), d.getMessage()));
    changed(before, s.getConditions(), ClusterStatusModel.UNKNOWN_FIELDS)
        .filter(u -> "True".equals(u.getStatus()))
        .ifPresent(
            u ->
                events.record(
                    context.getClient(),
                    c,
                    EventRecorder.WARNING,
                    ClusterStatusModel.UNKNOWN_FIELDS,
                    u.getMessage()));
  }

  /**
   * A Warning when archiving starts to fail, a Normal event when it works again (not one per pass
   * while it fails: the condition's message has the latest error).
   */
  private void recordArchiving(
      Context<OrbitCluster> context,
      OrbitCluster c,
      List<Condition> before,
      List<Condition> after) {
    var now = Conditions.find(after, ContinuousArchiving.TYPE);
    var was = Conditions.find(before, ContinuousArchiving.TYPE);
    if (now.isEmpty() || was.map(w -> w.getStatus().equals(now.get().getStatus())).orElse(false)) {
      return;
    }
    if ("False".equals(now.get().getStatus())) {
      events.record(
          context.getClient(),
          c,
          EventRecorder.WARNING,
          ContinuousArchiving.FAILING,
          now.get().getMessage());
    } else if (was.isPresent()) {
      events.record(
          context.getClient(),
          c,
          EventRecorder.NORMAL,
          "ContinuousArchivingRecovered",
          "Archiving works again: " + now.get().getMessage());
    }
  }

  /**
   * The new condition when it differs from the old one in status or reason, or in message unless it
   * is NodeFailing (whose message counts restarts: one event per failure, not per restart).
   */
  private static Optional<Condition> changed(
      List<Condition> before, List<Condition> after, String type) {
    var now = Conditions.find(after, type);
    var was = Conditions.find(before, type);
    if (now.isEmpty()) {
      return Optional.empty();
    }
    Condition n = now.get();
    if (was.isEmpty()
        || !Objects.equals(was.get().getStatus(), n.getStatus())
        || !Objects.equals(was.get().getReason(), n.getReason())) {
      return now;
    }
    boolean sameMessage = Objects.equals(was.get().getMessage(), n.getMessage());
    return sameMessage || Problem.NODE_FAILING.equals(n.getReason()) ? Optional.empty() : now;
  }
}
