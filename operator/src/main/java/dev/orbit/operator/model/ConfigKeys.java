package dev.orbit.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The node config keys users may set through {@code spec.config}, with their value types. */
public final class ConfigKeys {
  static final Pattern SIZE = Pattern.compile("^[0-9]+([KMGT]i?)?$");
  static final Pattern DURATION = Pattern.compile("^([0-9]+(ms|s|m|h|d))+$");
  private static final Set<String> DURABILITY = Set.of("sync", "group", "async");
  private static final Set<String> COMPRESSION = Set.of("none", "snappy", "lz4", "zstd");
  private static final Set<String> BOOL = Set.of("true", "false");

  /** Value type of a key: how its string is checked and written to YAML. */
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

  /** Problems with {@code spec.config}, one message per bad entry; empty when all are valid. */
  public static List<String> validate(Map<String, String> config) {
    var problems = new ArrayList<String>();
    if (config == null) {
      return problems;
    }
    for (var e : new TreeMap<>(config).entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue().trim();
      Type type = SETTABLE.get(key);
      if (type == null) {
        problems.add("spec.config: " + whyNotSettable(key));
      } else if (!valid(type, value)) {
        problems.add(
            "spec.config: " + key + "='" + value + "' is not a valid " + describe(type) + "");
      }
    }
    return problems;
  }

  /** The YAML value of a valid setting: booleans, plain byte counts as numbers, else strings. */
  static Object typed(String key, String value) {
    String v = value.trim();
    Type type = SETTABLE.get(key);
    if (type == Type.BOOLEAN) {
      return Boolean.valueOf(v);
    }
    if (type == Type.SIZE && v.chars().allMatch(Character::isDigit)) {
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
    if (key.equals("admin.port")) {
      return key + " is managed by the operator (probes use " + Protocol.ADMIN_PORT + ")";
    }
    return "unknown node config key '" + key + "'";
  }

  private static boolean valid(Type type, String value) {
    return switch (type) {
      case SIZE -> SIZE.matcher(value).matches();
      case DURATION -> DURATION.matcher(value).matches();
      case BOOLEAN -> BOOL.contains(value);
      case DURABILITY -> DURABILITY.contains(value);
      case COMPRESSION -> COMPRESSION.contains(value);
    };
  }

  private static String describe(Type type) {
    return switch (type) {
      case SIZE -> "size (bytes, or a number with K/M/G/T or Ki/Mi/Gi/Ti)";
      case DURATION -> "duration (number + ms|s|m|h|d, e.g. 1h30m)";
      case BOOLEAN -> "boolean (true or false)";
      case DURABILITY -> "durability (sync, group or async)";
      case COMPRESSION -> "compression (none, snappy, lz4 or zstd)";
    };
  }
}
