package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.ClusterBackupSpec;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup parts of the node pod template: the backup target's environment and volume on the node
 * container, and for {@code spec.bootstrap.fromBackup} an init container that restores the backup
 * into the node's volumes before the node starts ({@code orbit-node restore --once}: a restored pod
 * that restarts keeps its data). Pure.
 */
public final class BackupPodModel {
  static final String TARGET_VOLUME = "backup-target";
  static final String SOURCE_VOLUME = "restore-source";
  public static final String SOURCE_MOUNT = "/var/lib/orbit-restore";
  public static final String RESTORE_CONTAINER = "restore";

  private BackupPodModel() {}

  /** Adds the backup environment, volumes and init container to {@code template}. */
  public static PodTemplateSpec apply(
      OrbitCluster c, PodTemplateSpec template, BootstrapSource bootstrap) {
    ClusterBackupSpec backup = c.getSpec().getBackup();
    Container node = template.getSpec().getContainers().get(0);
    List<Volume> volumes = new ArrayList<>(template.getSpec().getVolumes());
    if (backup != null && backup.target != null) {
      node.getEnv().addAll(BackupTargets.env(backup.target));
      Volume v = BackupTargets.volume(backup.target, TARGET_VOLUME);
      if (v != null) {
        volumes.add(v);
        node.getVolumeMounts().add(BackupTargets.mount(TARGET_VOLUME, BackupTargets.MOUNT));
      }
      if (c.getMetadata().getUid() != null) {
        // backups record it, and the target is claimed for this cluster (owner.json)
        node.getEnv().add(env("ORBIT_BACKUP_CLUSTER_UID", c.getMetadata().getUid()));
      }
      node.getEnv().addAll(archiveEnv(c));
    }
    if (bootstrap != null) {
      List<VolumeMount> mounts = new ArrayList<>();
      for (VolumeMount m : node.getVolumeMounts()) {
        if (!m.getName().equals(TARGET_VOLUME)) {
          mounts.add(m);
        }
      }
      Volume v = BackupTargets.volume(bootstrap.target(), SOURCE_VOLUME);
      if (v != null) {
        volumes.add(v);
        mounts.add(BackupTargets.mount(SOURCE_VOLUME, SOURCE_MOUNT));
      }
      List<String> args =
          new ArrayList<>(
              List.of("restore", "--config", NodeConfig.PATH, "--from", bootstrap.uri(), "--once"));
      if (bootstrap.backupId() != null) {
        args.add("--id");
        args.add(bootstrap.backupId());
      }
      // the restore refuses another cluster's backup unless it is named (checked by the node)
      if (c.getMetadata().getUid() != null) {
        args.add("--cluster-uid");
        args.add(c.getMetadata().getUid());
      }
      if (bootstrap.sourceClusterUid() != null) {
        args.add("--from-cluster");
        args.add(bootstrap.sourceClusterUid());
      }
      String targetTime = c.getSpec().getBootstrap().fromBackup.targetTime;
      if (targetTime != null) {
        args.add("--target-time");
        args.add(targetTime);
      }
      Container restore =
          new ContainerBuilder()
              .withName(RESTORE_CONTAINER)
              .withImage(node.getImage())
              .withCommand(node.getCommand())
              .withImagePullPolicy(node.getImagePullPolicy())
              .withArgs(args)
              .withEnv(BackupTargets.env(bootstrap.target()))
              .withVolumeMounts(mounts)
              .withResources(node.getResources())
              .withSecurityContext(node.getSecurityContext())
              .build();
      template.getSpec().setInitContainers(List.of(restore));
    }
    template.getSpec().setVolumes(volumes);
    return template;
  }

  /**
   * The node settings of {@code spec.backup.archive}: the log goes to the cluster's backup URI,
   * under the cluster's uid (a cluster recreated with the same name archives apart).
   */
  static List<io.fabric8.kubernetes.api.model.EnvVar> archiveEnv(OrbitCluster c) {
    ClusterBackupSpec backup = c.getSpec().getBackup();
    var archive = backup.archive;
    String uid = c.getMetadata().getUid();
    if (archive == null || !Boolean.TRUE.equals(archive.enabled) || uid == null) {
      return List.of();
    }
    String uri =
        BackupTargets.uri(
            backup.target,
            c.getMetadata().getNamespace(),
            c.getMetadata().getName(),
            BackupTargets.MOUNT);
    return List.of(
        env("ORBIT_BACKUP_ARCHIVE_TARGET", uri),
        env("ORBIT_BACKUP_ARCHIVE_INTERVAL", archive.interval == null ? "1m" : archive.interval),
        env("ORBIT_BACKUP_ARCHIVE_CLUSTER_UID", uid));
  }

  private static io.fabric8.kubernetes.api.model.EnvVar env(String name, String value) {
    return new io.fabric8.kubernetes.api.model.EnvVarBuilder()
        .withName(name)
        .withValue(value)
        .build();
  }

  /** The restore source of a bootstrap given by target (and cluster, backup id). */
  public static BootstrapSource fromTarget(OrbitCluster c) {
    var from = c.getSpec().getBootstrap().fromBackup;
    String ns = c.getMetadata().getNamespace();
    String cluster = from.cluster == null ? c.getMetadata().getName() : from.cluster;
    String mount = from.target.volume != null ? SOURCE_MOUNT : BackupTargets.MOUNT;
    return new BootstrapSource(
        from.target,
        BackupTargets.uri(from.target, ns, cluster, mount),
        from.backupId,
        from.clusterUid);
  }
}
