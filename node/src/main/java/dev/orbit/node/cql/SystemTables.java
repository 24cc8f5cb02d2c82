package dev.orbit.node.cql;

import java.net.InetAddress;
import java.util.Set;
import java.util.UUID;

/**
 * The system tables drivers read, computed on demand: {@link NodeTables} ({@code system.local},
 * {@code system.peers(_v2)}) and {@link SchemaTables} ({@code system_schema.*}, {@code
 * system_virtual_schema.*}).
 */
final class SystemTables {
  static final Set<String> KEYSPACES =
      Set.of(
          "system",
          "system_schema",
          "system_virtual_schema",
          "system_auth",
          "system_distributed",
          "system_traces");
  static final String RELEASE_VERSION = "4.1.7";

  private final NodeTables node;
  private final SchemaTables schema;

  SystemTables(Schema schema, UUID hostId, String clusterName) {
    this.node = new NodeTables(schema, hostId, clusterName);
    this.schema = new SchemaTables(schema);
  }

  /** The table, or null when it is not a system table Orbit computes. */
  SystemTable table(String ks, String name, InetAddress local, int port) {
    SystemTable t = node.table(ks, name, local, port);
    return t != null ? t : schema.table(ks, name);
  }
}
