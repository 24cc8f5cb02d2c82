package dev.orbit.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import dev.orbit.node.TestNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members on hosts of their own sharing one CQL port, as pods do: the Cassandra driver
 * connected to any one of them discovers all three through {@code system.peers_v2}, builds its
 * token map, and every member answers its queries.
 */
class CqlPeersIT {
  @TempDir Path dir;

  @Test
  void theDriverConnectedToOneMemberDiscoversEveryMemberAndQueriesEachOfThem() throws Exception {
    int port = ClusterFixture.freePort();
    try (ClusterFixture c =
        ClusterFixture.onOwnHosts(
            dir, 3, "protocols.cql.enabled=true", "protocols.cql.port=" + port)) {
      TestNode leader = c.leader("cql");
      int li = c.nodes.indexOf(leader);
      Set<InetSocketAddress> all = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        all.add(new InetSocketAddress(ClusterFixture.host(i), port));
      }
      try (CqlSession s = cql(ClusterFixture.host(li), port)) {
        Map<UUID, Node> nodes = s.getMetadata().getNodes();
        assertEquals(3, nodes.size(), "nodes: " + nodes.values());
        assertEquals(
            all,
            nodes.values().stream()
                .map(n -> (InetSocketAddress) n.getEndPoint().resolve())
                .collect(Collectors.toSet()));
        assertEquals(
            Set.of(hostId("n0"), hostId("n1"), hostId("n2")), nodes.keySet(), "stable host ids");
        for (Node n : nodes.values()) {
          assertEquals("datacenter1", n.getDatacenter());
          assertEquals("rack1", n.getRack());
        }
        TokenMap ring = s.getMetadata().getTokenMap().orElseThrow();
        assertEquals(3, ring.getTokenRanges().size(), "one token per member");
        for (Node n : nodes.values()) {
          // each member names itself as the others name it
          assertEquals(
              n.getHostId(),
              s.execute(SimpleStatement.newInstance("SELECT host_id FROM system.local").setNode(n))
                  .one()
                  .getUuid("host_id"));
        }

        // followers refuse writes: they are sent to the leader
        Node leaderNode = nodes.get(hostId("n" + li));
        write(
            s,
            leaderNode,
            "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy',"
                + " 'replication_factor': 3}");
        write(s, leaderNode, "CREATE TABLE ks.t (k int PRIMARY KEY, v text)");
        write(s, leaderNode, "INSERT INTO ks.t (k, v) VALUES (1, 'one')");
        ClusterFixture.await(
            "the driver's token map to place ks's rows on all three members",
            () -> {
              TokenMap m = s.getMetadata().getTokenMap().orElseThrow();
              return m.getReplicas("ks", m.newToken(intKey(1))).size() == 3;
            });
        for (Node n : nodes.values()) {
          ClusterFixture.await(
              "member " + n.getEndPoint() + " to answer with the leader's row",
              () -> {
                try {
                  Row r =
                      s.execute(
                              SimpleStatement.newInstance("SELECT v FROM ks.t WHERE k = 1")
                                  .setNode(n))
                          .one();
                  return r != null && "one".equals(r.getString("v"));
                } catch (RuntimeException e) {
                  return false; // not caught up yet
                }
              });
        }
        // unpinned reads, spread over all three by the driver, all work
        for (int i = 0; i < 30; i++) {
          assertEquals("one", s.execute("SELECT v FROM ks.t WHERE k = 1").one().getString("v"));
        }
      }
      int fi = (li + 1) % 3;
      try (CqlSession s = cql(ClusterFixture.host(fi), port)) {
        assertEquals(3, s.getMetadata().getNodes().size());
        Node follower = s.getMetadata().getNodes().get(hostId("n" + fi));
        assertEquals(
            new InetSocketAddress(ClusterFixture.host(fi), port), follower.getEndPoint().resolve());
        List<Row> peers =
            s.execute(
                    SimpleStatement.newInstance("SELECT host_id, native_port FROM system.peers_v2")
                        .setNode(follower))
                .all();
        assertEquals(2, peers.size());
        Set<UUID> ids = new HashSet<>();
        for (Row r : peers) {
          ids.add(r.getUuid("host_id"));
          assertEquals(port, r.getInt("native_port"));
        }
        assertTrue(!ids.contains(hostId("n" + fi)) && ids.size() == 2, "the other two: " + ids);
        List<Row> v1 =
            s.execute(
                    SimpleStatement.newInstance("SELECT peer, rpc_address FROM system.peers")
                        .setNode(follower))
                .all();
        assertEquals(2, v1.size());
        for (Row r : v1) {
          assertEquals(r.getInetAddress("peer"), r.getInetAddress("rpc_address"));
          assertTrue(!r.getInetAddress("peer").getHostAddress().equals(ClusterFixture.host(fi)));
        }
      }
    }
  }

  private static void write(CqlSession s, Node leader, String cql) {
    s.execute(SimpleStatement.newInstance(cql).setNode(leader));
  }

  private static UUID hostId(String memberId) {
    return UUID.nameUUIDFromBytes(memberId.getBytes(StandardCharsets.UTF_8));
  }

  private static java.nio.ByteBuffer intKey(int k) {
    return java.nio.ByteBuffer.allocate(4).putInt(0, k);
  }

  private static CqlSession cql(String host, int port) {
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress(host, port))
        .withLocalDatacenter("datacenter1")
        .withAuthCredentials("orbit", ClusterFixture.PASSWORD)
        .withConfigLoader(
            DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                .withDuration(
                    DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(60))
                .withDuration(
                    DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(60))
                .build())
        .build();
  }
}
