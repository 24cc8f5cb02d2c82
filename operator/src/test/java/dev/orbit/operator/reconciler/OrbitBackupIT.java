package dev.orbit.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.BackupPhase;
import dev.orbit.operator.api.v1alpha1.BackupTargetSpec;
import dev.orbit.operator.api.v1alpha1.ClusterBackupSpec;
import dev.orbit.operator.api.v1alpha1.CredentialsSecretSpec;
import dev.orbit.operator.api.v1alpha1.OrbitBackup;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.S3TargetSpec;
import dev.orbit.operator.model.Conditions;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.testing.Await;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OrbitBackups on the mock API server against fake nodes of a three-member cluster: which member
 * takes the backup, where it goes ({@code spec.target}), and what the status reports.
 */
@EnableKubernetesMockClient(crud = true)
class OrbitBackupIT {
  static final String NS = "bk";
  static final String CLUSTER = "orders";
  static KubernetesClient client;
  static FakeNodeFixture fixture;

  @BeforeAll
  static void start() {
    Clusters.installCrd(client, "orbitbackups");
    fixture = FakeNodeFixture.start(client, new FakeNodes());
    OrbitCluster c = Clusters.minimal(NS, CLUSTER);
    c.getSpec().setReplicas(3);
    c.getSpec().setBackup(new ClusterBackupSpec());
    c.getSpec().getBackup().target = s3("backups", "orbit");
    client.resource(c).create();
    fixture.nodes.lead(CLUSTER + "-0", "postgres", "redis");
    for (int i = 0; i < 3; i++) {
      client.resource(FakeNodeFixture.readyPod(NS, CLUSTER + "-" + i, 1, Map.of())).create();
    }
    Await.until(
        "pod roles",
        () -> client.pods().inNamespace(NS).withLabel(Labels.ROLE, Labels.ROLE_REPLICA).list(),
        l -> l.getItems().size() == 2);
  }

  @AfterAll
  static void stop() {
    fixture.stop();
  }

  static BackupTargetSpec s3(String bucket, String prefix) {
    var t = new BackupTargetSpec();
    t.s3 = new S3TargetSpec();
    t.s3.endpoint = "http://minio.storage:9000";
    t.s3.bucket = bucket;
    t.s3.prefix = prefix;
    t.s3.forcePathStyle = true;
    t.s3.credentialsSecret = new CredentialsSecretSpec();
    t.s3.credentialsSecret.name = "s3-creds";
    return t;
  }

  @Test
  void aBackupRunsOnAFollowerAndReportsTheMemberAndTheLogIndexItIsConsistentAt() {
    OrbitBackup done = await(create("nightly", null), BackupPhase.COMPLETED);
    var s = done.getStatus();
    // orders-0 leads both groups: the first follower by name takes the backup
    assertTrue(
        fixture.nodes.backups.contains("orders-1 s3://backups/orbit/bk/orders"),
        fixture.nodes.backups.toString());
    assertEquals("orders-1", s.pod);
    assertEquals("orders-1", s.member);
    assertEquals("follower", s.role);
    assertEquals(Map.of("postgres", 17L, "redis", 42L), s.logIndex);
    assertEquals("uid-of-orders", s.clusterUid);
    assertEquals("4.0Ki", s.size);
    Condition accepted = condition(done);
    assertEquals("True", accepted.getStatus());
    assertEquals("ClusterTarget", accepted.getReason());
  }

  @Test
  void aTargetOverrideToAnotherBucketIsWhereTheBackupGoes() {
    OrbitBackup done =
        await(create("keep-forever", s3("long-term", "before-upgrade")), BackupPhase.COMPLETED);
    assertTrue(
        fixture.nodes.backups.stream()
            .anyMatch(b -> b.endsWith(" s3://long-term/before-upgrade/bk/orders")),
        fixture.nodes.backups.toString());
    assertEquals("s3://long-term/before-upgrade/bk/orders", done.getStatus().target);
    assertEquals("long-term", done.getStatus().targetSpec.s3.bucket);
    assertEquals("Override", condition(done).getReason());
  }

  @Test
  void aTargetTheNodesCannotReachFailsTheBackupWithAConditionAndStartsNothing() {
    BackupTargetSpec elsewhere = s3("other", null);
    elsewhere.s3.endpoint = "https://s3.eu-west-1.amazonaws.com";
    OrbitBackup failed = await(create("elsewhere", elsewhere), BackupPhase.FAILED);
    Condition accepted = condition(failed);
    assertEquals("False", accepted.getStatus());
    assertEquals("TargetUnreachable", accepted.getReason());
    assertTrue(accepted.getMessage().endsWith("it changes endpoint"), accepted.getMessage());
    assertEquals("TargetUnreachable: " + accepted.getMessage(), failed.getStatus().error);
    assertTrue(
        fixture.nodes.backups.stream().noneMatch(b -> b.contains("s3://other/")),
        fixture.nodes.backups.toString());
  }

  private static Condition condition(OrbitBackup b) {
    return Conditions.find(b.getStatus().conditions, "TargetAccepted").orElseThrow();
  }

  private static OrbitBackup create(String name, BackupTargetSpec target) {
    var b = new OrbitBackup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(NS);
    b.getSpec().cluster = CLUSTER;
    b.getSpec().target = target;
    return client.resource(b).create();
  }

  private static OrbitBackup await(OrbitBackup b, BackupPhase phase) {
    return Await.until(
        "OrbitBackup " + b.getMetadata().getName() + " " + phase,
        () ->
            client
                .resources(OrbitBackup.class)
                .inNamespace(NS)
                .withName(b.getMetadata().getName())
                .get(),
        x -> x.getStatus() != null && x.getStatus().phase == phase);
  }
}
