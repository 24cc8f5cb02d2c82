package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.operator.api.v1alpha1.NodeStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A member's lag as the status shows it, from what its node reports at /v1/status. */
class NodeReplicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode status(boolean caughtUp, long redisLag, long postgresLag)
      throws Exception {
    return JSON.readTree(
        """
        {"ready": true, "replication": {"nodeId": "c-1", "caughtUp": %s, "groups": {
          "redis": {"role": "follower", "term": 3, "leader": "c-0", "commitIndex": 120,
                    "appliedIndex": 118, "lagMillis": %d},
          "postgres": {"role": "follower", "term": 2, "leader": "c-0", "commitIndex": 40,
                       "appliedIndex": 40, "lagMillis": %d}}}}
        """
            .formatted(caughtUp, redisLag, postgresLag));
  }

  @Test
  void theLagIsTheSlowestStoresInWholeSeconds() throws Exception {
    assertEquals(new NodeReplication(false, 12), NodeReplication.from(status(false, 250, 12_900)));
    assertEquals(new NodeReplication(true, 0), NodeReplication.from(status(true, 0, 999)));
  }

  @Test
  void aStoreThatFollowsNoLeaderYetLeavesTheLagUnknown() throws Exception {
    NodeReplication r = NodeReplication.from(status(false, -1, 0));
    assertEquals(false, r.caughtUp());
    assertNull(r.lagSeconds());
  }

  @Test
  void aNodeWithoutReplicationPartReportsNothing() throws Exception {
    assertNull(NodeReplication.from(JSON.readTree("{\"ready\": true}")));
  }

  @Test
  void podsThatAnsweredGetTheirLagAndTheOthersNone() {
    List<NodeStatus> nodes =
        List.of(
            new NodeStatus("c-0", true, "primary"),
            new NodeStatus("c-1", true, "replica"),
            new NodeStatus("c-2", false, "replica"));
    List<NodeStatus> out =
        NodeReplication.apply(
            nodes,
            Map.of("c-0", new NodeReplication(true, 0), "c-1", new NodeReplication(false, 12)));
    assertEquals(true, out.get(0).getCaughtUp());
    assertEquals(0, out.get(0).getLagSeconds());
    assertEquals(false, out.get(1).getCaughtUp());
    assertEquals(12, out.get(1).getLagSeconds());
    assertNull(out.get(2).getCaughtUp(), "c-2 did not answer");
    assertNull(out.get(2).getLagSeconds());
    assertEquals("replica", out.get(1).getRole());
    assertEquals(false, out.get(2).getReady());
  }

  @Test
  void aReconcileThatAskedNoNodeKeepsWhatTheStatusSaid() {
    NodeStatus before = new NodeStatus("c-1", true, "replica");
    before.setCaughtUp(false);
    before.setLagSeconds(7);
    List<NodeStatus> out =
        NodeReplication.carryOver(
            List.of(new NodeStatus("c-0", true, "primary"), new NodeStatus("c-1", true, "replica")),
            List.of(before));
    assertNull(out.get(0).getLagSeconds());
    assertEquals(before, out.get(1));
  }
}
