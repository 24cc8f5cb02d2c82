package dev.orbit.node.protocol.resp;

import dev.orbit.config.RedisProtocol;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The parameters CONFIG GET reports and CONFIG SET may change. Only parameters that mean something
 * to orbit-node are settable: the protocol limits, and the collection size settings that decide
 * which encoding OBJECT ENCODING reports; every other is refused with an error naming it.
 */
final class ServerConfig {
  private record Param(String value, Predicate<String> settable) {}

  private static final Predicate<String> FIXED = v -> false;
  private static final Predicate<String> INT = v -> v.matches("-?[0-9]{1,18}");
  private static final Predicate<String> SIZE =
      v -> v.matches("(?i)[0-9]{1,18}(b|k|kb|m|mb|g|gb)?");

  private final Map<String, Param> params = new LinkedHashMap<>();
  private final Map<String, String> aliases =
      Map.of(
          "hash-max-ziplist-entries", "hash-max-listpack-entries",
          "hash-max-ziplist-value", "hash-max-listpack-value",
          "zset-max-ziplist-entries", "zset-max-listpack-entries",
          "zset-max-ziplist-value", "zset-max-listpack-value",
          "list-max-ziplist-size", "list-max-listpack-size");

  ServerConfig(
      long protoMaxBulkLen, long queryBufferLimit, long outputLimit, String pubsubLimit, int port) {
    if (!RedisProtocol.isPubsubLimit(pubsubLimit)) { // checked when the config loads
      throw new IllegalArgumentException("not a pubsub output buffer limit: " + pubsubLimit);
    }
    fixed("save", "");
    fixed("appendonly", "no");
    fixed("appendfsync", "everysec");
    fixed("databases", "16");
    fixed("maxmemory", "0");
    fixed("maxmemory-policy", "noeviction");
    fixed("timeout", "0");
    fixed("port", String.valueOf(port));
    fixed("notify-keyspace-events", "");
    fixed("cluster-enabled", "no");
    params.put("proto-max-bulk-len", new Param(String.valueOf(protoMaxBulkLen), SIZE));
    params.put("client-query-buffer-limit", new Param(String.valueOf(queryBufferLimit), SIZE));
    params.put(
        "client-output-buffer-limit",
        new Param(
            "normal "
                + outputLimit
                + " 0 0 slave 268435456 67108864 60 pubsub "
                + pubsubLimit.trim().replaceAll("\\s+", " "),
            v ->
                v.matches(
                    "(?i)(\\s*(normal|slave|replica|pubsub)\\s+\\S+\\s+\\S+\\s+[0-9]+)+\\s*")));
    params.put("hash-max-listpack-entries", new Param("128", INT));
    params.put("hash-max-listpack-value", new Param("64", INT));
    params.put("list-max-listpack-size", new Param("-2", INT));
    params.put("list-compress-depth", new Param("0", INT));
    params.put("set-max-intset-entries", new Param("512", INT));
    params.put("zset-max-listpack-entries", new Param("128", INT));
    params.put("zset-max-listpack-value", new Param("64", INT));
  }

  private void fixed(String name, String value) {
    params.put(name, new Param(value, FIXED));
  }

  private String canonical(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return aliases.getOrDefault(n, n);
  }

