package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** The three-tier example with a policy of seconds: data reaches the warm and cold volumes. */
@ExtendWith(SandboxExtension.class)
class TieringE2E {
  static final String NS = "tiering";
  static final String C = "orbit-tiered";

  @AfterAll
  static void deleteCluster() {
    SandboxExtension.sandbox().client().resources(OrbitCluster.class).inNamespace(NS).delete();
  }

  @Test
  void agedRecordsLandInTheWarmAndColdVolumesAndStayReadable() {
    Sandbox sandbox = SandboxExtension.sandbox();
    KubernetesClient client = sandbox.client();
    client.resource(Clusters.load(client, "three-tier.yaml", NS, c -> c)).create();
    Clusters.awaitReady(client, NS, C, Duration.ofSeconds(90));
    assertEquals(
        List.of("cold-" + C + "-0", "hot-" + C + "-0", "wal-" + C + "-0", "warm-" + C + "-0"),
        client.persistentVolumeClaims().inNamespace(NS).list().getItems().stream()
            .map(p -> p.getMetadata().getName())
            .sorted()
            .toList());

    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      for (int i = 0; i < 500; i++) {
        redis.set("aged:" + i, "v" + i);
      }
    }

    Path warm = sandbox.volume(NS, "warm-" + C + "-0").resolve("redis");
    Path cold = sandbox.volume(NS, "cold-" + C + "-0").resolve("redis");
    Clusters.until(
        Duration.ofSeconds(60),
        () -> sstFiles(warm) > 0 && sstFiles(cold) > 0,
        () -> "no table files in " + warm + " and " + cold);
    try (Jedis redis = Clusters.redis(sandbox, NS, C + "-rw")) {
      for (int i = 0; i < 500; i++) {
        assertEquals("v" + i, redis.get("aged:" + i));
      }
    }
  }

  private static long sstFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".sst")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
