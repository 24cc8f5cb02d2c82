package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigKeysTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "storage.durability",
        "storage.blockCacheSize",
        "storage.writeBufferSize",
        "storage.recordCacheSize",
        "tiering.enabled",
        "tiering.interval",
        "tiering.warm.minAge",
        "tiering.warm.compression",
        "tiering.cold.minAge",
        "tiering.cold.compression",
        "protocols.redis.maxClients",
        "protocols.postgres.authenticationTimeout",
        "protocols.cql.idleTimeout",
        "replication.electionTimeout",
        "backup.partSize"
      })
  void acceptsTheKeysUsersMaySet(String key) {
    assertEquals(List.of(), ConfigKeys.validate(Map.of(key, "x")));
    assertTrue(ConfigKeys.settable().contains(key));
  }

  @ParameterizedTest
  @CsvSource({
    "dataDir, managed by the operator",
    "storage.hotDir, managed by the operator",
    "storage.walDir, managed by the operator",
    "protocols.redis.port, set spec.protocols instead",
    "protocols.postgres.enabled, set spec.protocols instead",
    "admin.port, managed by the operator",
    "admin.token, managed by the operator",
    "replication.peers.orbit-0, one member per pod",
    "replication.adminPorts.orbit-1, one member per pod",
    "replication.nodeId, one member per pod",
    "auth.users.orbit, unknown node config key",
    "tiering.warm, unknown node config key",
    "storage, unknown node config key"
  })
  void rejectsKeysUsersMayNotSet(String key, String why) {
    var problems = ConfigKeys.validate(Map.of(key, "x"));
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains(why), problems.get(0));
  }

  @Test
  void reportsEveryBadEntryInKeyOrder() {
    var problems =
        ConfigKeys.validate(Map.of("z.unknown", "1", "a.unknown", "2", "tiering.interval", "5m"));
    assertEquals(2, problems.size());
    assertTrue(problems.get(0).contains("a.unknown"));
    assertTrue(problems.get(1).contains("z.unknown"));
  }

  @Test
  void valuesAreWrittenWithTheirYamlType() {
    assertEquals(Boolean.FALSE, ConfigKeys.typed("tiering.enabled", "false"));
    assertEquals(67108864L, ConfigKeys.typed("storage.writeBufferSize", "67108864"));
    assertEquals("256Mi", ConfigKeys.typed("storage.blockCacheSize", " 256Mi "));
    assertEquals("yes", ConfigKeys.typed("tiering.enabled", "yes"));
    assertEquals(500L, ConfigKeys.typed("protocols.redis.maxClients", "500"));
    assertEquals("5m", ConfigKeys.typed("protocols.redis.timeout", "5m"));
    assertEquals(
        "32mb 8mb 60",
        ConfigKeys.typed("protocols.redis.clientOutputBufferLimitPubsub", "32mb 8mb 60"));
  }
}