  /** Every parameter whose name matches {@code pattern}, with its value. */
  synchronized Map<String, String> matching(byte[] pattern) {
    Map<String, String> out = new LinkedHashMap<>();
    byte[] p =
        new String(pattern, java.nio.charset.StandardCharsets.UTF_8)
            .toLowerCase(Locale.ROOT)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (Map.Entry<String, Param> e : params.entrySet()) {
      if (Glob.matches(p, e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8), true)) {
        out.put(e.getKey(), e.getValue().value());
      }
    }
    for (Map.Entry<String, String> a : aliases.entrySet()) {
      if (Glob.matches(p, a.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8), true)) {
        out.put(a.getKey(), params.get(a.getValue()).value());
      }
    }
    return out;
  }

  synchronized String get(String name) {
    Param p = params.get(canonical(name));
    return p == null ? null : p.value();
  }

  /** Parsed numbers, read on every request (the decoder's limits): dropped when a value is set. */
  private final Map<String, Long> numbers = new java.util.concurrent.ConcurrentHashMap<>();

  long getLong(String name) {
    Long v = numbers.get(name);
    if (v == null) {
      v = parseSize(get(name));
      numbers.put(name, v);
    }
    return v;
  }

  /** Why {@code value} cannot be set (the error text after the parameter name), or null: set. */
  synchronized String set(String name, String value) {
    String n = canonical(name);
    Param p = params.get(n);
    if (p == null) {
      return "unknown";
    }
    if (p.value().equals(value)) {
      return null;
    }
    if (p.settable() == FIXED) {
      return "not supported by orbit-node";
    }
    if (!p.settable().test(value.trim())) {
      return "argument couldn't be parsed into an integer";
    }
    if (n.equals("client-output-buffer-limit")) {
      value = mergeOutputLimit(value); // CONFIG SET names only the classes it changes
    }
    params.put(n, new Param(value.trim(), p.settable()));
    numbers.clear();
    outputLimits.clear();
    return null;
  }

  /** A client class's limits in client-output-buffer-limit (none: Long.MAX_VALUE). */
  record OutputLimit(long hard, long soft, long softNanos) {
    static final OutputLimit NONE = new OutputLimit(Long.MAX_VALUE, Long.MAX_VALUE, 0);
  }

  private final Map<String, OutputLimit> outputLimits =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The limits of client class {@code normal} or {@code pubsub}. */
  OutputLimit outputLimit(String clientClass) {
    return outputLimits.computeIfAbsent(clientClass, this::parseOutputLimit);
  }

  private OutputLimit parseOutputLimit(String clientClass) {
    String[] parts = get("client-output-buffer-limit").trim().split("\\s+");
    OutputLimit found = OutputLimit.NONE;
    for (int i = 0; i + 3 < parts.length; i += 4) {
      String c = parts[i].equalsIgnoreCase("replica") ? "slave" : parts[i].toLowerCase(Locale.ROOT);
      if (c.equals(clientClass)) {
        long hard = parseSize(parts[i + 1]);
        long soft = parseSize(parts[i + 2]);
        found =
            new OutputLimit(
                hard == 0 ? Long.MAX_VALUE : hard,
                soft == 0 ? Long.MAX_VALUE : soft,
                Long.parseLong(parts[i + 3]) * 1_000_000_000L);
      }
    }
    return found;
  }

  private String mergeOutputLimit(String value) {
    Map<String, String> classes = new LinkedHashMap<>();
    for (String v : new String[] {get("client-output-buffer-limit"), value}) {
      String[] parts = v.trim().split("\\s+");
      for (int i = 0; i + 3 < parts.length; i += 4) {
        String c =
            parts[i].equalsIgnoreCase("replica") ? "slave" : parts[i].toLowerCase(Locale.ROOT);
        classes.put(c, parts[i + 1] + " " + parts[i + 2] + " " + parts[i + 3]);
      }
    }
    StringBuilder out = new StringBuilder();
    classes.forEach((c, v) -> out.append(out.isEmpty() ? "" : " ").append(c).append(' ').append(v));
    return out.toString();
  }

  static long parseSize(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    long mult = 1;
    for (String[] u :
        new String[][] {
          {"gb", "1073741824"},
          {"g", "1000000000"},
          {"mb", "1048576"},
          {"m", "1000000"},
          {"kb", "1024"},
          {"k", "1000"},
          {"b", "1"}
        }) {
      if (s.endsWith(u[0])) {
        mult = Long.parseLong(u[1]);
        s = s.substring(0, s.length() - u[0].length());
        break;
      }
    }
    return Long.parseLong(s) * mult;
  }
}
