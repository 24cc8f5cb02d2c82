package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecValidatorTest {
  @Test
  void minimalSpecIsValid() {
    var c = Clusters.minimal("ns", "c");
    assertEquals(List.of(), SpecValidator.validate(c.getSpec()));
    assertEquals(List.of(), rendered(c));
  }

  @Test
  void walAndHotAreRequired() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getStorage().setWal(null);
    c.getSpec().getStorage().setHot(null);
    assertEquals(
        List.of("spec.storage.wal is required", "spec.storage.hot is required"),
        SpecValidator.validate(c.getSpec()));
  }

  @Test
  void sizesMustBePositiveQuantities() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getStorage().setHot(new VolumeSpec());
    var warm = new VolumeSpec();
    warm.setSize(new Quantity("lots"));
    c.getSpec().getStorage().setWarm(warm);
    c.getSpec().getStorage().setCold(new VolumeSpec("0", null));
    var problems = SpecValidator.validate(c.getSpec());
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("spec.storage.hot.size is required"));
    assertTrue(problems.get(1).contains("spec.storage.warm.size"));
    assertTrue(problems.get(2).contains("spec.storage.cold.size"));
  }

  @Test
  void configKeysTheOperatorManagesAreRefused() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setConfig(Map.of("nope", "1"));
    assertEquals(
        List.of("spec.config: unknown node config key 'nope'"),
        SpecValidator.validate(c.getSpec()));
  }

  @Test
  void portsMustBeDistinctAndNotTheAdminPort() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getProtocols().getRedis().setPort(5432);
    var problems = rendered(c);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("uses port 5432, already used by"), problems.get(0));
    c.getSpec().getProtocols().getRedis().setPort(8080);
    assertTrue(rendered(c).get(0).contains("already used by 'admin.port'"));
  }

  @Test
  void disabledProtocolsMayShareAPort() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getProtocols().getMysql().setPort(5432);
    assertEquals(List.of(), rendered(c));
  }

  @Test
  void protocolsThisNodeBuildDoesNotServeAreRefused() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getProtocols().getBolt().setEnabled(true);
    var problems = rendered(c);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("protocols.bolt.enabled"), problems.get(0));
    assertTrue(problems.get(0).contains("not available in this build"), problems.get(0));
  }

  @Test
  void warmMinAgeLongerThanColdIsRefused() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getTiering().getWarm().setMinAge("30d");
    c.getSpec().getTiering().getCold().setMinAge("1h");
    var problems = rendered(c);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).contains("'tiering.cold.minAge' (1h) must not be shorter"),
        problems.get(0));
  }

  @ParameterizedTest
  @CsvSource({
    "storage.durability, fsync",
    "storage.blockCacheSize, 256MB",
    "storage.blockCacheSize, 1Ki",
    "storage.writeBufferSize, -1",
    "storage.recordCacheSize, lots",
    "tiering.enabled, yes",
    "tiering.interval, 1 minute",
    "tiering.interval, 10",
    "tiering.interval, 0s",
    "tiering.warm.compression, gzip",
    "tiering.cold.minAge, 1w",
    "protocols.redis.maxClients, 0",
    "protocols.redis.maxClients, many",
    "protocols.postgres.authenticationTimeout, soon",
    "protocols.cql.frameTimeout, 10",
    "protocols.redis.clientOutputBufferLimitPubsub, 32mb",
    "replication.electionTimeout, 10ms",
    "replication.writeTimeout, 0s",
    "replication.snapshotEntries, 0",
    "replication.logSegmentSize, 1Ki",
    "backup.concurrency, 65"
  })
  void badConfigValuesAreRefusedByTheNodesRules(String key, String value) {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setConfig(Map.of(key, value));
    assertEquals(List.of(), SpecValidator.validate(c.getSpec()));
    var problems = rendered(c);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("'" + key + "'"), problems.get(0));
  }

  @ParameterizedTest
  @CsvSource({
    "storage.durability, sync",
    "storage.blockCacheSize, 1G",
    "storage.writeBufferSize, 67108864",
    "storage.recordCacheSize, 0",
    "tiering.enabled, false",
    "tiering.interval, 1h30m",
    "tiering.interval, 500ms",
    "tiering.warm.minAge, 2d",
    "tiering.cold.compression, zstd",
    "protocols.redis.maxClients, 500",
    "protocols.redis.timeout, 0",
    "protocols.redis.timeout, 5m",
    "protocols.redis.clientOutputBufferLimitPubsub, 64mb 16mb 30",
    "protocols.postgres.maxConnections, 200",
    "protocols.cql.idleTimeout, 1h",
    "replication.electionTimeout, 3s",
    "replication.writeTimeout, 1m",
    "replication.maxReadLag, 30s",
    "replication.snapshotEntries, 50000",
    "replication.logSegmentSize, 32Mi",
    "watchdog.livenessStall, 2m",
    "backup.concurrency, 8",
    "backup.partSize, 128Mi"
  })
  void goodConfigValuesPass(String key, String value) {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setConfig(Map.of(key, value));
    assertEquals(List.of(), rendered(c));
  }

  private static List<String> rendered(OrbitCluster c) {
    return SpecValidator.validateRendered(NodeConfig.render(c.getSpec(), c.getSpec().getStorage()));
  }
}
