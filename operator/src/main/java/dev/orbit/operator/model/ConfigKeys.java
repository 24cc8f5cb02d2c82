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
    COMPRESSION
  }

  static final Map<String, Type> SETTABLE =
      Map.of(
          "storage.durability", Type.DURABILITY,
          "storage.blockCacheSize", Type.SIZE,
          "storage.writeBufferSize", Type.SIZE,
          "storage.recordCacheSize", Type.SIZE,
          "tiering.enabled", Type.BOOLEAN,
          "tiering.interval", Type.DURATION,
          "tiering.warm.minAge", Type.DURATION,
          "tiering.warm.compression", Type.COMPRESSION,
          "tiering.cold.minAge", Type.DURATION,
          "tiering.cold.compression", Type.COMPRESSION);

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
    if (type == Type.SIZE && !v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
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
    if (key.matches("replication\\.(nodeId|port|peers(\\..*)?)")) {
      return key + " is managed by the operator (one member per pod of spec.replicas)";
    }
    if (key.startsWith("admin.")) {
      return key + " is managed by the operator";
    }
    return "unknown node config key '" + key + "'";
  }
}
