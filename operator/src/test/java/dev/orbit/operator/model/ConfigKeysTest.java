package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigKeysTest {
  @ParameterizedTest
  @CsvSource({
    "storage.durability, sync",
    "storage.durability, async",
    "storage.blockCacheSize, 256Mi",
    "storage.blockCacheSize, 1G",
    "storage.writeBufferSize, 67108864",
    "storage.recordCacheSize, 0",
    "storage.recordCacheSize, 128Mi",
    "tiering.enabled, false",
    "tiering.interval, 1h30m",
    "tiering.interval, 500ms",
    "tiering.warm.minAge, 2d",
    "tiering.warm.compression, snappy",
    "tiering.cold.minAge, 720h",
    "tiering.cold.compression, zstd"
  })
  void acceptsKnownKeysWithValidValues(String key, String value) {
    assertEquals(List.of(), ConfigKeys.validate(Map.of(key, value)));
  }

  @ParameterizedTest
  @CsvSource({
    "storage.durability, fsync",
    "storage.blockCacheSize, 256MB",
    "storage.writeBufferSize, -1",
    "storage.recordCacheSize, lots",
    "tiering.enabled, yes",
    "tiering.interval, 1 minute",
    "tiering.interval, 10",
    "tiering.warm.compression, gzip",
    "tiering.cold.minAge, 1w"
  })
  void rejectsBadValues(String key, String value) {
    var problems = ConfigKeys.validate(Map.of(key, value));
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains(key), problems.get(0));
  }

  @ParameterizedTest
  @CsvSource({
    "dataDir, managed by the operator",
    "storage.hotDir, managed by the operator",
    "storage.walDir, managed by the operator",
    "protocols.redis.port, set spec.protocols instead",
    "protocols.postgres.enabled, set spec.protocols instead",
    "admin.port, managed by the operator",
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
}
