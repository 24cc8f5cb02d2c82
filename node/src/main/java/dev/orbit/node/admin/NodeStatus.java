package dev.orbit.node.admin;

import dev.orbit.config.Durations;
import dev.orbit.config.NodeConfig;
import dev.orbit.node.Node;
import dev.orbit.node.metrics.NodeMetrics;
import dev.orbit.node.protocol.ProtocolServer;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.Tier;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of {@code GET /v1/status}. */
final class NodeStatus {
  private NodeStatus() {}

  static Map<String, Object> of(Node node) {
    NodeConfig c = node.config();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", Map.of("ready", node.ready(), "pid", ProcessHandle.current().pid()));
    Map<String, Object> protocols = new LinkedHashMap<>();
    for (Map.Entry<String, NodeConfig.Protocol> e : c.protocols.byName().entrySet()) {
      ProtocolServer s = node.servers().get(e.getKey());
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("enabled", e.getValue().enabled);
      p.put("port", s != null ? s.port() : e.getValue().port);
      p.put("serving", s != null && s.serving());
      protocols.put(e.getKey(), p);
    }
    out.put("protocols", protocols);
    Map<String, Object> tiers = new LinkedHashMap<>();
    tiers.put("wal", Map.of("path", node.storage().roots().wal().toString()));
    for (Tier t : Tier.values()) {
      Map<String, Object> tier = new LinkedHashMap<>();
      tier.put("path", node.storage().roots().tier(t).toString());
      Map<String, Object> per = new LinkedHashMap<>();
      for (ProtocolStore s : node.storage().stores()) {
        per.put(
            s.protocol(),
            Map.of(
                "bytes", NodeMetrics.dirSize(s.db(t).dir()),
                "recordsEstimate", s.db(t).estimateRecords()));
      }
      tier.put("protocols", per);
      tiers.put(t.label(), tier);
    }
    out.put("tiers", tiers);
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("enabled", c.tiering.enabled);
    policy.put("interval", Durations.format(c.tiering.interval));
    policy.put(
        "warm",
        Map.of(
            "minAge", Durations.format(c.tiering.warm.minAge),
            "compression", c.tiering.warm.compression.text()));
    policy.put(
        "cold",
        Map.of(
            "minAge", Durations.format(c.tiering.cold.minAge),
            "compression", c.tiering.cold.compression.text()));
    out.put("tiering", policy);
    out.put("durability", c.storage.durability.text());
    out.put("replication", ReplicationStatus.of(node));
    if (node.archiver() != null) {
      out.put("archive", ArchiveStatus.of(node.archiver()));
    }
    return out;
  }
}
