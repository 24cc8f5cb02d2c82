package dev.orbit.node.cql;

import static dev.orbit.node.cql.SystemTable.t;
import static dev.orbit.node.cql.SystemTable.text;
import static dev.orbit.node.cql.SystemTable.textSet;

import java.net.InetAddress;
import java.util.List;
import java.util.UUID;

/** {@code system.local} and {@code system.peers(_v2)} (empty: one node per store). */
final class NodeTables {
  private final Schema schema;
  private final UUID hostId;
  private final String clusterName;

  NodeTables(Schema schema, UUID hostId, String clusterName) {
    this.schema = schema;
    this.hostId = hostId;
    this.clusterName = clusterName;
  }

  /** The table, or null when it is not one of these. */
  SystemTable table(String ks, String name, InetAddress local, int port) {
    return switch (ks + "." + name) {
      case "system.local" -> local(local, port);
      case "system.peers" ->
          SystemTable.empty(
              ks,
              name,
              List.of(
                  "peer",
                  "data_center",
                  "host_id",
                  "preferred_ip",
                  "rack",
                  "release_version",
                  "rpc_address",
                  "schema_version",
                  "tokens"),
              List.of(
                  t("inet"),
                  t("text"),
                  t("uuid"),
                  t("inet"),
                  t("text"),
                  t("text"),
                  t("inet"),
                  t("uuid"),
                  t("set<text>")));
      case "system.peers_v2" ->
          SystemTable.empty(
              ks,
              name,
              List.of(
                  "peer",
                  "peer_port",
                  "data_center",
                  "host_id",
                  "native_address",
                  "native_port",
                  "preferred_ip",
                  "preferred_port",
                  "rack",
                  "release_version",
                  "schema_version",
                  "tokens"),
              List.of(
                  t("inet"),
                  t("int"),
                  t("text"),
                  t("uuid"),
                  t("inet"),
                  t("int"),
                  t("inet"),
                  t("int"),
                  t("text"),
                  t("text"),
                  t("uuid"),
                  t("set<text>")));
      default -> null;
    };
  }

  private SystemTable local(InetAddress local, int port) {
    byte[] addr = local.getAddress();
    return new SystemTable(
        "system",
        "local",
        List.of(
            "key",
            "bootstrapped",
            "broadcast_address",
            "broadcast_port",
            "cluster_name",
            "cql_version",
            "data_center",
            "host_id",
            "listen_address",
            "listen_port",
            "native_protocol_version",
            "partitioner",
            "rack",
            "release_version",
            "rpc_address",
            "rpc_port",
            "schema_version",
            "tokens"),
        List.of(
            t("text"),
            t("text"),
            t("inet"),
            t("int"),
            t("text"),
            t("text"),
            t("text"),
            t("uuid"),
            t("inet"),
            t("int"),
            t("text"),
            t("text"),
            t("text"),
            t("text"),
            t("inet"),
            t("int"),
            t("uuid"),
            t("set<text>")),
        List.<byte[][]>of(
            new byte[][] {
              text("local"),
              text("COMPLETED"),
              addr,
              Values.ofInt(7000),
              text(clusterName),
              text("3.4.6"),
              text("datacenter1"),
              Values.ofUuid(hostId),
              addr,
              Values.ofInt(7000),
              text("5"),
              text("org.apache.cassandra.dht.Murmur3Partitioner"),
              text("rack1"),
              text(SystemTables.RELEASE_VERSION),
              addr,
              Values.ofInt(port),
              Values.ofUuid(schema.version()),
              textSet(List.of("0"))
            }));
  }
}
