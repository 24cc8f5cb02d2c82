package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.operator.api.v1alpha1.ArchiveSpec;
import dev.orbit.operator.api.v1alpha1.BackupPhase;
import dev.orbit.operator.api.v1alpha1.BackupTargetSpec;
import dev.orbit.operator.api.v1alpha1.BootstrapSpec;
import dev.orbit.operator.api.v1alpha1.ClusterBackupSpec;
import dev.orbit.operator.api.v1alpha1.CredentialsSecretSpec;
import dev.orbit.operator.api.v1alpha1.FromBackupSpec;
import dev.orbit.operator.api.v1alpha1.OrbitBackup;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.RetentionSpec;
import dev.orbit.operator.api.v1alpha1.S3TargetSpec;
import dev.orbit.operator.api.v1alpha1.VerifySpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Declarative backups in the sandbox against its S3 endpoint: OrbitBackup → restore into a new
 * cluster to a point in time after the backup (archived log); schedule with retention and
 * verification; a node killed mid-backup.
 */
@ExtendWith(SandboxExtension.class)
class BackupE2E {
  static final String NS = "backups";
  static final String SECRET = "s3-credentials";

  @BeforeAll
  static void credentials() {
    KubernetesClient client = SandboxExtension.sandbox().client();
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET)
                .withNamespace(NS)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "accessKeyId", S3Endpoint.ACCESS_KEY,
                        "secretAccessKey", S3Endpoint.SECRET_KEY))
                .build())
        .createOr(r -> r.update());
  }

  @AfterAll
  static void cleanUp() {
    KubernetesClient client = SandboxExtension.sandbox().client();
    client.resources(OrbitBackup.class).inNamespace(NS).delete();
    client.resources(OrbitCluster.class).inNamespace(NS).delete();
  }

  static BackupTargetSpec s3(String prefix) {
    var t = new BackupTargetSpec();
    t.s3 = new S3TargetSpec();
    t.s3.endpoint = SandboxExtension.sandbox().s3().url();
    t.s3.bucket = "backups";
    t.s3.prefix = prefix;
    t.s3.forcePathStyle = true;
    t.s3.credentialsSecret = new CredentialsSecretSpec();
    t.s3.credentialsSecret.name = SECRET;
    return t;
  }

  static OrbitCluster cluster(String name, String prefix) {
    KubernetesClient client = SandboxExtension.sandbox().client();
    return Clusters.load(
        client,
        "minimal.yaml",
        NS,
        c -> {
          c.getMetadata().setName(name);
          c.getSpec().setBackup(new ClusterBackupSpec());
          c.getSpec().getBackup().target = s3(prefix);
          return c;
        });
  }

  static OrbitBackup backup(String name, String cluster) {
    var b = new OrbitBackup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(NS);
    b.getSpec().cluster = cluster;
    return SandboxExtension.sandbox().client().resource(b).create();
  }

  static OrbitBackup awaitBackup(String name, BackupPhase phase, Duration timeout) {
    KubernetesClient client = SandboxExtension.sandbox().client();
    OrbitBackup[] b = {null};
    Clusters.until(
        timeout,
        () -> {
          b[0] = client.resources(OrbitBackup.class).inNamespace(NS).withName(name).get();
          return b[0] != null && b[0].getStatus() != null && b[0].getStatus().phase == phase;
        },
        () ->
            "OrbitBackup "
                + name
                + " never became "
                + phase
                + ": "
                + (b[0] == null ? "absent" : new ObjectMapperHolder().text(b[0].getStatus())));
    return b[0];
  }

  @Test
  void aBackupRestoresIntoANewClusterAtAPointInTimeAfterItWithEveryRowAndKey() throws Exception {
    Sandbox sandbox = SandboxExtension.sandbox();
    KubernetesClient client = sandbox.client();
    String src = "orbit-src";
    OrbitCluster source = cluster(src, "restore");
    // archiving, for the point-in-time part below
    source.getSpec().getBackup().archive = new ArchiveSpec();
    source.getSpec().getBackup().archive.enabled = true;
    source.getSpec().getBackup().archive.interval = "1s";
    client.resource(source).create();
    Clusters.awaitReady(client, NS, src, Duration.ofSeconds(120));
    try (Jedis redis = Clusters.redis(sandbox, NS, src + "-rw");
        Connection pg = Clusters.postgres(sandbox, client, NS, src + "-rw", src);
        Statement st = pg.createStatement()) {
      for (int i = 0; i < 300; i++) {
        redis.set("key:" + i, "value " + i);
      }
      st.execute("CREATE TABLE orders (id integer PRIMARY KEY, item text)");
      for (int i = 1; i <= 500; i++) {
        st.execute("INSERT INTO orders VALUES (" + i + ", 'item " + i + "')");
      }
    }
    backup("first", src);
    OrbitBackup done = awaitBackup("first", BackupPhase.COMPLETED, Duration.ofSeconds(120));
    assertTrue(done.getStatus().sizeBytes > 0, "a size: " + done.getStatus().size);
    assertTrue(done.getStatus().protocols.containsAll(List.of("redis", "postgres")));

    // a point in time after the backup: one key before it, one after
    String uid =
        client
            .resources(OrbitCluster.class)
            .inNamespace(NS)
            .withName(src)
            .get()
            .getMetadata()
            .getUid();
    Instant t;
    try (Jedis redis = Clusters.redis(sandbox, NS, src + "-rw")) {
      redis.set("pitr:before", "kept");
      t = Instant.now();
      while (System.currentTimeMillis() <= t.toEpochMilli()) {
        Thread.onSpinWait(); // entry times have millisecond resolution
      }
      redis.set("pitr:after", "not restored");
    }
    String archive = "restore/" + NS + "/" + src + "/" + uid + "/log/";
    Clusters.until(
        Duration.ofSeconds(90),
        () ->
            done.getStatus().protocols.stream()
                .allMatch(p -> coveredAt(sandbox, archive + p) > t.toEpochMilli()),
        () -> "the archive " + archive + " never covered " + t);

    // the cluster and its claims go; the backup (not owned by the cluster) stays
    client.resources(OrbitCluster.class).inNamespace(NS).withName(src).delete();
    Clusters.until(
        Duration.ofSeconds(90),
        () ->
            client
                .pods()
                .inNamespace(NS)
                .withLabel("orbit.dev/cluster", src)
                .list()
                .getItems()
                .isEmpty(),
        () -> "pods of " + src + " still there");
    client.persistentVolumeClaims().inNamespace(NS).withLabel("orbit.dev/cluster", src).delete();

    String restored = "orbit-restored";
    OrbitCluster c = cluster(restored, "restore");
    c.getSpec().setBootstrap(new BootstrapSpec());
    c.getSpec().getBootstrap().fromBackup = new FromBackupSpec();
    c.getSpec().getBootstrap().fromBackup.backupName = "first";
    c.getSpec().getBootstrap().fromBackup.targetTime = t.toString();
    client.resource(c).create();
    OrbitCluster ready = Clusters.awaitReady(client, NS, restored, Duration.ofSeconds(180));
    assertEquals("Completed", ready.getStatus().getBackup().restore);
    try (Jedis redis = Clusters.redis(sandbox, NS, restored + "-rw");
        Connection pg = Clusters.postgres(sandbox, client, NS, restored + "-rw", restored);
        Statement st = pg.createStatement()) {
      for (int i = 0; i < 300; i++) {
        assertEquals("value " + i, redis.get("key:" + i));
      }
      assertEquals("kept", redis.get("pitr:before"), "archived after the backup, before t");
      assertEquals(null, redis.get("pitr:after"), "written after t");
      try (ResultSet rs = st.executeQuery("SELECT count(*), sum(id) FROM orders")) {
        rs.next();
        assertEquals(500, rs.getLong(1));
        assertEquals(500L * 501 / 2, rs.getLong(2));
      }
    }
    client.resources(OrbitCluster.class).inNamespace(NS).withName(restored).delete();
  }

  @Test
  void scheduledBackupsKeepTheLastTwoAndTheNewestIsVerified() throws Exception {
    Sandbox sandbox = SandboxExtension.sandbox();
    KubernetesClient client = sandbox.client();
    String name = "orbit-scheduled";
    OrbitCluster c = cluster(name, "scheduled");
    c.getSpec().getBackup().schedule = "* * * * *";
    c.getSpec().getBackup().retention = new RetentionSpec();
    c.getSpec().getBackup().retention.keepLast = 2;
    c.getSpec().getBackup().verify = new VerifySpec();
    c.getSpec().getBackup().verify.schedule = "* * * * *";
    client.resource(c).create();
    Clusters.awaitReady(client, NS, name, Duration.ofSeconds(120));
    try (Jedis redis = Clusters.redis(sandbox, NS, name + "-rw")) {
      for (int i = 0; i < 100; i++) {
        redis.set("s:" + i, "v" + i);
      }
    }
    // three on demand, and at least one from the schedule (every minute)
    for (int i = 1; i <= 3; i++) {
      backup("manual-" + i, name);
      awaitBackup("manual-" + i, BackupPhase.COMPLETED, Duration.ofSeconds(120));
    }
    Clusters.until(
        Duration.ofSeconds(150),
        () -> completed(client, name).stream().anyMatch(b -> b.startsWith(name + "-")),
        () -> "no scheduled backup completed: " + completed(client, name));
    Clusters.until(
        Duration.ofSeconds(60),
        () -> completed(client, name).size() == 2 && manifests(sandbox, "scheduled").size() == 2,
        () ->
            "retention keeps 2: OrbitBackups "
                + completed(client, name)
                + ", manifests in the bucket "
                + manifests(sandbox, "scheduled"));
    Clusters.await(
        client,
        NS,
        name,
        x -> Clusters.condition(x, "BackupVerified", "True"),
        Duration.ofSeconds(150),
        "BackupVerified");
    client.resources(OrbitCluster.class).inNamespace(NS).withName(name).delete();
  }

  @Test
  void aNodeKilledDuringABackupFailsItWithAReasonAndTheNextSucceeds() throws Exception {
    Sandbox sandbox = SandboxExtension.sandbox();
    KubernetesClient client = sandbox.client();
    String name = "orbit-killed";
    client.resource(cluster(name, "killed")).create();
    Clusters.awaitReady(client, NS, name, Duration.ofSeconds(120));
    try (Jedis redis = Clusters.redis(sandbox, NS, name + "-rw")) {
      String value = "x".repeat(10_000);
      for (int batch = 0; batch < 200; batch++) {
        Pipeline p = redis.pipelined();
        for (int i = 0; i < 100; i++) {
          p.set("big:" + batch + ":" + i, value);
        }
        p.sync();
      }
    }
    backup("interrupted", name);
    OrbitBackup running = awaitBackup("interrupted", BackupPhase.RUNNING, Duration.ofSeconds(60));
    String pod = running.getStatus().pod;
    long pid = sandbox.pid(NS, pod);
    assertTrue(pid > 0);
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    OrbitBackup failed = awaitBackup("interrupted", BackupPhase.FAILED, Duration.ofSeconds(120));
    assertTrue(
        failed.getStatus().error.startsWith("NodeRestarted")
            || failed.getStatus().error.startsWith("PodGone"),
        failed.getStatus().error);
    Clusters.awaitReady(client, NS, name, Duration.ofSeconds(120));
    backup("after-kill", name);
    awaitBackup("after-kill", BackupPhase.COMPLETED, Duration.ofSeconds(180));
    assertEquals(1, manifests(sandbox, "killed").size(), "only the complete backup is listed");
    client.resources(OrbitCluster.class).inNamespace(NS).withName(name).delete();
  }

  private static List<String> completed(KubernetesClient client, String cluster) {
    return client.resources(OrbitBackup.class).inNamespace(NS).list().getItems().stream()
        .filter(b -> cluster.equals(b.getSpec().cluster))
        .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.COMPLETED)
        .map(b -> b.getMetadata().getName())
        .sorted()
        .toList();
  }

  /** {@code coveredAt} (epoch ms) of an archived log's progress.json in the bucket, or -1. */
  private static long coveredAt(Sandbox sandbox, String dir) {
    var s3 = new dev.orbit.config.NodeConfig.S3();
    s3.endpoint = sandbox.s3().url();
    s3.forcePathStyle = true;
    s3.accessKeyId = S3Endpoint.ACCESS_KEY;
    s3.secretAccessKey = S3Endpoint.SECRET_KEY;
    try (var client = dev.orbit.node.backup.S3Clients.create(s3)) {
      byte[] b =
          client
              .getObjectAsBytes(r -> r.bucket("backups").key(dir + "/progress.json"))
              .asByteArray();
      return new ObjectMapper().readTree(b).path("coveredAt").asLong(-1);
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return -1; // no pass yet
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Manifests of complete backups in the sandbox bucket under {@code prefix} (listed over S3). */
  private static List<String> manifests(Sandbox sandbox, String prefix) {
    var s3 = new dev.orbit.config.NodeConfig.S3();
    s3.endpoint = sandbox.s3().url();
    s3.forcePathStyle = true;
    s3.accessKeyId = S3Endpoint.ACCESS_KEY;
    s3.secretAccessKey = S3Endpoint.SECRET_KEY;
    try (var client = dev.orbit.node.backup.S3Clients.create(s3)) {
      return client
          .listObjectsV2Paginator(b -> b.bucket("backups").prefix(prefix + "/" + NS + "/"))
          .contents()
          .stream()
          .map(o -> o.key())
          // <prefix>/<ns>/<cluster>/backups/<id>.json (not owner.json; the namespace is "backups")
          .filter(k -> k.split("/").length == 5 && k.split("/")[3].equals("backups"))
          .filter(k -> k.endsWith(".json"))
          .sorted()
          .toList();
    }
  }

  /** Status as JSON text for failure messages. */
  private static final class ObjectMapperHolder {
    String text(Object o) {
      try {
        return new ObjectMapper().writeValueAsString(o);
      } catch (Exception e) {
        return String.valueOf(o);
      }
    }
  }
}
