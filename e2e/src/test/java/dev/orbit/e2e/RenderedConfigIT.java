package dev.orbit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import dev.orbit.config.ServedProtocols;
import dev.orbit.node.Node;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.model.ClusterModel;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orbit.yaml the operator renders is exactly a config the node accepts and starts with. */
class RenderedConfigIT {
  @TempDir Path dir;

  static OrbitCluster example(String name) throws Exception {
    return Serialization.unmarshal(
        Files.readString(Path.of("../deploy/examples", name)), OrbitCluster.class);
  }

  static NodeConfig nodeParses(String yaml, Path file, String... sets) throws Exception {
    Files.writeString(file, yaml);
    // the pod passes the superuser password as an env var that the node must tolerate
    return ConfigLoader.load(file, null, List.of(sets), Map.of("ORBIT_AUTH_USERS_ORBIT", "secret"));
  }

  @Test
  void minimalExampleRendersAConfigTheNodeAccepts() throws Exception {
    String yaml =
        ClusterModel.from(example("minimal.yaml"), OperatorConfig.defaults()).nodeConfig();
    NodeConfig c = nodeParses(yaml, dir.resolve("orbit.yaml"));
    assertEquals(Path.of("/var/lib/orbit/wal"), c.walRoot());
    assertEquals(Path.of("/var/lib/orbit/hot"), c.hotRoot());
    assertTrue(
        c.warmRoot().startsWith(Path.of("/var/lib/orbit/hot")), "warm lives on the hot volume");
    assertTrue(
        c.coldRoot().startsWith(Path.of("/var/lib/orbit/hot")), "cold lives on the hot volume");
    assertEquals(8080, c.admin.port);
    assertEquals(6379, c.protocols.redis.port);
    assertTrue(c.protocols.redis.enabled);
  }

  @Test
  void threeTierExampleRendersItsPolicyAndVolumes() throws Exception {
    OrbitCluster cr = example("three-tier.yaml");
    String yaml = ClusterModel.from(cr, OperatorConfig.defaults()).nodeConfig();
    NodeConfig c = nodeParses(yaml, dir.resolve("orbit.yaml"));
    assertEquals(Path.of("/var/lib/orbit/warm"), c.warmRoot());
    assertEquals(Path.of("/var/lib/orbit/cold"), c.coldRoot());
    assertTrue(c.tiering.enabled);
    assertTrue(c.tiering.cold.minAge.compareTo(c.tiering.warm.minAge) >= 0);
  }

  @Test
  void aNodeStartsAndServesWithTheRenderedConfig() throws Exception {
    String yaml =
        ClusterModel.from(example("three-tier.yaml"), OperatorConfig.defaults()).nodeConfig();
    // same file; only the folders and ports differ from a pod's (and protocols this build
    // does not serve yet are switched off)
    List<String> sets =
        new java.util.ArrayList<>(
            List.of(
                "dataDir=" + dir.resolve("data"),
                "storage.walDir=" + dir.resolve("data/wal"),
                "storage.hotDir=" + dir.resolve("data/hot"),
                "storage.warmDir=" + dir.resolve("data/warm"),
                "storage.coldDir=" + dir.resolve("data/cold"),
                "bindAddress=127.0.0.1",
                "admin.port=0",
                "protocols.redis.port=0",
                "protocols.postgres.port=0",
                "protocols.cql.port=0"));
    for (String p : List.of("postgres", "mysql", "cql", "bolt", "aql")) {
      if (!ServedProtocols.SERVED.contains(p)) {
        sets.add("protocols." + p + ".enabled=false");
      }
    }
    NodeConfig c = nodeParses(yaml, dir.resolve("orbit.yaml"), sets.toArray(String[]::new));
    try (Node node = Node.start(c, Clock.systemUTC())) {
      assertTrue(node.ready());
      try (redis.clients.jedis.Jedis j =
          new redis.clients.jedis.Jedis("127.0.0.1", node.port("redis"), 60_000)) {
        // the rendered config carries the cluster's users: Redis requires their password
        assertEquals("OK", j.auth("orbit", "secret"));
        assertEquals("OK", j.set("k", "v"));
      }
    }
    assertTrue(Files.isDirectory(dir.resolve("data/cold/redis")));
  }
}
