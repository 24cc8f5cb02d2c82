package dev.orbit.operator.backup;

import dev.orbit.operator.api.v1alpha1.BackupPhase;
import dev.orbit.operator.api.v1alpha1.OrbitBackup;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.BackupPodModel;
import dev.orbit.operator.model.BackupTargets;
import dev.orbit.operator.model.BootstrapSource;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Resolves {@code spec.bootstrap.fromBackup} into the backup the init containers restore: a
 * Completed OrbitBackup's recorded target and id, or the given target and id.
 */
public final class BootstrapResolver {
  private BootstrapResolver() {}

  /** Why a bootstrap source cannot be used (yet). */
  public static final class NotReady extends Exception {
    NotReady(String message) {
      super(message);
    }
  }

  /** The source, or null without bootstrap. */
  public static BootstrapSource resolve(KubernetesClient client, OrbitCluster c) throws NotReady {
    var boot = c.getSpec().getBootstrap();
    if (boot == null || boot.fromBackup == null) {
      return null;
    }
    var from = boot.fromBackup;
    if (from.target != null) {
      return BackupPodModel.fromTarget(c);
    }
    String ns = c.getMetadata().getNamespace();
    OrbitBackup b =
        client.resources(OrbitBackup.class).inNamespace(ns).withName(from.backupName).get();
    if (b == null) {
      throw new NotReady("bootstrap.fromBackup: no OrbitBackup '" + from.backupName + "'");
    }
    var st = b.getStatus();
    if (st == null || st.phase != BackupPhase.COMPLETED || st.targetSpec == null) {
      throw new NotReady(
          "bootstrap.fromBackup: OrbitBackup '" + from.backupName + "' is not Completed");
    }
    String mount = st.targetSpec.volume != null ? BackupPodModel.SOURCE_MOUNT : BackupTargets.MOUNT;
    return new BootstrapSource(
        st.targetSpec,
        BackupTargets.uri(st.targetSpec, ns, b.getSpec().cluster, mount),
        st.backupId,
        st.clusterUid);
  }
}
