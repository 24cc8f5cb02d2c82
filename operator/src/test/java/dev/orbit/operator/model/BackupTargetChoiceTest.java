package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.BackupTargetSpec;
import dev.orbit.operator.api.v1alpha1.ClusterBackupSpec;
import dev.orbit.operator.api.v1alpha1.VolumeTargetSpec;
import org.junit.jupiter.api.Test;

class BackupTargetChoiceTest {
  static ClusterBackupSpec s3Cluster() {
    var b = new ClusterBackupSpec();
    b.target = BackupPodModelTest.s3();
    return b;
  }

  static BackupTargetSpec volume(String claim) {
    var t = new BackupTargetSpec();
    t.volume = new VolumeTargetSpec();
    t.volume.claimName = claim;
    return t;
  }

  @Test
  void withoutOverrideTheBackupGoesToTheClusterTarget() {
    var c = BackupTargetChoice.of(null, s3Cluster(), "prod", "orders");
    assertTrue(c.accepted());
    assertEquals("ClusterTarget", c.reason());
    assertEquals("s3://backups/orbit/prod/orders", c.uri());
  }

  @Test
  void aClusterWithoutTargetAndNoOverrideIsRefused() {
    var c = BackupTargetChoice.of(null, null, "prod", "orders");
    assertFalse(c.accepted());
    assertEquals("NoTarget", c.reason());
    assertEquals("cluster 'orders' has no spec.backup.target", c.message());
  }

  @Test
  void anOverrideMayChangeBucketAndPrefix() {
    var t = BackupPodModelTest.s3();
    t.s3.bucket = "long-term";
    t.s3.prefix = "before-upgrade";
    var c = BackupTargetChoice.of(t, s3Cluster(), "prod", "orders");
    assertTrue(c.accepted(), c.message());
    assertEquals("Override", c.reason());
    assertEquals("s3://long-term/before-upgrade/prod/orders", c.uri());
    assertEquals(t, c.target());
  }

  @Test
  void anOverrideWithOtherEndpointOrCredentialsIsRefusedNamingWhatDiffers() {
    var t = BackupPodModelTest.s3();
    t.s3.endpoint = "https://s3.eu-west-1.amazonaws.com";
    t.s3.credentialsSecret.name = "other-creds";
    var c = BackupTargetChoice.of(t, s3Cluster(), "prod", "orders");
    assertFalse(c.accepted());
    assertNull(c.uri());
    assertEquals("TargetUnreachable", c.reason());
    assertTrue(c.message().endsWith("it changes endpoint, credentialsSecret"), c.message());
  }

  @Test
  void anS3OverrideOfAClusterWithAVolumeTargetIsRefused() {
    var cluster = new ClusterBackupSpec();
    cluster.target = volume("backup-pvc");
    var c = BackupTargetChoice.of(BackupPodModelTest.s3(), cluster, "prod", "orders");
    assertEquals("TargetUnreachable", c.reason());
    assertEquals(
        "the nodes of cluster 'orders' have no S3 settings or credentials"
            + " (spec.backup.target.s3)",
        c.message());
    assertEquals(
        "TargetUnreachable",
        BackupTargetChoice.of(BackupPodModelTest.s3(), null, "p", "o").reason());
  }

  @Test
  void aVolumeOverrideMustBeTheMountedClaim() {
    var cluster = new ClusterBackupSpec();
    cluster.target = volume("backup-pvc");
    assertTrue(BackupTargetChoice.of(volume("backup-pvc"), cluster, "prod", "orders").accepted());
    var other = BackupTargetChoice.of(volume("elsewhere"), cluster, "prod", "orders");
    assertEquals("TargetUnreachable", other.reason());
    assertTrue(other.message().contains("only claim 'backup-pvc'"), other.message());
    assertEquals(
        "TargetUnreachable",
        BackupTargetChoice.of(volume("backup-pvc"), s3Cluster(), "prod", "orders").reason());
  }

  @Test
  void anOverrideWithBothOrNeitherKindIsInvalid() {
    var both = volume("x");
    both.s3 = BackupPodModelTest.s3().s3;
    var c = BackupTargetChoice.of(both, s3Cluster(), "prod", "orders");
    assertEquals("InvalidTarget", c.reason());
    assertEquals("spec.target needs exactly one of s3 or volume", c.message());
    assertEquals(
        "InvalidTarget",
        BackupTargetChoice.of(new BackupTargetSpec(), s3Cluster(), "prod", "orders").reason());
  }
}
