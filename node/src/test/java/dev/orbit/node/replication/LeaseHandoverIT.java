package dev.orbit.node.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import dev.orbit.node.storage.NotLeaderException;
import dev.orbit.node.storage.ProtocolStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader's read lease assumes no other leader is elected within an election timeout of its last
 * confirmation; a leadership transfer elects its target at once. So a leader handing over refuses
 * reads, and the lease it held before does not answer reads after the handover.
 */
class LeaseHandoverIT {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aLeaderHandingOverRefusesReadsAndNeedsAFreshConfirmationAfterwards() throws Exception {
    try (ClusterFixture c = new ClusterFixture(dir, 3)) {
      TestNode leader = c.leader("redis");
      ProtocolStore st = leader.node.storage().store("redis");
      st.put(b("k"), b("v1")).join();
      assertArrayEquals(b("v1"), st.get(b("k"))); // answered from the lease
      GroupLog log = leader.node.storage().replication().logs().get("redis");

      log.handOver(true);
      assertThrows(NotLeaderException.class, () -> st.get(b("k")));
      log.handOver(false);
      // the transfer did not happen: the leader confirms its leadership again, then answers
      assertArrayEquals(b("v1"), st.get(b("k")));

      // a transfer that happens: the former leader never answers from its old lease; the value
      // written on the new leader is what every read through a leader sees
      TestNode next = c.followers(leader).get(0);
      String to = next.node.storage().replication().self();
      Map<String, Membership.Outcome> moved =
          new Membership(leader.node.storage().replication()).transferLeadership(to, 30_000);
      assertTrue(moved.get("redis").ok(), String.valueOf(moved));
      TestNode now = c.leader("redis");
      assertEquals(to, now.node.storage().replication().self());
      now.node.storage().store("redis").put(b("k"), b("v2")).join();
      assertArrayEquals(b("v2"), now.node.storage().store("redis").get(b("k")));
    }
  }
}
