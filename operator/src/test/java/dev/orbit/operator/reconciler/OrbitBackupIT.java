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
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OrbitBackups on the mock API server against fake nodes of a three-member cluster: which member
 * takes the backup, where it goes ({@code spec.target}), and what the status reports.
 */
@EnableKubernetesMockClient(crud = true)
class OrbitBackupIT {
  static final String NS = "bk";
  static final String CLUSTER = "orders";
  static KubernetesClient client;
  static final FakeNodes nodes = new FakeNodes();

  @RegisterExtension
  static final FakeNodeFixture fx =
      new FakeNodeFixture(() -> client, nodes, "orbitclusters", "orbitbackups");

  /** A three-member cluster with a backup target, pods Ready (after the fixture started). */
  @BeforeAll
  static void start() throws Exception {
    OrbitCluster c = Clusters.minimal(NS, CLUSTER);
    c.getSpec().setReplicas(3);
    c.getSpec().setBackup(new ClusterBackupSpec());
    c.getSpec().getBackup().target = s3("backups", "orbit");
    client.resource(c).create();
    nodes.lead(CLUSTER + "-0", "postgres", "redis");
    for (int i = 0; i < 3; i++) {
      client.resource(pod(CLUSTER + "-" + i)).create();
    }
    Await.until(
        "pod roles",
        () -> client.pods().inNamespace(NS).withLabel(Labels.ROLE, Labels.ROLE_REPLICA).list(),
        l -> l.getItems().size() == 2);
    controllerSees("r1", "r1");
  }

  /** The revisions the fake StatefulSet controller reports: current, update. */
  static volatile String[] revisions = {"r1", "r1"};

  static Watch controller;

  /**
   * Plays the StatefulSet controller: every template seen (the mock API server drops the status
   * whenever the operator writes the StatefulSet), on {@link #revisions}.
   */
  private static void controllerSees(String current, String update) {
    revisions = new String[] {current, update};
    if (controller == null) {
      controller =
          client
              .apps()
              .statefulSets()
              .inNamespace(NS)
              .withName(CLUSTER)
              .watch(
                  new Watcher<StatefulSet>() {
                    @Override
                    public void eventReceived(Action action, StatefulSet sts) {
                      if (action != Action.DELETED) {
                        report(sts);
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  });
    }
    report(
        Await.until(
            "the StatefulSet",
            () -> client.apps().statefulSets().inNamespace(NS).withName(CLUSTER).get(),
            x -> x != null));
  }

  private static synchronized void report(StatefulSet sts) {
    String[] r = revisions;
    var st = sts.getStatus();
    if (st != null
        && sts.getMetadata().getGeneration().equals(st.getObservedGeneration())
        && r[0].equals(st.getCurrentRevision())
        && r[1].equals(st.getUpdateRevision())) {
      return;
    }
    sts.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(sts.getMetadata().getGeneration())
            .withReplicas(3)
            .withReadyReplicas(3)
            .withCurrentRevision(r[0])
            .withUpdateRevision(r[1])
            .build());
    try {
      client.resource(sts).updateStatus();
    } catch (KubernetesClientException e) {
      // changed meanwhile: the watch brings the newer one
    }
  }

  @Test
  void aBackupWaitsUntilARollingUpdateHasFinished() {
    controllerSees("r1", "r2");
    int before = nodes.backups.size();
    OrbitBackup waiting = await(create("during-roll", null), BackupPhase.PENDING);
    assertEquals(before, nodes.backups.size(), "no node was asked: " + nodes.backups);
    assertEquals(null, waiting.getStatus().backupId);
    controllerSees("r2", "r2");
    OrbitBackup done = await(waiting, BackupPhase.COMPLETED);
    assertEquals(before + 1, nodes.backups.size(), nodes.backups.toString());
    assertEquals("orders-1", done.getStatus().pod);
  }

  /** Runs before the fixture stops the operator and the fake nodes. */
  @AfterAll
  static void stop() {
    if (controller != null) {
      controller.close();
    }
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
        nodes.backups.contains("orders-1 s3://backups/orbit/bk/orders"), nodes.backups.toString());
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
        nodes.backups.stream()
            .anyMatch(b -> b.endsWith(" s3://long-term/before-upgrade/bk/orders")),
        nodes.backups.toString());
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
        nodes.backups.stream().noneMatch(b -> b.contains("s3://other/")), nodes.backups.toString());
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

  private static Pod pod(String name) {
    return FakeNodeFixture.readyPod(NS, name, 1, Map.of());
  }
}
