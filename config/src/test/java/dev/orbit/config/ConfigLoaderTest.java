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

class ConfigLoaderTest {
  @TempDir Path tmp;

  @Test
  void defaultsPlaceEveryRootUnderTheDataDir() {
    NodeConfig c = ConfigLoader.load(null, "/srv/orbit", List.of(), Map.of());
    assertEquals(Path.of("/srv/orbit/wal"), c.walRoot());
    assertEquals(Path.of("/srv/orbit/hot"), c.hotRoot());
    assertEquals(Path.of("/srv/orbit/cold"), c.coldRoot());
    assertEquals(NodeConfig.Durability.GROUP, c.storage.durability);
    assertEquals(Duration.ofHours(48), c.tiering.warm.minAge);
    assertEquals(Duration.ofDays(30), c.tiering.cold.minAge);
    assertEquals(256L << 20, c.storage.blockCacheSize.bytes());
    assertEquals(64L << 20, c.storage.recordCacheSize.bytes());
    assertEquals(6379, c.protocols.redis.port);
    assertEquals(8080, c.admin.port);
  }

  @Test
  void fileThenEnvironmentThenSetOverride() throws Exception {
    Path f = tmp.resolve("orbit.yaml");
    Files.writeString(
        f,
        """
        dataDir: /data
        storage:
          walDir: /wal
          durability: sync
          blockCacheSize: 1Gi
        tiering:
          interval: 30s
          warm: {minAge: 1h30m, compression: snappy}
        protocols:
          redis: {port: 7000}
        """);
    NodeConfig c =
        ConfigLoader.load(
            f,
            null,
            List.of("tiering.cold.minAge=2d"),
            Map.of(
                "ORBIT_PROTOCOLS_REDIS_PORT", "7001",
                "ORBIT_STORAGE_WRITE_BUFFER_SIZE", "32Mi",
                "ORBIT_SERVICE_HOST", "10.0.0.1"));
    assertEquals(Path.of("/wal"), c.walRoot());
    assertEquals(Path.of("/data/hot"), c.hotRoot());
    assertEquals(NodeConfig.Durability.SYNC, c.storage.durability);
    assertEquals(1L << 30, c.storage.blockCacheSize.bytes());
    assertEquals(32L << 20, c.storage.writeBufferSize.bytes());
    assertEquals(Duration.ofSeconds(30), c.tiering.interval);
    assertEquals(Duration.ofMinutes(90), c.tiering.warm.minAge);
    assertEquals(NodeConfig.Compression.SNAPPY, c.tiering.warm.compression);
    assertEquals(Duration.ofDays(2), c.tiering.cold.minAge);
    assertEquals(7001, c.protocols.redis.port);
  }

  @Test
  void unknownKeyIsNamed() throws Exception {
    Path f = tmp.resolve("orbit.yaml");
    Files.writeString(f, "storage:\n  hotdir: /x\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(f, null, List.of(), Map.of()));
    assertTrue(e.getMessage().contains("unknown config key 'storage.hotdir'"), e.getMessage());
    ConfigException s =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(null, null, List.of("protocols.memcached.port=1"), Map.of()));
    assertTrue(s.getMessage().contains("'protocols.memcached'"), s.getMessage());
  }

