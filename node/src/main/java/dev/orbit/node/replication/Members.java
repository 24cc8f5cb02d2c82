package dev.orbit.node.replication;

import dev.orbit.config.ConfigException;
import dev.orbit.config.NodeConfig;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who this node is among the members of its groups: its id and every member's Raft address. Without
 * configured peers the node is alone, on a loopback port.
 */
record Members(String self, Map<String, String> peers, String host, int port) {
  static final String DEFAULT_ID = "orbit-0";

  static Members of(NodeConfig.Replication r, Map<String, String> env) {
    if (r.peers.isEmpty()) {
      String id = !r.nodeId.isEmpty() ? r.nodeId : env.getOrDefault("POD_NAME", DEFAULT_ID);
      return new Members(id, Map.of(id, "127.0.0.1:0"), "127.0.0.1", 0);
    }
    String id = r.nodeId;
    if (id.isEmpty()) {
      String pod = env.get("POD_NAME");
      String host = hostname();
      if (pod != null && r.peers.containsKey(pod)) {
        id = pod;
      } else if (host != null && r.peers.containsKey(host)) {
        id = host;
      } else {
        throw new ConfigException(
            "this node is none of 'replication.peers' "
                + r.peers.keySet()
                + ": set 'replication.nodeId' (POD_NAME is "
                + pod
                + ", the host name "
                + host
                + ")");
      }
    }
    return new Members(id, new LinkedHashMap<>(r.peers), null, r.port);
  }

  private static String hostname() {
    try {
      String h = InetAddress.getLocalHost().getHostName();
      int dot = h.indexOf('.');
      return dot > 0 ? h.substring(0, dot) : h;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
