package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.ArchiveSpec;
import dev.orbit.operator.api.v1alpha1.BackupTargetSpec;
import dev.orbit.operator.api.v1alpha1.BootstrapSpec;
import dev.orbit.operator.api.v1alpha1.ClusterBackupSpec;
import dev.orbit.operator.api.v1alpha1.CredentialsSecretSpec;
import dev.orbit.operator.api.v1alpha1.FromBackupSpec;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.S3TargetSpec;
import dev.orbit.operator.api.v1alpha1.VolumeTargetSpec;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BackupPodModelTest {
  static BackupTargetSpec s3() {
    var t = new BackupTargetSpec();
    t.s3 = new S3TargetSpec();
    t.s3.endpoint = "http://minio:9000";
    t.s3.bucket = "backups";
    t.s3.prefix = "orbit";
    t.s3.forcePathStyle = true;
    t.s3.credentialsSecret = new CredentialsSecretSpec();
    t.s3.credentialsSecret.name = "s3-creds";
    return t;
  }

  static OrbitCluster cluster() {
    OrbitCluster c = Clusters.minimal("prod", "orders");
    c.getSpec().setBackup(new ClusterBackupSpec());
    c.getSpec().getBackup().target = s3();
    return c;
  }

  @Test
  void s3SettingsReachTheNodeAsEnvironmentWithCredentialsFromTheSecret() {
    var sts = ClusterModel.from(cluster(), OperatorConfig.defaults()).statefulSet();
    Container node = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, EnvVar> env =
        node.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertEquals("http://minio:9000", env.get("ORBIT_BACKUP_S3_ENDPOINT").getValue());
    assertEquals("true", env.get("ORBIT_BACKUP_S3_FORCE_PATH_STYLE").getValue());
    var secret = env.get("ORBIT_BACKUP_S3_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef();
    assertEquals("s3-creds", secret.getName());
    assertEquals("secretAccessKey", secret.getKey());
    assertEquals(null, env.get("ORBIT_BACKUP_S3_SECRET_ACCESS_KEY").getValue());
    assertTrue(sts.getSpec().getTemplate().getSpec().getInitContainers().isEmpty());
    assertEquals(
        "s3://backups/orbit/prod/orders",
        BackupTargets.uri(cluster().getSpec().getBackup().target, "prod", "orders", "/x"));
  }

  @Test
  void bootstrapAddsARestoreInitContainerOnTheNodeVolumes() {
    OrbitCluster c = cluster();
    c.getSpec().setBootstrap(new BootstrapSpec());
    c.getSpec().getBootstrap().fromBackup = new FromBackupSpec();
    var from = c.getSpec().getBootstrap().fromBackup;
    from.target = new BackupTargetSpec();
    from.target.volume = new VolumeTargetSpec();
    from.target.volume.claimName = "old-backups";
    from.cluster = "orders-old";
    from.backupId = "20261122T031500123Z";
    var template =
        ClusterModel.from(c, OperatorConfig.defaults())
            .withBootstrap(BackupPodModel.fromTarget(c))
            .statefulSet()
            .getSpec()
            .getTemplate()
            .getSpec();
    Container restore = template.getInitContainers().get(0);
    assertEquals(
        List.of(
            "restore",
            "--config",
            NodeConfig.PATH,
            "--from",
            "file:///var/lib/orbit-restore/prod/orders-old",
            "--once",
            "--id",
            "20261122T031500123Z",
            "--cluster-uid",
            "uid-orders"),
        restore.getArgs());
    var mounts = restore.getVolumeMounts().stream().map(m -> m.getMountPath()).toList();
    assertTrue(
        mounts.containsAll(List.of("/var/lib/orbit/wal", "/var/lib/orbit/hot", "/etc/orbit")),
        mounts.toString());
    assertTrue(mounts.contains("/var/lib/orbit-restore"), mounts.toString());
    assertTrue(
        template.getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && v.getPersistentVolumeClaim().getClaimName().equals("old-backups")));
  }

  @Test
  void archivingSendsTheLogToTheClusterBackupUriUnderTheClusterUid() {
    OrbitCluster c = cluster();
    c.getMetadata().setUid("5f0c-uid");
    c.getSpec().getBackup().archive = new ArchiveSpec();
    c.getSpec().getBackup().archive.enabled = true;
    c.getSpec().getBackup().archive.interval = "30s";
    Container node =
        ClusterModel.from(c, OperatorConfig.defaults())
            .statefulSet()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    Map<String, String> env =
        node.getEnv().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertEquals("s3://backups/orbit/prod/orders", env.get("ORBIT_BACKUP_ARCHIVE_TARGET"));
    assertEquals("30s", env.get("ORBIT_BACKUP_ARCHIVE_INTERVAL"));
    assertEquals("5f0c-uid", env.get("ORBIT_BACKUP_ARCHIVE_CLUSTER_UID"));

    c.getSpec().getBackup().archive.enabled = false;
    assertTrue(BackupPodModel.archiveEnv(c).isEmpty(), "no archiving unless enabled");
  }

  @Test
  void aBootstrapNamesTheClusterItRestoresIntoAndTheSourceClusterTheSpecNames() {
    OrbitCluster c = cluster();
    c.getMetadata().setUid("new-uid");
    c.getSpec().setBootstrap(new BootstrapSpec());
    c.getSpec().getBootstrap().fromBackup = new FromBackupSpec();
    var from = c.getSpec().getBootstrap().fromBackup;
    from.target = s3();
    from.clusterUid = "old-uid";
    var template =
        ClusterModel.from(c, OperatorConfig.defaults())
            .withBootstrap(BackupPodModel.fromTarget(c))
            .statefulSet()
            .getSpec()
            .getTemplate()
            .getSpec();
    List<String> args = template.getInitContainers().get(0).getArgs();
    int at = args.indexOf("--cluster-uid");
    assertEquals(
        List.of("--cluster-uid", "new-uid", "--from-cluster", "old-uid"), args.subList(at, at + 4));
    // the nodes record their cluster in backups and claim the target for it, archive or not
    assertTrue(
        template.getContainers().get(0).getEnv().stream()
            .anyMatch(
                e ->
                    e.getName().equals("ORBIT_BACKUP_CLUSTER_UID")
                        && "new-uid".equals(e.getValue())),
        template.getContainers().get(0).getEnv().toString());

    from.clusterUid = null;
    args =
        ClusterModel.from(c, OperatorConfig.defaults())
            .withBootstrap(BackupPodModel.fromTarget(c))
            .statefulSet()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getInitContainers()
            .get(0)
            .getArgs();
    assertTrue(!args.contains("--from-cluster"), "nothing named: " + args);
  }

  @Test
  void aBootstrapTargetTimeRestoresToThatPoint() {
    OrbitCluster c = cluster();
    c.getSpec().setBootstrap(new BootstrapSpec());
    c.getSpec().getBootstrap().fromBackup = new FromBackupSpec();
    var from = c.getSpec().getBootstrap().fromBackup;
    from.target = s3();
    from.targetTime = "2026-11-29T21:30:00Z";
    Container restore =
        ClusterModel.from(c, OperatorConfig.defaults())
            .withBootstrap(BackupPodModel.fromTarget(c))
            .statefulSet()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getInitContainers()
            .get(0);
    List<String> args = restore.getArgs();
    assertEquals(
        List.of("--target-time", "2026-11-29T21:30:00Z"),
        args.subList(args.size() - 2, args.size()));
  }

  @Test
  void badBackupSpecsAreRefusedWithTheirPath() {
    OrbitCluster c = cluster();
    c.getSpec().getBackup().schedule = "daily";
    c.getSpec().getBackup().target.volume = new VolumeTargetSpec();
    List<String> problems = SpecValidator.validate(c);
    assertTrue(
        problems.contains("spec.backup.target needs exactly one of s3 or volume"),
        problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.startsWith("spec.backup.schedule: 'daily' is not")),
        problems.toString());
  }
}
