package dev.orbit.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node config keys users may set through {@code spec.config}, with how each value is written
 * into {@code orbit.yaml}. Values are checked by the node's own rules on the rendered config
 * ({@link SpecValidator#validateRendered}); the CRD refuses other keys at apply (a rule whose list
 * a test keeps equal to {@link #SETTABLE}).
 */
public final class ConfigKeys {
  /** How a value is written to YAML. */
  enum Type {
    SIZE,
    DURATION,
    BOOLEAN,
    DURABILITY,
    COMPRESSION,
    INTEGER,
    TEXT
  }

  static final Map<String, Type> SETTABLE =
      Map.ofEntries(
          Map.entry("storage.durability", Type.DURABILITY),
          Map.entry("storage.blockCacheSize", Type.SIZE),
          Map.entry("storage.writeBufferSize", Type.SIZE),
          Map.entry("storage.recordCacheSize", Type.SIZE),
          Map.entry("tiering.enabled", Type.BOOLEAN),
          Map.entry("tiering.interval", Type.DURATION),
          Map.entry("tiering.warm.minAge", Type.DURATION),
          Map.entry("tiering.warm.compression", Type.COMPRESSION),
          Map.entry("tiering.cold.minAge", Type.DURATION),
          Map.entry("tiering.cold.compression", Type.COMPRESSION),
          // connection limits and timeouts of each protocol's listener
          Map.entry("protocols.postgres.maxConnections", Type.INTEGER),
          Map.entry("protocols.postgres.authenticationTimeout", Type.DURATION),
          Map.entry("protocols.postgres.frameTimeout", Type.DURATION),
          Map.entry("protocols.redis.maxClients", Type.INTEGER),
          Map.entry("protocols.redis.authenticationTimeout", Type.DURATION),
          Map.entry("protocols.redis.frameTimeout", Type.DURATION),
          Map.entry("protocols.redis.timeout", Type.DURATION),
          Map.entry("protocols.redis.ioThreads", Type.INTEGER),
          Map.entry("protocols.redis.protoMaxBulkLen", Type.SIZE),
          Map.entry("protocols.redis.clientOutputBufferLimit", Type.SIZE),
          Map.entry("protocols.redis.clientOutputBufferLimitPubsub", Type.TEXT),
          Map.entry("protocols.cql.maxConnections", Type.INTEGER),
          Map.entry("protocols.cql.authenticationTimeout", Type.DURATION),
          Map.entry("protocols.cql.frameTimeout", Type.DURATION),
          Map.entry("protocols.cql.idleTimeout", Type.DURATION),
          // replication tuning (membership and ports stay the operator's)
          Map.entry("replication.maxReadLag", Type.DURATION),
          Map.entry("replication.electionTimeout", Type.DURATION),
          Map.entry("replication.snapshotEntries", Type.INTEGER),
          Map.entry("replication.logSegmentSize", Type.SIZE),
          Map.entry("replication.writeTimeout", Type.DURATION),
          Map.entry("watchdog.readinessStall", Type.DURATION),
          Map.entry("watchdog.livenessStall", Type.DURATION),
          Map.entry("backup.concurrency", Type.INTEGER),
          Map.entry("backup.partSize", Type.SIZE));

  private ConfigKeys() {}

  /** The keys users may set, sorted. */
  public static List<String> settable() {
    return SETTABLE.keySet().stream().sorted().toList();
  }

  /** Keys of {@code spec.config} users may not set, one message each; empty when all may be. */
  public static List<String> validate(Map<String, String> config) {
    var problems = new ArrayList<String>();
    if (config == null) {
      return problems;
    }
    for (String key : new TreeMap<>(config).keySet()) {
      if (!SETTABLE.containsKey(key)) {
        problems.add("spec.config: " + whyNotSettable(key));
      }
    }
    return problems;
  }

  /** The YAML value of a setting: booleans and plain byte counts as such, else strings. */
  static Object typed(String key, String value) {
    String v = value == null ? "" : value.trim();
    Type type = SETTABLE.get(key);
    if (type == Type.BOOLEAN && (v.equals("true") || v.equals("false"))) {
      return Boolean.valueOf(v);
    }
    if ((type == Type.SIZE || type == Type.INTEGER)
        && !v.isEmpty()
        && v.length() < 19
        && v.chars().allMatch(Character::isDigit)) {
      return Long.valueOf(v);
    }
    return v;
  }

  private static String whyNotSettable(String key) {
    if (key.equals("dataDir") || key.matches("storage\\.(wal|hot|warm|cold)Dir")) {
      return key + " is managed by the operator (volume layout from spec.storage)";
    }
    if (key.matches("protocols\\.[a-z]+\\.(enabled|port)")) {
      return key + " is managed by the operator: set spec.protocols instead";
    }
    if (key.matches("replication\\.(nodeId|port|peers(\\..*)?|adminPorts(\\..*)?)")) {
      return key + " is managed by the operator (one member per pod of spec.replicas)";
    }
    if (key.startsWith("admin.")) {
      return key + " is managed by the operator";
    }
    return "unknown node config key '" + key + "'";
  }
}
