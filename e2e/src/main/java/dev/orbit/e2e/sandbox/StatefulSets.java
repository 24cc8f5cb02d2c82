package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the StatefulSet controller with {@code OrderedReady} pods: creates pods {@code <sts>-N} and
 * their claims in order, each once the previous is ready; removes the highest ordinals first when
 * scaling down (claims follow {@code whenScaled}; {@code whenDeleted: Delete} makes the set own
 * them); rolls pods whose revision is not the template's, highest ordinal first, one at a time;
 * adopts orphaned pods; and writes the set's status.
 */
final class StatefulSets {
  private static final Logger LOG = LoggerFactory.getLogger(StatefulSets.class);
  static final String REVISION = "controller-revision-hash";
  static final String POD_NAME = "statefulset.kubernetes.io/pod-name";

  private final KubernetesClient client;

  StatefulSets(KubernetesClient client) {
    this.client = client;
  }

  void tick(List<StatefulSet> sets, List<Pod> pods, List<PersistentVolumeClaim> claims) {
    for (StatefulSet sts : sets) {
      try {
        reconcile(sts, pods, claims);
      } catch (KubernetesClientException e) {
        LOG.warn("statefulset {}: {}", sts.getMetadata().getName(), e.getMessage());
      }
    }
  }

  static String revision(StatefulSet sts) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  Serialization.asJson(sts.getSpec().getTemplate())
                      .getBytes(StandardCharsets.UTF_8));
      return sts.getMetadata().getName() + "-" + HexFormat.of().formatHex(d, 0, 5);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void reconcile(StatefulSet sts, List<Pod> allPods, List<PersistentVolumeClaim> claims) {
    String ns = sts.getMetadata().getNamespace();
    String name = sts.getMetadata().getName();
    if (sts.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    String update = revision(sts);
    var pods = new TreeMap<Integer, Pod>();
    for (Pod p : allPods) {
      int ord = ordinal(name, p);
      if (ns.equals(p.getMetadata().getNamespace()) && ord >= 0 && matches(sts, p)) {
        pods.put(ord, adopt(sts, p));
      }
    }
    keepClaimsOwned(sts, claims);
    boolean parallel = "Parallel".equals(sts.getSpec().getPodManagementPolicy());
    boolean acted = false;
    for (int i = 0; i < replicas && (parallel || !acted); i++) {
      Pod p = pods.get(i);
      if (p == null) {
        create(sts, i, update, claims);
        acted = true;
      } else if (!ready(p)) {
        acted = true; // OrderedReady: wait for this one
      }
    }
    if (!acted && !pods.isEmpty() && pods.lastKey() >= replicas) {
      scaleDown(sts, pods, claims);
      acted = true;
    }
    if (!acted) {
      roll(sts, pods, update, replicas);
    }
    writeStatus(sts, pods, update, replicas);
  }

  /** Removes the highest ordinal beyond the replicas; its claims follow {@code whenScaled}. */
  private void scaleDown(
      StatefulSet sts, TreeMap<Integer, Pod> pods, List<PersistentVolumeClaim> claims) {
    Pod victim = pods.lastEntry().getValue();
    LOG.info(
        "scale down {}/{}: deleting {}",
        sts.getMetadata().getNamespace(),
        sts.getMetadata().getName(),
        victim.getMetadata().getName());
    client.pods().inNamespace(sts.getMetadata().getNamespace()).resource(victim).delete();
    if (policy(sts, false)) {
      deleteClaims(sts, pods.lastKey(), claims);
    }
  }

  /**
   * RollingUpdate: deletes the highest ordinal (at or above the partition) whose revision is not
   * the template's; it comes back from the new template, and the next one goes once it is ready.
   * OnDelete: pods change only when someone deletes them.
   */
  private void roll(StatefulSet sts, Map<Integer, Pod> pods, String update, int replicas) {
    var strategy = sts.getSpec().getUpdateStrategy();
    if (strategy != null && "OnDelete".equals(strategy.getType())) {
      return;
    }
    int partition =
        strategy == null
                || strategy.getRollingUpdate() == null
                || strategy.getRollingUpdate().getPartition() == null
            ? 0
            : strategy.getRollingUpdate().getPartition();
    for (int i = replicas - 1; i >= partition; i--) {
      Pod p = pods.get(i);
      if (!update.equals(label(p, REVISION))) {
        LOG.info(
            "rolling {}/{}: deleting {} (revision {} -> {})",
            sts.getMetadata().getNamespace(),
            sts.getMetadata().getName(),
            p.getMetadata().getName(),
            label(p, REVISION),
            update);
        client.pods().inNamespace(sts.getMetadata().getNamespace()).resource(p).delete();
        return;
      }
    }
  }

  private void create(
      StatefulSet sts, int ordinal, String revision, List<PersistentVolumeClaim> claims) {
    String ns = sts.getMetadata().getNamespace();
    String podName = sts.getMetadata().getName() + "-" + ordinal;
    var volumes = new ArrayList<Volume>(sts.getSpec().getTemplate().getSpec().getVolumes());
    for (PersistentVolumeClaim t : sts.getSpec().getVolumeClaimTemplates()) {
      String claim = t.getMetadata().getName() + "-" + podName;
      if (claims.stream()
          .noneMatch(
              c ->
                  ns.equals(c.getMetadata().getNamespace())
                      && claim.equals(c.getMetadata().getName()))) {
        var labels =
            new LinkedHashMap<String, String>(sts.getSpec().getSelector().getMatchLabels());
        if (t.getMetadata().getLabels() != null) {
          labels.putAll(t.getMetadata().getLabels());
        }
        var pvc =
            new PersistentVolumeClaimBuilder(t)
                .editMetadata()
                .withName(claim)
                .withNamespace(ns)
                .withLabels(labels)
                .withOwnerReferences(policy(sts, true) ? List.of(owner(sts, false)) : List.of())
                .endMetadata()
                .withStatus(null)
                .build();
        client.persistentVolumeClaims().inNamespace(ns).resource(pvc).create();
        LOG.info("created claim {}/{}", ns, claim);
      }
      volumes.add(
          new VolumeBuilder()
              .withName(t.getMetadata().getName())
              .withNewPersistentVolumeClaim(claim, false)
              .build());
    }
    var template = sts.getSpec().getTemplate();
    var labels = new LinkedHashMap<String, String>();
    if (template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    labels.put(REVISION, revision);
    labels.put(POD_NAME, podName);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(ns)
            .withLabels(labels)
            .withAnnotations(template.getMetadata().getAnnotations())
            .withOwnerReferences(owner(sts, true))
            .endMetadata()
            .withSpec(template.getSpec())
            .editSpec()
            .withVolumes(volumes)
            .withHostname(podName)
            .withSubdomain(sts.getSpec().getServiceName())
            .withNodeName("sandbox")
            .endSpec()
            .build();
    client.pods().inNamespace(ns).resource(pod).create();
    LOG.info("created pod {}/{} revision {}", ns, podName, revision);
  }

  /** Takes over pods left by an orphaning delete of a previous set with the same name. */
  private Pod adopt(StatefulSet sts, Pod p) {
    boolean owned =
        p.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> Boolean.TRUE.equals(o.getController()));
    if (owned) {
      return p;
    }
    LOG.info("adopting pod {}", p.getMetadata().getName());
    return client
        .pods()
        .inNamespace(p.getMetadata().getNamespace())
        .withName(p.getMetadata().getName())
        .edit(
            x -> {
              x.getMetadata().getOwnerReferences().add(owner(sts, true));
              return x;
            });
  }

  private void keepClaimsOwned(StatefulSet sts, List<PersistentVolumeClaim> claims) {
    if (!policy(sts, true)) {
      return;
    }
    String prefixEnd = "-" + sts.getMetadata().getName() + "-";
    for (PersistentVolumeClaim c : claims) {
      String n = c.getMetadata().getName();
      boolean mine =
          c.getMetadata().getNamespace().equals(sts.getMetadata().getNamespace())
              && sts.getSpec().getVolumeClaimTemplates().stream()
                  .anyMatch(t -> n.startsWith(t.getMetadata().getName() + prefixEnd));
      boolean owned =
          c.getMetadata().getOwnerReferences().stream()
              .anyMatch(o -> o.getUid().equals(sts.getMetadata().getUid()));
      if (mine && !owned) {
        client
            .persistentVolumeClaims()
            .inNamespace(c.getMetadata().getNamespace())
            .withName(n)
            .edit(
                x -> {
                  x.getMetadata().getOwnerReferences().add(owner(sts, false));
                  return x;
                });
      }
    }
  }

  private void deleteClaims(StatefulSet sts, int ordinal, List<PersistentVolumeClaim> claims) {
    String podName = sts.getMetadata().getName() + "-" + ordinal;
    for (PersistentVolumeClaim t : sts.getSpec().getVolumeClaimTemplates()) {
      client
          .persistentVolumeClaims()
          .inNamespace(sts.getMetadata().getNamespace())
          .withName(t.getMetadata().getName() + "-" + podName)
          .delete();
    }
  }

  /** Whether claims are deleted when the set is deleted ({@code deleted}) or scaled down. */
  private static boolean policy(StatefulSet sts, boolean deleted) {
    var p = sts.getSpec().getPersistentVolumeClaimRetentionPolicy();
    if (p == null) {
      return false;
    }
    return "Delete".equals(deleted ? p.getWhenDeleted() : p.getWhenScaled());
  }

  private void writeStatus(StatefulSet sts, Map<Integer, Pod> pods, String update, int replicas) {
    int ready = 0;
    int updated = 0;
    String current = update;
    for (var e : pods.entrySet()) {
      Pod p = e.getValue();
      ready += ready(p) ? 1 : 0;
      if (update.equals(label(p, REVISION))) {
        updated++;
      } else if (label(p, REVISION) != null) {
        current = label(p, REVISION);
      }
    }
    int currentReplicas =
        (int)
            pods.values().stream().filter(p -> Objects.equals(label(p, REVISION), update)).count();
    if (!current.equals(update)) {
      String cur = current;
      currentReplicas =
          (int) pods.values().stream().filter(p -> cur.equals(label(p, REVISION))).count();
    }
    StatefulSetStatus status =
        new StatefulSetStatusBuilder()
            .withObservedGeneration(sts.getMetadata().getGeneration())
            .withReplicas(pods.size())
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withCurrentReplicas(currentReplicas)
            .withUpdatedReplicas(updated)
            .withCurrentRevision(current)
            .withUpdateRevision(update)
            .withCollisionCount(0)
            .build();
    if (status.equals(sts.getStatus())) {
      return;
    }
    sts.setStatus(status);
    try {
      client
          .apps()
          .statefulSets()
          .inNamespace(sts.getMetadata().getNamespace())
          .resource(sts)
          .updateStatus();
    } catch (KubernetesClientException e) {
      LOG.debug("statefulset status: {}", e.getMessage());
    }
  }

  static boolean ready(Pod p) {
    return p.getStatus() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String label(Pod p, String key) {
    return p == null || p.getMetadata().getLabels() == null
        ? null
        : p.getMetadata().getLabels().get(key);
  }

  private static int ordinal(String sts, Pod p) {
    String n = p.getMetadata().getName();
    if (!n.startsWith(sts + "-")) {
      return -1;
    }
    try {
      return Integer.parseInt(n.substring(sts.length() + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean matches(StatefulSet sts, Pod p) {
    var labels = p.getMetadata().getLabels();
    return labels != null
        && sts.getSpec().getSelector().getMatchLabels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static OwnerReference owner(StatefulSet sts, boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion("apps/v1")
        .withKind("StatefulSet")
        .withName(sts.getMetadata().getName())
        .withUid(sts.getMetadata().getUid())
        .withController(controller)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
