package dev.orbit.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbit.operator.api.v1alpha1.NodeStatus;
import java.util.List;
import java.util.Map;

/**
 * How far one member is behind its leaders, from the {@code replication} part of its node's {@code
 * /v1/status}: whether every store leads or follows within {@code replication.maxReadLag}, and the
 * largest lag of its stores in whole seconds (null when some store has no leader to follow yet).
 * Seconds, not log indexes, so the status stays unchanged while a healthy cluster takes writes.
 */
public record NodeReplication(boolean caughtUp, Integer lagSeconds) {
  /** What the node reported, or null when its answer has no replication part. */
  public static NodeReplication from(JsonNode status) {
    JsonNode r = status.path("replication");
    if (!r.isObject()) {
      return null;
    }
    long worst = 0;
    for (JsonNode group : r.path("groups")) {
      long lag = group.path("lagMillis").asLong(-1);
      if (lag < 0) {
        worst = -1; // not caught up with any leader yet: no figure to give
        break;
      }
      worst = Math.max(worst, lag);
    }
    return new NodeReplication(
        r.path("caughtUp").asBoolean(false),
        worst < 0 ? null : (int) Math.min(Integer.MAX_VALUE, worst / 1000));
  }

  /**
   * {@code nodes} with each pod's replication fields from {@code byPod}; a pod missing from it (it
   * did not answer) has none.
   */
  public static List<NodeStatus> apply(List<NodeStatus> nodes, Map<String, NodeReplication> byPod) {
    return nodes.stream()
        .map(
            n -> {
              NodeReplication r = byPod.get(n.getName());
              NodeStatus out = new NodeStatus();
              out.setName(n.getName());
              out.setReady(n.getReady());
              out.setRole(n.getRole());
              if (r != null) {
                out.setCaughtUp(r.caughtUp());
                out.setLagSeconds(r.lagSeconds());
              }
              return out;
            })
        .toList();
  }

  /** {@code nodes} with the replication fields {@code previous} had for the same pods. */
  public static List<NodeStatus> carryOver(List<NodeStatus> nodes, List<NodeStatus> previous) {
    Map<String, NodeStatus> before =
        previous == null
            ? Map.of()
            : previous.stream()
                .filter(p -> p.getName() != null)
                .collect(
                    java.util.stream.Collectors.toMap(NodeStatus::getName, p -> p, (a, b) -> a));
    return apply(
        nodes,
        before.entrySet().stream()
            .filter(e -> e.getValue().getCaughtUp() != null)
            .collect(
                java.util.stream.Collectors.toMap(
                    Map.Entry::getKey,
                    e ->
                        new NodeReplication(
                            e.getValue().getCaughtUp(), e.getValue().getLagSeconds()))));
  }
}
