package dev.orbit.node.cql;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The members of the replication group as CQL drivers see them: this node's id and every member's
 * id → {@code host:raftPort} ({@code replication.peers}). Every member holds all the data, so the
 * ring is split evenly among the members only so that drivers build a valid token map.
 */
public record Topology(String self, Map<String, String> members) {

  /** Another member as {@code system.peers} shows it: its id, address and Raft port. */
  record Peer(String id, InetAddress address, int port) {}

  public Topology {
    members = new TreeMap<>(members); // a stable order, the same on every member
  }

  /** True when the store has other members (its stored host id is then shared by all of them). */
  boolean replicated() {
    return members.size() > 1;
  }

  /** The host id of member {@code id}: the name-based UUID of the id, the same on every member. */
  static UUID hostId(String id) {
    return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Member {@code id}'s token: the i-th of n evenly spaced Murmur3 tokens from 0, members in id
   * order (a single node owns token 0, as a lone Cassandra node's ring starts).
   */
  String token(String id) {
    int i = new ArrayList<>(members.keySet()).indexOf(id);
    BigInteger step = BigInteger.ONE.shiftLeft(64).divide(BigInteger.valueOf(members.size()));
    return Long.toString(step.multiply(BigInteger.valueOf(Math.max(i, 0))).longValue());
  }

  /**
   * The other members whose host resolves now (a member whose name does not resolve — a pod not yet
   * in DNS — is left out rather than shown with an invented address).
   */
  List<Peer> peers() {
    List<Peer> out = new ArrayList<>();
    members.forEach(
        (id, hostPort) -> {
          if (id.equals(self)) {
            return;
          }
          int colon = hostPort.lastIndexOf(':');
          String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
          if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
          }
          int port;
          try {
            port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 0;
          } catch (NumberFormatException e) {
            port = 0;
          }
          try {
            out.add(new Peer(id, InetAddress.getByName(host), port));
          } catch (UnknownHostException e) {
            // left out until it resolves
          }
        });
    return out;
  }
}
