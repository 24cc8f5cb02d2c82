package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The members of a cluster's replication groups: one per pod of {@code spec.replicas} (at least
 * one), each known by its pod name and reached at its stable headless-Service name on the Raft
 * port.
 */
public final class Members {
  /** The environment variable that hands a pod the member list ({@code id=host:port,...}). */
  public static final String ENV = "ORBIT_REPLICATION_PEERS";

  /** The key of the member list in the {@code <c>-members} ConfigMap. */
  public static final String KEY = "peers";

  private Members() {}

  /** The member list as {@link #ENV} gives it: {@code id=host:port} joined by commas. */
  public static String envValue(OrbitCluster c) {
    var sb = new StringBuilder();
    peers(c)
        .forEach(
            (id, address) ->
                sb.append(sb.isEmpty() ? "" : ",").append(id).append('=').append(address));
    return sb.toString();
  }

  /** How many members the spec asks for (hibernation keeps the membership). */
  public static int count(OrbitCluster c) {
    Integer replicas = c.getSpec().getReplicas();
    return replicas == null || replicas < 1 ? 1 : replicas;
  }

  /** The member id of the pod with this ordinal: the pod's name. */
  public static String id(OrbitCluster c, int ordinal) {
    return Names.statefulSet(c) + "-" + ordinal;
  }

  /** {@code <pod>.<c>-nodes.<ns>.svc:7000}: a member's Raft address. */
  public static String address(OrbitCluster c, int ordinal) {
    return id(c, ordinal)
        + "."
        + Names.headlessService(c)
        + "."
        + c.getMetadata().getNamespace()
        + ".svc:"
        + Protocol.REPLICATION_PORT;
  }

  /** {@code replication.peers}: every member's id → its Raft address, by ordinal. */
  public static Map<String, String> peers(OrbitCluster c) {
    var peers = new LinkedHashMap<String, String>();
    for (int i = 0; i < count(c); i++) {
      peers.put(id(c, i), address(c, i));
    }
    return peers;
  }
}
