package dev.orbit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitKeysTest {
  @TempDir Path tmp;

  static NodeConfig load(String... sets) {
    return ConfigLoader.load(null, null, List.of(sets), Map.of());
  }

  @Test
  void defaultsFollowTheReferenceSystems() {
    NodeConfig c = load();
    assertNull(c.admin.token);
    assertEquals(1000, c.protocols.postgres.maxConnections);
    assertEquals(Duration.ofSeconds(60), c.protocols.postgres.authenticationTimeout);
    assertEquals(10_000, c.protocols.redis.maxClients);
    assertEquals(Duration.ZERO, c.protocols.redis.timeout);
    assertEquals(1000, c.protocols.cql.maxConnections);
    assertEquals(Duration.ofSeconds(60), c.protocols.cql.authenticationTimeout);
    assertEquals(Duration.ZERO, c.protocols.cql.idleTimeout);
    assertEquals(1L << 20, c.admin.maxBodySize.bytes());
    assertEquals(Duration.ofSeconds(5), c.watchdog.readinessStall);
    assertTrue(c.backup.allowedRoots.isEmpty());
  }

  @Test
  void theAdminTokenComesFromTheEnvironmentAndIsNeverPrinted() {
    NodeConfig c =
        ConfigLoader.load(null, null, List.of(), Map.of("ORBIT_ADMIN_TOKEN", "hunter2-token"));
    assertEquals("hunter2-token", c.admin.token);
    assertFalse(c.admin.toString().contains("hunter2"), c.admin.toString());
    ConfigException blank = assertThrows(ConfigException.class, () -> load("admin.token= "));
    assertTrue(blank.getMessage().contains("'admin.token'"), blank.getMessage());
  }

  @Test
  void limitsAndTimeoutsAreSetByKeyAndEnvironment() {
    NodeConfig c =
        ConfigLoader.load(
            null,
            null,
            List.of("protocols.postgres.maxConnections=7", "protocols.redis.timeout=5m"),
            Map.of(
                "ORBIT_PROTOCOLS_REDIS_MAX_CLIENTS", "9",
                "ORBIT_PROTOCOLS_POSTGRES_AUTHENTICATION_TIMEOUT", "2s"));
    assertEquals(7, c.protocols.postgres.maxConnections);
    assertEquals(9, c.protocols.redis.maxClients);
    assertEquals(Duration.ofSeconds(2), c.protocols.postgres.authenticationTimeout);
    assertEquals(Duration.ofMinutes(5), c.protocols.redis.timeout);
  }

  @Test
  void allowedBackupRootsAreAListOrACommaSeparatedString() throws Exception {
    Path f = tmp.resolve("orbit.yaml");
    Files.writeString(f, "backup:\n  allowedRoots: [/backups, /mnt/nfs]\n");
    assertEquals(
        List.of("/backups", "/mnt/nfs"),
        ConfigLoader.load(f, null, List.of(), Map.of()).backup.allowedRoots);
    assertEquals(
        List.of("/a", "/b"),
        ConfigLoader.load(null, null, List.of(), Map.of("ORBIT_BACKUP_ALLOWED_ROOTS", "/a, /b"))
            .backup
            .allowedRoots);
    ConfigException relative =
        assertThrows(ConfigException.class, () -> load("backup.allowedRoots=backups"));
    assertTrue(relative.getMessage().contains("'backup.allowedRoots'"), relative.getMessage());
  }

  @Test
  void badLimitsAreNamed() {
    for (String bad :
        List.of(
            "protocols.postgres.maxConnections=0",
            "protocols.redis.maxClients=-1",
            "protocols.postgres.authenticationTimeout=0",
            "protocols.cql.maxConnections=0",
            "protocols.cql.frameTimeout=0",
            "protocols.cql.idleTimeout=-1s",
            "protocols.redis.clientOutputBufferLimitPubsub=32mb",
            "protocols.redis.clientOutputBufferLimitPubsub=32xb 8mb 60",
            "admin.headerTimeout=0",
            "admin.maxBodySize=10",
            "watchdog.livenessStall=1s")) {
      ConfigException e = assertThrows(ConfigException.class, () -> load(bad), bad);
      String key = bad.substring(0, bad.indexOf('='));
      assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    }
  }
}
