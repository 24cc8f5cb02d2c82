package dev.orbit.operator.backup;

import dev.orbit.operator.api.v1alpha1.BackupPhase;
import dev.orbit.operator.api.v1alpha1.ClusterBackupSpec;
import dev.orbit.operator.api.v1alpha1.ClusterBackupStatus;
import dev.orbit.operator.api.v1alpha1.OrbitBackup;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.BackupPodModel;
import dev.orbit.operator.model.BackupSchedule;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.model.RetentionPlan;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster side of backups, run by the cluster reconciler: scheduled OrbitBackups (a missed slot
 * runs once), retention (deletes the backup's files in the target through a node, then its
 * OrbitBackup), and scheduled verification of the newest backup (condition {@code BackupVerified}).
 */
public final class ClusterBackups {
  public static final String BACKUP_VERIFIED = "BackupVerified";
  public static final String SCHEDULED = "orbit.dev/scheduled";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBackups.class);
  private static final DateTimeFormatter SLOT =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);
  static final Duration RECHECK = Duration.ofSeconds(3);
  static final Duration RESTORE_RECHECK = Duration.ofSeconds(5);

  private final NodeEndpoints endpoints;
  private final Clock clock;

  private final ScheduledVerification verification;

  public ClusterBackups(NodeEndpoints endpoints, Clock clock) {
    this.endpoints = endpoints;
    this.clock = clock;
    this.verification = new ScheduledVerification(endpoints);
  }

  /** New backup status, BackupVerified (null: keep the previous one) and when to look again. */
  public record Outcome(ClusterBackupStatus status, Condition verified, Duration wakeAfter) {}

  public Outcome reconcile(KubernetesClient client, OrbitCluster c, Collection<Pod> pods) {
    var prev = c.getStatus() == null ? null : c.getStatus().getBackup();
    var s = copy(prev);
    s.restore = RestoreProgress.of(c, pods, pod -> restoreLog(client, pod));
    // a restore's progress changes no Kubernetes object: look at its log again soon
    Duration restoring = RestoreProgress.running(s.restore) ? RESTORE_RECHECK : null;
    ClusterBackupSpec spec = c.getSpec().getBackup();
    if (spec == null) {
      return new Outcome(s, null, restoring);
    }
    Instant now = clock.instant();
    Instant created = Instant.parse(c.getMetadata().getCreationTimestamp());
    List<Duration> wakes = new ArrayList<>();
    if (restoring != null) {
      wakes.add(restoring);
    }
    if (spec.schedule != null) {
      BackupSchedule sched = BackupSchedule.parse(spec.schedule);
      Instant last = s.lastScheduleTime == null ? created : Instant.parse(s.lastScheduleTime);
      Optional<Instant> due = sched.due(last, now);
      if (due.isPresent()) {
        createScheduled(client, c, due.get());
        s.lastScheduleTime = due.get().toString();
      }
      sched.next(now).ifPresent(n -> wakes.add(Duration.between(now, n).plusMillis(50)));
    }
    List<OrbitBackup> backups = backupsOf(client, c);
    Optional<Pod> pod = NodePods.forBackup(new ArrayList<>(pods));
    if (spec.retention != null && retain(client, c, backups, pod, now)) {
      wakes.add(RECHECK);
    }
    Condition verified = null;
    if (spec.verify != null) {
      BackupNodeClient nodes =
          BackupNodeClient.of(client, c.getMetadata().getNamespace(), c.getMetadata().getName());
      verified = verification.run(nodes, c, s, backups, pods, pod, now, created, wakes);
    }
    Duration wake = wakes.stream().min(Comparator.naturalOrder()).orElse(null);
    return new Outcome(s, verified, wake);
  }

  /** The last lines of a pod's restore init container (it prints its progress every 5%). */
  private static String restoreLog(KubernetesClient client, Pod pod) {
    try {
      return client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .inContainer(BackupPodModel.RESTORE_CONTAINER)
          .tailingLines(5)
          .getLog();
    } catch (RuntimeException e) {
      LOG.debug("no restore log of pod {}: {}", pod.getMetadata().getName(), e.toString());
      return null; // the status shows Running without a percentage
    }
  }

  private void createScheduled(KubernetesClient client, OrbitCluster c, Instant slot) {
    String name = c.getMetadata().getName() + "-" + SLOT.format(slot);
    var b = new OrbitBackup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(c.getMetadata().getNamespace());
    b.getMetadata().setLabels(Map.of(Labels.CLUSTER, c.getMetadata().getName(), SCHEDULED, "true"));
    b.getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion(c.getApiVersion())
                    .withKind(c.getKind())
                    .withName(c.getMetadata().getName())
                    .withUid(c.getMetadata().getUid())
                    .build()));
    b.getSpec().cluster = c.getMetadata().getName();
    var r = client.resources(OrbitBackup.class).inNamespace(c.getMetadata().getNamespace());
    if (r.withName(name).get() == null) {
      r.resource(b).create();
      LOG.info("scheduled backup {}/{}", c.getMetadata().getNamespace(), name);
    }
  }

  static List<OrbitBackup> backupsOf(KubernetesClient client, OrbitCluster c) {
    return client
        .resources(OrbitBackup.class)
        .inNamespace(c.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(b -> c.getMetadata().getName().equals(b.getSpec().cluster))
        // a backup sent elsewhere (spec.target) is not the cluster's to keep, prune or verify
        .filter(b -> b.getSpec().target == null)
        .toList();
  }

  /** Deletes what retention says; true when some deletion has to wait for a ready node. */
  private boolean retain(
      KubernetesClient client,
      OrbitCluster c,
      List<OrbitBackup> backups,
      Optional<Pod> pod,
      Instant now) {
    var completed = new ArrayList<RetentionPlan.Completed>();
    for (OrbitBackup b : backups) {
      if (b.getStatus() != null
          && b.getStatus().phase == BackupPhase.COMPLETED
          && b.getStatus().completedAt != null) {
        completed.add(
            new RetentionPlan.Completed(
                b.getMetadata().getName(), Instant.parse(b.getStatus().completedAt)));
      }
    }
    List<String> doomed = RetentionPlan.toDelete(c.getSpec().getBackup().retention, completed, now);
    if (doomed.isEmpty()) {
      return false;
    }
    URI admin = pod.map(endpoints::admin).orElse(null);
    if (admin == null) {
      return true;
    }
    BackupNodeClient nodes =
        BackupNodeClient.of(client, c.getMetadata().getNamespace(), c.getMetadata().getName());
    for (OrbitBackup b : backups) {
      if (!doomed.contains(b.getMetadata().getName())) {
        continue;
      }
      try {
        var a = nodes.delete(admin, b.getStatus().backupId, b.getStatus().target);
        if (a.status() != 200 && !a.error().contains("no backup")) {
          LOG.warn("retention: cannot delete {}: {}", b.getMetadata().getName(), a.error());
          continue;
        }
      } catch (IOException e) {
        LOG.warn("retention: node unreachable: {}", e.toString());
        return true;
      }
      client.resource(b).delete();
      LOG.info(
          "retention deleted backup {}/{}",
          b.getMetadata().getNamespace(),
          b.getMetadata().getName());
    }
    return false;
  }

  private static ClusterBackupStatus copy(ClusterBackupStatus p) {
    var s = new ClusterBackupStatus();
    if (p != null) {
      s.lastScheduleTime = p.lastScheduleTime;
      s.lastVerifyTime = p.lastVerifyTime;
      s.lastVerifiedBackup = p.lastVerifiedBackup;
      s.verifying = p.verifying;
      s.restore = p.restore;
    }
    return s;
  }
}
