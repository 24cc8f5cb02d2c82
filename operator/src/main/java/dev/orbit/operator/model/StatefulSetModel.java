package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.StorageSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The node StatefulSet: one pod per node, one claim per tier volume and for the WAL. */
final class StatefulSetModel {
  /** Pods start and stop in parallel (rolling updates still go one pod at a time). */
  static final String POD_MANAGEMENT = "Parallel";

  private StatefulSetModel() {}

  static StatefulSet build(
      OrbitCluster c,
      String image,
      StorageSpec storage,
      PodTemplateSpec template,
      int pods,
      int partition) {
    boolean retain = storage.getRetainOnDelete() == null || storage.getRetainOnDelete();
    // hibernating: every pod stops, the claims stay (whenScaled: Retain)
    // pods: the members' count, one more while a member joins (see Members.Plan)
    int replicas = c.getSpec().hibernating() ? 0 : pods;
    return new StatefulSetBuilder()
        .withMetadata(Owners.meta(c, Names.statefulSet(c), "node"))
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(Names.headlessService(c))
        .withNewSelector()
        .withMatchLabels(Labels.selector(c))
        .endSelector()
        // members start together: a first member alone has no majority and is never Ready
        .withPodManagementPolicy(POD_MANAGEMENT)
        // the partition keeps the leader's pod on its revision until it no longer leads
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withPartition(partition)
        .endRollingUpdate()
        .endUpdateStrategy()
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted(retain ? "Retain" : "Delete")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withTemplate(template)
        .withVolumeClaimTemplates(claimTemplates(c, storage))
        .endSpec()
        .build();
  }

  private static List<PersistentVolumeClaim> claimTemplates(OrbitCluster c, StorageSpec storage) {
    var claims = new ArrayList<PersistentVolumeClaim>();
    for (Tier tier : Tier.values()) {
      tier.volume(storage)
          .ifPresent(
              v ->
                  claims.add(
                      new PersistentVolumeClaimBuilder()
                          .withNewMetadata()
                          .withName(tier.volumeName())
                          .withLabels(Labels.common(c, "node"))
                          .endMetadata()
                          .withNewSpec()
                          .withAccessModes("ReadWriteOnce")
                          .withStorageClassName(
                              v.getStorageClassName() == null || v.getStorageClassName().isBlank()
                                  ? null
                                  : v.getStorageClassName())
                          .withNewResources()
                          .withRequests(Map.of("storage", v.getSize()))
                          .endResources()
                          .endSpec()
                          .build()));
    }
    return claims;
  }
}