  @Test
  void badValuesAreNamedWithTheKey() {
    ConfigException d =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(null, null, List.of("tiering.interval=soon"), Map.of()));
    assertTrue(d.getMessage().contains("'tiering.interval'"), d.getMessage());
    assertTrue(d.getMessage().contains("not a duration"), d.getMessage());
    ConfigException p =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(null, null, List.of("protocols.redis.port=http"), Map.of()));
    assertTrue(p.getMessage().contains("'protocols.redis.port'"), p.getMessage());
    ConfigException m =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(null, null, List.of("storage.durability=maybe"), Map.of()));
    assertTrue(m.getMessage().contains("'storage.durability'"), m.getMessage());
    ConfigException order =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    null,
                    null,
                    List.of("tiering.warm.minAge=10d", "tiering.cold.minAge=1d"),
                    Map.of()));
    assertTrue(order.getMessage().contains("tiering.cold.minAge"), order.getMessage());
    ConfigException port =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(null, null, List.of("admin.port=6379"), Map.of()));
    assertTrue(port.getMessage().contains("already used"), port.getMessage());
    ConfigException uid =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    null, null, List.of("backup.archive.target=file:///tmp/a"), Map.of()));
    assertTrue(
        uid.getMessage().contains("'backup.archive.clusterUid' is required"), uid.getMessage());
    NodeConfig withClusterUid =
        ConfigLoader.load(
            null,
            null,
            List.of("backup.archive.target=file:///tmp/a"),
            Map.of("ORBIT_BACKUP_CLUSTER_UID", "uid-1"));
    assertEquals("uid-1", withClusterUid.backup.clusterUid(), "backup.clusterUid also serves");
    ConfigException differ =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    null,
                    null,
                    List.of("backup.clusterUid=uid-1", "backup.archive.clusterUid=uid-2"),
                    Map.of()));
    assertTrue(differ.getMessage().contains("differ"), differ.getMessage());
    ConfigException badUid =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(null, null, List.of("backup.clusterUid=a/b"), Map.of()));
    assertTrue(badUid.getMessage().contains("'backup.clusterUid'"), badUid.getMessage());
    ConfigException interval =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(null, null, List.of("backup.archive.interval=0s"), Map.of()));
    assertTrue(interval.getMessage().contains("'backup.archive.interval'"), interval.getMessage());
  }

  @Test
  void durationsAndSizesRoundTrip() {
    assertEquals(Duration.ofMillis(1500), Durations.parse("1s500ms"));
    assertEquals("90m", Durations.format(Duration.ofMinutes(90)));
    assertEquals(Duration.ofDays(30), Durations.parse(Durations.format(Duration.ofDays(30))));
    assertEquals(256L << 20, Sizes.parse("256Mi"));
    assertEquals(2_000_000_000L, Sizes.parse("2G"));
    assertEquals("256Mi", Sizes.format(256L << 20));
    assertThrows(IllegalArgumentException.class, () -> Sizes.parse("12 MB"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("10 minutes"));
  }

  @Test
  void envNamesFollowKeyPaths() {
    assertEquals("ORBIT_PROTOCOLS_REDIS_PORT", ConfigLoader.envName("protocols.redis.port"));
    assertEquals("ORBIT_STORAGE_BLOCK_CACHE_SIZE", ConfigLoader.envName("storage.blockCacheSize"));
    List<String> keys = ConfigLoader.knownKeys();
    assertTrue(keys.contains("tiering.warm.minAge"));
    assertTrue(keys.contains("storage.walDir"));
    assertFalse(keys.contains("storage"));
  }

  @Test
  void replicationPeersAndNodeIdComeFromTheEnvironment() {
    NodeConfig c =
        ConfigLoader.load(
            null,
            null,
            List.of(),
            Map.of(
                "ORBIT_REPLICATION_PEERS",
                    "o-0=o-0.o-nodes.ns.svc:7000, o-1=o-1.o-nodes.ns.svc:7000",
                "ORBIT_REPLICATION_NODE_ID", "o-1"));
    assertEquals(
        Map.of("o-0", "o-0.o-nodes.ns.svc:7000", "o-1", "o-1.o-nodes.ns.svc:7000"),
        c.replication.peers);
    assertEquals("o-1", c.replication.nodeId);
    var e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    null,
                    null,
                    List.of(),
                    Map.of(
                        "ORBIT_REPLICATION_PEERS", "o-0=o-0:7000",
                        "ORBIT_REPLICATION_NODE_ID", "o-1")));
    assertTrue(e.getMessage().contains("names no member"), e.getMessage());
    assertThrows(
        ConfigException.class,
        () -> ConfigLoader.load(null, null, List.of(), Map.of("ORBIT_REPLICATION_PEERS", "o-0")));
  }

  @Test
  void authDefaultsToScramAndTakesUsersFromFileEnvAndSet() throws Exception {
    NodeConfig d = ConfigLoader.load(null, null, List.of(), Map.of());
    assertEquals(NodeConfig.AuthMethod.SCRAM_SHA_256, d.auth.method);
    assertTrue(d.auth.users.isEmpty());
    assertTrue(d.protocols.postgres.enabled);
    assertEquals(5432, d.protocols.postgres.port);
    assertEquals(5432, d.protocols.postgres.port);
    Path f = tmp.resolve("orbit.yaml");
    Files.writeString(f, "auth:\n  users:\n    alice: wonderland\n");
    NodeConfig c =
        ConfigLoader.load(
            f,
            null,
            List.of("auth.users.bob=builder", "auth.method=trust"),
            Map.of("ORBIT_AUTH_USERS_ORBIT", "s3cret"));
    assertEquals(NodeConfig.AuthMethod.TRUST, c.auth.method);
    assertEquals(Map.of("alice", "wonderland", "bob", "builder", "orbit", "s3cret"), c.auth.users);
    assertFalse(c.auth.toString().contains("s3cret"));
  }

  @Test
  void badAuthValuesAreNamed() {
    ConfigException m =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(null, null, List.of("auth.method=md5"), Map.of()));
    assertTrue(m.getMessage().contains("'auth.method'"), m.getMessage());
    ConfigException p =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(null, null, List.of("auth.users.orbit="), Map.of()));
    assertTrue(p.getMessage().contains("'auth.users.orbit'"), p.getMessage());
  }

  @Test
  void adminTokenComesFromTheEnvironmentAndIsNeverShown() {
    assertNull(ConfigLoader.load(null, null, List.of(), Map.of()).admin.token);
    NodeConfig c =
        ConfigLoader.load(null, null, List.of(), Map.of("ORBIT_ADMIN_TOKEN", "s3cret-token"));
    assertEquals("s3cret-token", c.admin.token);
    assertEquals("ORBIT_ADMIN_TOKEN", ConfigLoader.envName("admin.token"));
    assertFalse(c.admin.toString().contains("s3cret-token"), c.admin.toString());
  }

  @Test
  void checkAppliesTheNodesRulesToARenderedConfig() {
    NodeConfig ok = ConfigLoader.check("tiering:\n  interval: 30s\n");
    assertEquals(Duration.ofSeconds(30), ok.tiering.interval);
    var inverted =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.check("tiering:\n  warm: {minAge: 30d}\n  cold: {minAge: 1h}\n"));
    assertTrue(inverted.getMessage().contains("'tiering.cold.minAge'"), inverted.getMessage());
    var unserved =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.check("protocols:\n  bolt: {enabled: true}\n"));
    assertTrue(unserved.getMessage().contains("protocols.bolt.enabled"), unserved.getMessage());
    var unknown =
        assertThrows(ConfigException.class, () -> ConfigLoader.check("storage:\n  lukewarm: 1\n"));
    assertTrue(unknown.getMessage().contains("'storage.lukewarm'"), unknown.getMessage());
    var clash =
        assertThrows(
            ConfigException.class, () -> ConfigLoader.check("protocols:\n  redis: {port: 8080}\n"));
    assertTrue(clash.getMessage().contains("already used by 'admin.port'"), clash.getMessage());
  }
}
