package dev.orbit.operator.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbit.operator.api.v1alpha1.BackupPhase;
import dev.orbit.operator.api.v1alpha1.OrbitBackup;
import dev.orbit.operator.api.v1alpha1.OrbitBackupStatus;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.BackupTargetChoice;
import dev.orbit.operator.model.Conditions;
import dev.orbit.operator.reconciler.StatusWriter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives an {@link OrbitBackup}: Pending → the node starts the backup → Running (progress polled
 * from the node) → Completed or Failed. A backup whose pod was deleted, replaced or restarted ends
 * Failed with the reason; none stays Running.
 */
@ControllerConfiguration(name = OrbitBackupReconciler.NAME)
public class OrbitBackupReconciler implements Reconciler<OrbitBackup> {
  public static final String NAME = "orbitbackup";
  private static final Logger LOG = LoggerFactory.getLogger(OrbitBackupReconciler.class);
  static final Duration POLL = Duration.ofSeconds(2);
  static final Duration WAIT = Duration.ofSeconds(5);

  private final NodeEndpoints endpoints;
  private final Clock clock;

  public OrbitBackupReconciler(NodeEndpoints endpoints, Clock clock) {
    this.endpoints = endpoints;
    this.clock = clock;
  }

  @Override
  public UpdateControl<OrbitBackup> reconcile(OrbitBackup b, Context<OrbitBackup> context) {
    OrbitBackupStatus s = b.getStatus() == null ? new OrbitBackupStatus() : b.getStatus();
    if (s.phase != null && s.phase.done()) {
      return UpdateControl.noUpdate();
    }
    KubernetesClient client = context.getClient();
    String ns = b.getMetadata().getNamespace();
    UpdateControl<OrbitBackup> control =
        s.phase == null || s.phase == BackupPhase.PENDING
            ? start(b, s, client, ns)
            : poll(b, s, client, ns);
    if (!control.isPatchStatus()) {
      return control;
    }
    // a PUT locked on a fresh read, handed to JOSDK's cache (see StatusWriter)
    StatusWriter.write(context, b, b.getStatus());
    UpdateControl<OrbitBackup> written = UpdateControl.noUpdate();
    return control.getScheduleDelay().map(written::rescheduleAfter).orElse(written);
  }

  private UpdateControl<OrbitBackup> start(
      OrbitBackup b, OrbitBackupStatus s, KubernetesClient client, String ns) {
    OrbitCluster c =
        client.resources(OrbitCluster.class).inNamespace(ns).withName(b.getSpec().cluster).get();
    if (c == null) {
      return fail(b, s, "ClusterNotFound: no OrbitCluster '" + b.getSpec().cluster + "'");
    }
    BackupTargetChoice choice =
        BackupTargetChoice.of(b.getSpec().target, c.getSpec().getBackup(), ns, b.getSpec().cluster);
    s.conditions =
        List.of(
            Conditions.of(
                s.conditions,
                BackupTargetChoice.CONDITION,
                choice.accepted(),
                choice.reason(),
                choice.message(),
                b.getMetadata().getGeneration(),
                now()));
    if (!choice.accepted()) {
      return fail(b, s, choice.reason() + ": " + choice.message());
    }
    String target = choice.uri();
    String unsettled =
        RollState.unsettled(
            c, client.apps().statefulSets().inNamespace(ns).withName(b.getSpec().cluster).get());
    if (unsettled != null) {
      return pending(b, s, unsettled);
    }
    Pod pod = NodePods.forBackup(NodePods.of(client, ns, b.getSpec().cluster)).orElse(null);
    URI admin = pod == null ? null : endpoints.admin(pod);
    if (admin == null) {
      return pending(b, s, "waiting for a ready node of cluster " + b.getSpec().cluster);
    }
    try {
      BackupNodeClient.Answer a =
          BackupNodeClient.of(client, ns, b.getSpec().cluster).startBackup(admin, target);
      if (a.status() == 409) {
        return pending(b, s, a.error());
      }
      if (a.status() != 202) {
        return fail(b, s, a.error());
      }
      s.phase = BackupPhase.RUNNING;
      s.error = null;
      s.backupId = a.body().path("id").asText();
      s.startedAt = a.body().path("startedAt").asText(now());
      s.target = target;
      s.targetSpec = choice.target();
      s.pod = pod.getMetadata().getName();
      s.podUid = pod.getMetadata().getUid();
      progress(s, a.body());
      LOG.info(
          "backup {}/{} started on {} as {}", ns, b.getMetadata().getName(), s.pod, s.backupId);
      b.setStatus(s);
      return UpdateControl.patchStatus(b).rescheduleAfter(POLL);
    } catch (IOException e) {
      return pending(b, s, "cannot reach node " + pod.getMetadata().getName() + ": " + e);
    }
  }

