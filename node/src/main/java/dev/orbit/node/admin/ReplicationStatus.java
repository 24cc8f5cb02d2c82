package dev.orbit.node.admin;

import dev.orbit.node.Node;
import dev.orbit.node.replication.GroupStatus;
import dev.orbit.node.replication.Replication;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code replication} part of {@code /v1/status}: this member and each store's group. */
final class ReplicationStatus {
  private ReplicationStatus() {}

  static Map<String, Object> of(Node node) {
    Replication r = node.storage().replication();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", r.self());
    out.put("caughtUp", r.caughtUp());
    Map<String, Object> groups = new LinkedHashMap<>();
    for (Map.Entry<String, GroupStatus> e : r.status().entrySet()) {
      GroupStatus g = e.getValue();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("role", g.leaderReady() ? "leader" : g.role());
      m.put("term", g.term());
      m.put("leader", g.leader());
      m.put("commitIndex", g.commitIndex());
      m.put("appliedIndex", g.appliedIndex());
      m.put("lagMillis", g.lagMillis());
      if (g.stopped() != null) {
        m.put("stopped", g.stopped()); // this member applies nothing more until restarted
      }
      groups.put(e.getKey(), m);
    }
    out.put("groups", groups);
    return out;
  }
}
