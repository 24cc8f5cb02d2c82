package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.orbit.operator.api.v1alpha1.Compression;
import dev.orbit.operator.api.v1alpha1.Durability;
import dev.orbit.operator.api.v1alpha1.TierPolicy;
import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import dev.orbit.operator.testing.Clusters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void defaultsRenderExactlyTheNodeFormat() {
    var c = Clusters.minimal("ns", "c");
    String expected =
        """
        dataDir: /var/lib/orbit
        storage:
          walDir: /var/lib/orbit/wal
          hotDir: /var/lib/orbit/hot
          warmDir: /var/lib/orbit/hot/tiers/warm
          coldDir: /var/lib/orbit/hot/tiers/cold
          durability: group
        tiering:
          enabled: true
          interval: 1m
          warm:
            minAge: 48h
            compression: lz4
          cold:
            minAge: 720h
            compression: zstd
        protocols:
          postgres:
            enabled: true
            port: 5432
          redis:
            enabled: true
            port: 6379
          mysql:
            enabled: false
            port: 3306
          cql:
            enabled: false
            port: 9042
          bolt:
            enabled: false
            port: 7687
          aql:
            enabled: false
            port: 8529
        admin:
          port: 8080
        replication:
          port: 7000
        """;
    assertEquals(expected, NodeConfig.render(c.getSpec(), c.getSpec().getStorage()));
  }

  @Test
  void tiersWithTheirOwnVolumeUseTheirMount() throws Exception {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getStorage().setWarm(new VolumeSpec("50Gi", "standard"));
    c.getSpec().getStorage().setCold(new VolumeSpec("500Gi", "cold-hdd"));
    var tree = read(NodeConfig.render(c.getSpec(), c.getSpec().getStorage()));
    var storage = (Map<?, ?>) tree.get("storage");
    assertEquals("/var/lib/orbit/warm", storage.get("warmDir"));
    assertEquals("/var/lib/orbit/cold", storage.get("coldDir"));
  }

  @Test
  void specFieldsAreRenderedWithTheirTypes() throws Exception {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setDurability(Durability.SYNC);
    c.getSpec().getTiering().setEnabled(false);
    c.getSpec().getTiering().setInterval("1h30m");
    c.getSpec().getTiering().setWarm(new TierPolicy("24h", Compression.SNAPPY));
    c.getSpec().getTiering().setCold(new TierPolicy(null, null));
    c.getSpec().getProtocols().getCql().setEnabled(true);
    c.getSpec().getProtocols().getCql().setPort(19042);
    var tree = read(NodeConfig.render(c.getSpec(), c.getSpec().getStorage()));
    assertEquals("sync", ((Map<?, ?>) tree.get("storage")).get("durability"));
    var tiering = (Map<?, ?>) tree.get("tiering");
    assertEquals(false, tiering.get("enabled"));
    assertEquals("1h30m", tiering.get("interval"));
    assertEquals(Map.of("minAge", "24h", "compression", "snappy"), tiering.get("warm"));
    assertEquals(Map.of("minAge", "720h", "compression", "zstd"), tiering.get("cold"));
    var cql = (Map<?, ?>) ((Map<?, ?>) tree.get("protocols")).get("cql");
    assertEquals(Map.of("enabled", true, "port", 19042), cql);
  }

  @Test
  void configOverridesMergeIntoTheTreeWithTypedValues() throws Exception {
    var c = Clusters.minimal("ns", "c");
    c.getSpec()
        .setConfig(
            Map.of(
                "tiering.interval", "30s",
                "tiering.enabled", "false",
                "storage.blockCacheSize", "512Mi",
                "storage.writeBufferSize", "1048576",
                "tiering.cold.compression", "none"));
    var tree = read(NodeConfig.render(c.getSpec(), c.getSpec().getStorage()));
    var tiering = (Map<?, ?>) tree.get("tiering");
    assertEquals("30s", tiering.get("interval"));
    assertEquals(false, tiering.get("enabled"));
    assertEquals("none", ((Map<?, ?>) tiering.get("cold")).get("compression"));
    assertEquals("720h", ((Map<?, ?>) tiering.get("cold")).get("minAge"));
    var storage = (Map<?, ?>) tree.get("storage");
    assertEquals("512Mi", storage.get("blockCacheSize"));
    assertEquals(1048576, storage.get("writeBufferSize"));
  }

  @Test
  void renderingIsDeterministicAndTheHashFollowsTheText() {
    var a = Clusters.minimal("ns", "c");
    var b = Clusters.minimal("ns", "c");
    String ra = NodeConfig.render(a.getSpec(), a.getSpec().getStorage());
    assertEquals(ra, NodeConfig.render(b.getSpec(), b.getSpec().getStorage()));
    assertEquals(NodeConfig.hash(ra), NodeConfig.hash(ra));
    assertEquals(16, NodeConfig.hash(ra).length());
    b.getSpec().getTiering().setInterval("2m");
    String rb = NodeConfig.render(b.getSpec(), b.getSpec().getStorage());
    assertNotEquals(NodeConfig.hash(ra), NodeConfig.hash(rb));
  }

  @Test
  void rendersNoAuthKeys() {
    var c = Clusters.minimal("ns", "c");
    assertTrue(!NodeConfig.render(c.getSpec(), c.getSpec().getStorage()).contains("auth"));
  }

  private static Map<?, ?> read(String yaml) throws Exception {
    return YAML.readValue(yaml, Map.class);
  }
}
