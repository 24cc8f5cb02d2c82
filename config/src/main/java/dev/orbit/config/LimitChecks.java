package dev.orbit.config;

import java.nio.file.Path;
import java.time.Duration;

/** Checks of the admin, backup, connection-limit and watchdog keys (part of loading a config). */
final class LimitChecks {
  private LimitChecks() {}

  static void validate(NodeConfig c) {
    NodeConfig.Admin a = c.admin;
    if (a.token != null && a.token.isBlank()) {
      throw new ConfigException("config key 'admin.token' must not be empty when set");
    }
    atLeast("admin.maxConnections", a.maxConnections, 1);
    atLeast("admin.workers", a.workers, 1);
    if (a.maxBodySize == null || a.maxBodySize.bytes() < 1024) {
      throw new ConfigException("config key 'admin.maxBodySize' must be at least 1Ki");
    }
    positive("admin.headerTimeout", a.headerTimeout);
    positive("admin.bodyTimeout", a.bodyTimeout);
    atLeast("protocols.postgres.maxConnections", c.protocols.postgres.maxConnections, 1);
    positive(
        "protocols.postgres.authenticationTimeout", c.protocols.postgres.authenticationTimeout);
    positive("protocols.postgres.frameTimeout", c.protocols.postgres.frameTimeout);
    atLeast("protocols.redis.maxClients", c.protocols.redis.maxClients, 1);
    positive("protocols.redis.authenticationTimeout", c.protocols.redis.authenticationTimeout);
    positive("protocols.redis.frameTimeout", c.protocols.redis.frameTimeout);
    if (c.protocols.redis.timeout == null || c.protocols.redis.timeout.isNegative()) {
      throw new ConfigException("config key 'protocols.redis.timeout' must be 0 or more");
    }
    if (!RedisProtocol.isPubsubLimit(c.protocols.redis.clientOutputBufferLimitPubsub)) {
      throw new ConfigException(
          "config key 'protocols.redis.clientOutputBufferLimitPubsub' must be '<hard> <soft>"
              + " <seconds>' (e.g. '32mb 8mb 60'), not '"
              + c.protocols.redis.clientOutputBufferLimitPubsub
              + "'");
    }
    atLeast("protocols.cql.maxConnections", c.protocols.cql.maxConnections, 1);
    positive("protocols.cql.authenticationTimeout", c.protocols.cql.authenticationTimeout);
    positive("protocols.cql.frameTimeout", c.protocols.cql.frameTimeout);
    if (c.protocols.cql.idleTimeout == null || c.protocols.cql.idleTimeout.isNegative()) {
      throw new ConfigException("config key 'protocols.cql.idleTimeout' must be 0 or more");
    }
    positive("watchdog.readinessStall", c.watchdog.readinessStall);
    positive("watchdog.livenessStall", c.watchdog.livenessStall);
    if (c.watchdog.livenessStall.compareTo(c.watchdog.readinessStall) < 0) {
      throw new ConfigException(
          "config key 'watchdog.livenessStall' must not be shorter than 'watchdog.readinessStall'");
    }
    for (String root : c.backup.allowedRoots) {
      if (!Path.of(root).isAbsolute()) {
        throw new ConfigException(
            "config key 'backup.allowedRoots': '" + root + "' is not an absolute path");
      }
    }
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new ConfigException("config key '" + key + "' must be at least " + min);
    }
  }

  private static void positive(String key, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new ConfigException("config key '" + key + "' must be greater than 0");
    }
  }
}
