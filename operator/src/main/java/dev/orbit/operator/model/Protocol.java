package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.ProtocolSpec;
import dev.orbit.operator.api.v1alpha1.ProtocolsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The wire protocols a node serves, with their standard ports. */
public enum Protocol {
  POSTGRES("postgres", 5432, true, ProtocolsSpec::getPostgres),
  REDIS("redis", 6379, true, ProtocolsSpec::getRedis),
  MYSQL("mysql", 3306, false, ProtocolsSpec::getMysql),
  CQL("cql", 9042, false, ProtocolsSpec::getCql),
  BOLT("bolt", 7687, false, ProtocolsSpec::getBolt),
  AQL("aql", 8529, false, ProtocolsSpec::getAql);

  /** Port of the node's admin HTTP API (/livez, /readyz, /metrics, /v1/...). */
  public static final int ADMIN_PORT = 8080;

  public static final String ADMIN_PORT_NAME = "admin";

  /** Port of the node's Raft server (every store's replication group shares it). */
  public static final int REPLICATION_PORT = 7000;

  public static final String REPLICATION_PORT_NAME = "raft";

  private final String key;
  private final int defaultPort;
  private final boolean enabledByDefault;
  private final Function<ProtocolsSpec, ProtocolSpec> getter;

  Protocol(
      String key,
      int defaultPort,
      boolean enabledByDefault,
      Function<ProtocolsSpec, ProtocolSpec> getter) {
    this.key = key;
    this.defaultPort = defaultPort;
    this.enabledByDefault = enabledByDefault;
    this.getter = getter;
  }

  /** Name in the node config, the port name and the status endpoint key. */
  public String key() {
    return key;
  }

  public boolean enabled(ProtocolsSpec protocols) {
    var p = protocols == null ? null : getter.apply(protocols);
    return p == null || p.getEnabled() == null ? enabledByDefault : p.getEnabled();
  }

  public int port(ProtocolsSpec protocols) {
    var p = protocols == null ? null : getter.apply(protocols);
    return p == null || p.getPort() == null ? defaultPort : p.getPort();
  }

  /** The enabled protocols in declaration order. */
  public static List<Protocol> enabledIn(ProtocolsSpec protocols) {
    var result = new ArrayList<Protocol>();
    for (Protocol p : values()) {
      if (p.enabled(protocols)) {
        result.add(p);
      }
    }
    return result;
  }
}