  private UpdateControl<OrbitBackup> poll(
      OrbitBackup b, OrbitBackupStatus s, KubernetesClient client, String ns) {
    Pod pod = client.pods().inNamespace(ns).withName(s.pod).get();
    if (pod == null || !pod.getMetadata().getUid().equals(s.podUid)) {
      return fail(b, s, "PodGone: pod " + s.pod + " was deleted or replaced during the backup");
    }
    URI admin = endpoints.admin(pod);
    BackupNodeClient.Answer a;
    try {
      a =
          admin == null
              ? null
              : BackupNodeClient.of(client, ns, b.getSpec().cluster).progress(admin, s.backupId);
    } catch (IOException e) {
      a = null; // the node is down or restarting: look again; a restarted node answers 404
    }
    if (a == null) {
      return UpdateControl.<OrbitBackup>noUpdate().rescheduleAfter(POLL);
    }
    if (a.status() == 404) {
      return fail(b, s, "NodeRestarted: node " + s.pod + " restarted during the backup");
    }
    JsonNode p = a.body();
    String phase = p.path("phase").asText();
    progress(s, p);
    switch (phase) {
      case "COMPLETED" -> {
        s.phase = BackupPhase.COMPLETED;
        s.completedAt = p.path("completedAt").asText(now());
        s.progress = 100;
        s.sizeBytes = p.path("sizeBytes").asLong();
        s.size = humanSize(s.sizeBytes);
        s.protocols = strings(p.path("protocols"));
        s.tiers = strings(p.path("tiers"));
        s.snapshotAt = p.hasNonNull("snapshotAt") ? p.path("snapshotAt").asText() : null;
        s.logIndex = logIndex(p.path("logIndex"));
        s.member = text(p, "member");
        s.role = text(p, "role");
        s.clusterUid = text(p, "clusterUid");
        LOG.info("backup {}/{} completed: {}", ns, b.getMetadata().getName(), s.size);
      }
      case "FAILED" -> {
        return fail(b, s, p.path("error").asText("the node reported a failure"));
      }
      default -> {}
    }
    b.setStatus(s);
    var control = UpdateControl.patchStatus(b);
    return s.phase == BackupPhase.RUNNING ? control.rescheduleAfter(POLL) : control;
  }

  private static java.util.Map<String, Long> logIndex(JsonNode n) {
    if (!n.isObject() || n.isEmpty()) {
      return null;
    }
    var out = new java.util.TreeMap<String, Long>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  private static String text(JsonNode p, String field) {
    return p.hasNonNull(field) ? p.path(field).asText() : null;
  }

  private static void progress(OrbitBackupStatus s, JsonNode p) {
    s.bytesTotal = p.path("bytesTotal").asLong();
    s.bytesUploaded = p.path("bytesUploaded").asLong();
    s.progress = (int) Math.floor(p.path("percent").asDouble());
  }

  private UpdateControl<OrbitBackup> pending(OrbitBackup b, OrbitBackupStatus s, String why) {
    LOG.info(
        "backup {}/{} pending: {}", b.getMetadata().getNamespace(), b.getMetadata().getName(), why);
    if (s.phase == BackupPhase.PENDING) {
      return UpdateControl.<OrbitBackup>noUpdate().rescheduleAfter(WAIT);
    }
    s.phase = BackupPhase.PENDING;
    b.setStatus(s);
    return UpdateControl.patchStatus(b).rescheduleAfter(WAIT);
  }

  private UpdateControl<OrbitBackup> fail(OrbitBackup b, OrbitBackupStatus s, String error) {
    LOG.warn(
        "backup {}/{} failed: {}",
        b.getMetadata().getNamespace(),
        b.getMetadata().getName(),
        error);
    s.phase = BackupPhase.FAILED;
    s.error = error;
    s.completedAt = now();
    b.setStatus(s);
    return UpdateControl.patchStatus(b);
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static List<String> strings(JsonNode n) {
    var out = new ArrayList<String>();
    n.forEach(e -> out.add(e.asText()));
    return out;
  }

  /** 1536 → "1.5Ki": powers of 1024, as Kubernetes quantities. */
  static String humanSize(long bytes) {
    String[] units = {"", "Ki", "Mi", "Gi", "Ti"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + "" : String.format(Locale.ROOT, "%.1f%s", v, units[u]);
  }
}
