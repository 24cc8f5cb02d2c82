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

  /**
   * The annotation on {@code <c>-members} counting the members the group has acknowledged (ordinals
   * below it); the list may name one more pod, which is joining.
   */
  public static final String JOINED_ANNOTATION = "orbit.dev/members";

  private Members() {}

  /**
   * What the operator runs: {@code joined} members acknowledged by the group and {@code pods} pods
   * (one more while a member joins; as many while one is being removed). {@code formed}: a pod has
   * run, so members may hold data and the membership changes one member at a time; before that the
   * group is not counted (no annotation) and every pod of the spec starts together.
   */
  public record Plan(int joined, int pods, boolean formed) {
    /** A cluster at rest: every pod of the spec is a member. */
    public static Plan settled(OrbitCluster c) {
      return new Plan(count(c), count(c), true);
    }

    /** A group no pod has run in yet: every pod of the spec starts at once as a member. */
    public static Plan forming(OrbitCluster c) {
      return new Plan(count(c), count(c), false);
    }

    /** A formed group of {@code joined} members running {@code pods} pods. */
    public static Plan of(int joined, int pods) {
      return new Plan(joined, pods, true);
    }
  }

  /** The member list for {@code pods} pods: {@code id=host:port} joined by commas. */
  public static String envValue(OrbitCluster c, int pods) {
    var sb = new StringBuilder();
    peers(c, pods)
        .forEach(
            (id, address) ->
                sb.append(sb.isEmpty() ? "" : ",").append(id).append('=').append(address));
    return sb.toString();
  }

  /** The member list as {@link #ENV} gives it: {@code id=host:port} joined by commas. */
  public static String envValue(OrbitCluster c) {
    return envValue(c, count(c));
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
    return peers(c, count(c));
  }

  /** The members with ordinals below {@code pods}, id → Raft address. */
  public static Map<String, String> peers(OrbitCluster c, int pods) {
    var peers = new LinkedHashMap<String, String>();
    for (int i = 0; i < Math.max(1, pods); i++) {
      peers.put(id(c, i), address(c, i));
    }
    return peers;
  }
}
