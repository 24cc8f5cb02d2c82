package dev.orbit.operator.backup;

import dev.orbit.operator.api.v1alpha1.BackupPhase;
import dev.orbit.operator.api.v1alpha1.ClusterBackupStatus;
import dev.orbit.operator.api.v1alpha1.OrbitBackup;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.BackupSchedule;
import dev.orbit.operator.model.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Verification of a cluster's newest completed backup on {@code spec.backup.verify.schedule}: a
 * node restores it into a scratch folder and checks it; the outcome is condition {@code
 * BackupVerified}. The verification in flight is kept in {@code status.backup.verifying}.
 */
final class ScheduledVerification {
  private final NodeEndpoints endpoints;

  ScheduledVerification(NodeEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  /** The new BackupVerified condition, or null to keep the previous one. */
  Condition run(
      BackupNodeClient nodes,
      OrbitCluster c,
      ClusterBackupStatus s,
      List<OrbitBackup> backups,
      Collection<Pod> pods,
      Optional<Pod> pod,
      Instant now,
      Instant created,
      List<Duration> wakes) {
    var before = c.getStatus() == null ? null : c.getStatus().getConditions();
    Long gen = c.getMetadata().getGeneration();
    String nowText = now.truncatedTo(ChronoUnit.SECONDS).toString();
    if (s.verifying != null) {
      return pollVerification(nodes, s, pods, before, gen, nowText, wakes);
    }
    BackupSchedule sched = BackupSchedule.parse(c.getSpec().getBackup().verify.schedule);
    sched.next(now).ifPresent(n -> wakes.add(Duration.between(now, n).plusMillis(50)));
    Instant last = s.lastVerifyTime == null ? created : Instant.parse(s.lastVerifyTime);
    Optional<Instant> due = sched.due(last, now);
    if (due.isEmpty()) {
      return null;
    }
    Optional<OrbitBackup> newest =
        backups.stream()
            .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.COMPLETED)
            .max(Comparator.comparing(b -> b.getStatus().completedAt));
    if (newest.isEmpty()) {
      s.lastVerifyTime = due.get().toString();
      return Conditions.of(
          before,
          ClusterBackups.BACKUP_VERIFIED,
          false,
          "NoBackup",
          "no completed backup to verify",
          gen,
          nowText);
    }
    URI admin = pod.map(endpoints::admin).orElse(null);
    if (admin == null) {
      wakes.add(ClusterBackups.RECHECK);
      return null;
    }
    try {
      var a =
          nodes.startVerify(
              admin, newest.get().getStatus().target, newest.get().getStatus().backupId);
      if (a.status() == 409) {
        wakes.add(ClusterBackups.RECHECK);
        return null;
      }
      s.lastVerifyTime = due.get().toString();
      if (a.status() != 202) {
        return Conditions.of(
            before,
            ClusterBackups.BACKUP_VERIFIED,
            false,
            "VerificationFailed",
            a.error(),
            gen,
            nowText);
      }
      s.verifying = a.body().path("id").asText() + "@" + pod.get().getMetadata().getName();
      wakes.add(ClusterBackups.RECHECK);
      return null;
    } catch (IOException e) {
      wakes.add(ClusterBackups.RECHECK);
      return null;
    }
  }

  private Condition pollVerification(
      BackupNodeClient nodes,
      ClusterBackupStatus s,
      Collection<Pod> pods,
      List<Condition> before,
      Long gen,
      String now,
      List<Duration> wakes) {
    String vid = s.verifying.substring(0, s.verifying.indexOf('@'));
    String podName = s.verifying.substring(s.verifying.indexOf('@') + 1);
    Pod pod = null;
    for (Pod p : pods) {
      pod = p.getMetadata().getName().equals(podName) ? p : pod;
    }
    URI admin = pod == null ? null : endpoints.admin(pod);
    try {
      var a = admin == null ? null : nodes.verification(admin, vid);
      if (a == null || a.status() == 404) {
        s.verifying = null;
        return Conditions.of(
            before,
            ClusterBackups.BACKUP_VERIFIED,
            false,
            "VerificationInterrupted",
            "node "
                + podName
                + " restarted during the verification; it runs again at the next slot",
            gen,
            now);
      }
      String phase = a.body().path("phase").asText();
      if (phase.equals("RUNNING")) {
        wakes.add(ClusterBackups.RECHECK);
        return null;
      }
      s.verifying = null;
      String id = a.body().path("backupId").asText();
      if (phase.equals("COMPLETED")) {
        s.lastVerifiedBackup = id;
        return Conditions.of(
            before,
            ClusterBackups.BACKUP_VERIFIED,
            true,
            "Verified",
            "backup "
                + id
                + " restored, "
                + a.body().path("databases").asInt()
                + " databases checksummed, records "
                + a.body().path("records")
                + " match the manifest",
            gen,
            now);
      }
      return Conditions.of(
          before,
          ClusterBackups.BACKUP_VERIFIED,
          false,
          "VerificationFailed",
          "backup " + id + ": " + a.body().path("error").asText(),
          gen,
          now);
    } catch (IOException e) {
      wakes.add(ClusterBackups.RECHECK);
      return null;
    }
  }
}
