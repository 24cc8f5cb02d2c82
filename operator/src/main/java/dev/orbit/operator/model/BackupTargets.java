package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.BackupTargetSpec;
import dev.orbit.operator.api.v1alpha1.S3TargetSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * How a node reaches a backup target: its URI ({@code s3://bucket/prefix/<ns>/<cluster>} or {@code
 * file:///<mount>/<ns>/<cluster>}), the {@code ORBIT_BACKUP_S3_*} environment (credentials from the
 * Secret, never in the ConfigMap), and the volume of a volume target. Pure.
 */
public final class BackupTargets {
  /** Where a volume target is mounted in the node container. */
  public static final String MOUNT = "/var/lib/orbit-backup";

  private BackupTargets() {}

  /** The URI under which the backups of cluster {@code cluster} of {@code ns} live. */
  public static String uri(BackupTargetSpec t, String ns, String cluster, String mount) {
    if (t.s3 != null) {
      String prefix = t.s3.prefix == null || t.s3.prefix.isBlank() ? "" : t.s3.prefix + "/";
      return "s3://" + t.s3.bucket + "/" + prefix + ns + "/" + cluster;
    }
    return "file://" + mount + "/" + ns + "/" + cluster;
  }

  /** The node's S3 settings as {@code ORBIT_BACKUP_S3_*} variables; none for a volume target. */
  public static List<EnvVar> env(BackupTargetSpec t) {
    var env = new ArrayList<EnvVar>();
    S3TargetSpec s3 = t == null ? null : t.s3;
    if (s3 == null) {
      return env;
    }
    if (s3.endpoint != null) {
      env.add(plain("ORBIT_BACKUP_S3_ENDPOINT", s3.endpoint));
    }
    env.add(plain("ORBIT_BACKUP_S3_REGION", s3.region == null ? "us-east-1" : s3.region));
    env.add(
        plain(
            "ORBIT_BACKUP_S3_FORCE_PATH_STYLE",
            Boolean.toString(Boolean.TRUE.equals(s3.forcePathStyle))));
    env.add(
        plain(
            "ORBIT_BACKUP_S3_CHECKSUMS",
            Boolean.TRUE.equals(s3.checksumsWhenRequired) ? "when_required" : "when_supported"));
    var secret = s3.credentialsSecret;
    env.add(fromSecret("ORBIT_BACKUP_S3_ACCESS_KEY_ID", secret.name, secret.accessKeyIdKey));
    env.add(
        fromSecret("ORBIT_BACKUP_S3_SECRET_ACCESS_KEY", secret.name, secret.secretAccessKeyKey));
    return env;
  }

  /** The pod volume of a volume target, or null. */
  public static Volume volume(BackupTargetSpec t, String volumeName) {
    if (t == null || t.volume == null) {
      return null;
    }
    return new VolumeBuilder()
        .withName(volumeName)
        .withNewPersistentVolumeClaim()
        .withClaimName(t.volume.claimName)
        .endPersistentVolumeClaim()
        .build();
  }

  public static VolumeMount mount(String volumeName, String path) {
    return new VolumeMountBuilder().withName(volumeName).withMountPath(path).build();
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
