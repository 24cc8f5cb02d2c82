package dev.orbit.operator.config;

import dev.orbit.config.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the operator process, read once at startup from flags ({@code
 * --watch-namespaces=a,b}) and environment variables ({@code ORBIT_WATCH_NAMESPACES}); a flag wins
 * over its variable.
 *
 * @param watchNamespaces namespaces to watch; empty means all namespaces
 * @param nodeImage image of orbit-node used when a cluster does not set {@code spec.image}
 * @param httpPort port of /healthz, /readyz and /metrics
 * @param leaderElection whether replicas elect a leader through a Lease
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease; null means the operator's own namespace
 * @param nodeFailingAfter how long a node pod may stay not ready before the cluster is Degraded
 *     with NodeFailing (a crash loop or a container that cannot start counts at once)
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String nodeImage,
    int httpPort,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    Duration nodeFailingAfter) {

  public static final String DEFAULT_NODE_IMAGE = "ghcr.io/orbit-dev/orbit-node:0.1.0";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final String DEFAULT_LEASE_NAME = "orbit-operator-leader";
  public static final Duration DEFAULT_NODE_FAILING_AFTER = Duration.ofMinutes(2);

  /** Setting name → environment variable; the flag is {@code --<setting>}. */
  private static final Map<String, String> SETTINGS =
      Map.of(
          "watch-namespaces", "ORBIT_WATCH_NAMESPACES",
          "node-image", "ORBIT_NODE_IMAGE",
          "http-port", "ORBIT_HTTP_PORT",
          "leader-election", "ORBIT_LEADER_ELECTION",
          "lease-name", "ORBIT_LEASE_NAME",
          "lease-namespace", "ORBIT_LEASE_NAMESPACE",
          "node-failing-after", "ORBIT_NODE_FAILING_AFTER");

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** Defaults only: all namespaces, default image, no leader election. */
  public static OperatorConfig defaults() {
    return fromArgsAndEnv(new String[0], Map.of("ORBIT_LEADER_ELECTION", "false"));
  }

  /** Parses flags and environment; throws {@link IllegalArgumentException} on a bad value. */
  public static OperatorConfig fromArgsAndEnv(String[] args, Map<String, String> env) {
    var values = new LinkedHashMap<String, String>();
    SETTINGS.forEach(
        (setting, var) -> {
          String v = env.get(var);
          if (v != null && !v.isBlank()) {
            values.put(setting, v.trim());
          }
        });
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
      }
      String name = arg.substring(2, arg.indexOf('='));
      if (!SETTINGS.containsKey(name)) {
        throw new IllegalArgumentException(
            "unknown flag --" + name + "; known: " + SETTINGS.keySet());
      }
      values.put(name, arg.substring(arg.indexOf('=') + 1).trim());
    }
    var namespaces = new LinkedHashSet<String>();
    Arrays.stream(values.getOrDefault("watch-namespaces", "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(namespaces::add);
    String ns = values.get("lease-namespace");
    if (ns == null) {
      ns = env.get("POD_NAMESPACE");
    }
    return new OperatorConfig(
        namespaces,
        values.getOrDefault("node-image", DEFAULT_NODE_IMAGE),
        parsePort(values.getOrDefault("http-port", String.valueOf(DEFAULT_HTTP_PORT))),
        parseBool("leader-election", values.getOrDefault("leader-election", "true")),
        values.getOrDefault("lease-name", DEFAULT_LEASE_NAME),
        ns == null || ns.isBlank() ? null : ns,
        parseDuration("node-failing-after", values.get("node-failing-after")));
  }

  /** The environment variables the operator reads, besides POD_NAMESPACE. */
  public static Set<String> environmentVariables() {
    return Set.copyOf(SETTINGS.values());
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("http-port out of range: " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("http-port is not a number: " + value, e);
    }
  }

  private static Duration parseDuration(String name, String value) {
    if (value == null) {
      return DEFAULT_NODE_FAILING_AFTER;
    }
    try {
      Duration d = Durations.parse(value);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be longer than 0: " + value);
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static boolean parseBool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false: " + value);
    };
  }
}
