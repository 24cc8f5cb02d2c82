package dev.orbit.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protocols this build of orbit-node serves. The config format names more; enabling one that is
 * not served is a config error, checked by the node at startup and by the operator before it
 * renders a config.
 */
public final class ServedProtocols {
  /** Protocol names (as in {@code protocols.<name>}) this build serves. */
  public static final Set<String> SERVED = Set.of("redis", "postgres", "cql");

  private ServedProtocols() {}

  /**
   * The enabled protocols of {@code config}, in config order.
   *
   * @throws ConfigException when an enabled protocol is not served by this build
   */
  public static List<String> enabled(NodeConfig config) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, NodeConfig.Protocol> e : config.protocols.byName().entrySet()) {
      if (!e.getValue().enabled) {
        continue;
      }
      if (!SERVED.contains(e.getKey())) {
        throw new ConfigException(
            "config key 'protocols."
                + e.getKey()
                + ".enabled': the "
                + e.getKey()
                + " protocol is not available in this build of orbit-node (available: "
                + new java.util.TreeSet<>(SERVED)
                + ")");
      }
      out.add(e.getKey());
    }
    return out;
  }
}
