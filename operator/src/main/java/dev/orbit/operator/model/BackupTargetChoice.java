package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.BackupTargetSpec;
import dev.orbit.operator.api.v1alpha1.ClusterBackupSpec;
import dev.orbit.operator.api.v1alpha1.CredentialsSecretSpec;
import dev.orbit.operator.api.v1alpha1.S3TargetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where one OrbitBackup goes: the cluster's {@code spec.backup.target}, or the backup's {@code
 * spec.target} when the cluster's nodes can write it. The nodes hold the S3 settings and
 * credentials of the cluster's target only (environment from its Secret) and mount only its volume,
 * so an override may change the bucket and prefix, nothing else. Pure.
 *
 * @param target the target to write, null when refused
 * @param uri its URI for the cluster, null when refused
 * @param reason condition reason: {@code ClusterTarget} or {@code Override} when accepted; {@code
 *     NoTarget}, {@code InvalidTarget} or {@code TargetUnreachable} when refused
 * @param message what a user reads in the condition and the backup's error
 */
public record BackupTargetChoice(
    BackupTargetSpec target, String uri, String reason, String message) {
  public static final String CONDITION = "TargetAccepted";

  public boolean accepted() {
    return target != null;
  }

  /** The target of a backup of {@code cluster} in {@code ns}, given {@code override} or not. */
  public static BackupTargetChoice of(
      BackupTargetSpec override, ClusterBackupSpec clusterBackup, String ns, String cluster) {
    BackupTargetSpec own = clusterBackup == null ? null : clusterBackup.target;
    if (override == null) {
      if (own == null) {
        return refused("NoTarget", "cluster '" + cluster + "' has no spec.backup.target");
      }
      return new BackupTargetChoice(
          own,
          BackupTargets.uri(own, ns, cluster, BackupTargets.MOUNT),
          "ClusterTarget",
          "the cluster's spec.backup.target");
    }
    var problems = new ArrayList<String>();
    BackupSpecRules.target("spec.target", override, problems);
    if (!problems.isEmpty()) {
      return refused("InvalidTarget", String.join("; ", problems));
    }
    String why = unreachable(override, own, cluster);
    if (why != null) {
      return refused("TargetUnreachable", why);
    }
    return new BackupTargetChoice(
        override,
        BackupTargets.uri(override, ns, cluster, BackupTargets.MOUNT),
        "Override",
        "spec.target");
  }

  private static String unreachable(BackupTargetSpec t, BackupTargetSpec own, String cluster) {
    String nodes = "the nodes of cluster '" + cluster + "'";
    if (t.volume != null) {
      if (own == null || own.volume == null) {
        return nodes + " mount no backup volume (spec.backup.target.volume)";
      }
      return own.volume.claimName.equals(t.volume.claimName)
          ? null
          : nodes
              + " mount only claim '"
              + own.volume.claimName
              + "' (spec.backup.target.volume), not '"
              + t.volume.claimName
              + "'";
    }
    if (own == null || own.s3 == null) {
      return nodes + " have no S3 settings or credentials (spec.backup.target.s3)";
    }
    List<String> differ = differences(t.s3, own.s3);
    return differ.isEmpty()
        ? null
        : nodes
            + " reach S3 only with the settings of spec.backup.target.s3; spec.target.s3 may"
            + " change bucket and prefix, but it changes "
            + String.join(", ", differ);
  }

  private static List<String> differences(S3TargetSpec a, S3TargetSpec b) {
    var out = new ArrayList<String>();
    if (!Objects.equals(a.endpoint, b.endpoint)) {
      out.add("endpoint");
    }
    if (!Objects.equals(orDefault(a.region), orDefault(b.region))) {
      out.add("region");
    }
    if (Boolean.TRUE.equals(a.forcePathStyle) != Boolean.TRUE.equals(b.forcePathStyle)) {
      out.add("forcePathStyle");
    }
    if (Boolean.TRUE.equals(a.checksumsWhenRequired)
        != Boolean.TRUE.equals(b.checksumsWhenRequired)) {
      out.add("checksumsWhenRequired");
    }
    if (!sameSecret(a.credentialsSecret, b.credentialsSecret)) {
      out.add("credentialsSecret");
    }
    return out;
  }

  private static String orDefault(String region) {
    return region == null ? "us-east-1" : region;
  }

  private static boolean sameSecret(CredentialsSecretSpec a, CredentialsSecretSpec b) {
    return a != null
        && b != null
        && Objects.equals(a.name, b.name)
        && Objects.equals(a.accessKeyIdKey, b.accessKeyIdKey)
        && Objects.equals(a.secretAccessKeyKey, b.secretAccessKeyKey);
  }

  private static BackupTargetChoice refused(String reason, String message) {
    return new BackupTargetChoice(null, null, reason, message);
  }
}
