package dev.orbit.node;

import dev.orbit.config.ConfigException;
import dev.orbit.config.NodeConfig;
import dev.orbit.config.ServedProtocols;
import java.util.Map;
import java.util.Optional;

/** Checks made before a node starts serving: the admin token in a pod, the fd budget. */
public final class StartupChecks {
  /** Kubernetes sets this in every container; its presence means the node runs in a pod. */
  static final String IN_KUBERNETES = "KUBERNETES_SERVICE_HOST";

  /** File descriptors a database may keep open: its table files, plus WAL, manifest, logs. */
  static final int FDS_PER_DATABASE = 1024 + 16;

  /** The JVM's own files (jars, epoll, pipes) and the node's listening sockets. */
  static final int FDS_BASE = 256;

  private StartupChecks() {}

  /** In a pod the admin API must be protected: without {@code admin.token} the node stops. */
  public static void requireAdminTokenInKubernetes(NodeConfig c, Map<String, String> env) {
    if (env.get(IN_KUBERNETES) != null && c.admin.token == null) {
      throw new ConfigException(
          "orbit-node runs in Kubernetes ("
              + IN_KUBERNETES
              + " is set) but config key 'admin.token' is not set: the admin API would let anyone"
              + " who reaches it start backups. Set ORBIT_ADMIN_TOKEN (the operator passes it from"
              + " the cluster's Secret).");
    }
  }

  /** File descriptors the configured limits may need at once. */
  public static long fdsNeeded(NodeConfig c) {
    int protocols = ServedProtocols.enabled(c).size();
    long n = FDS_BASE + (long) protocols * 3 * FDS_PER_DATABASE + c.admin.maxConnections;
    if (c.protocols.postgres.enabled) {
      n += c.protocols.postgres.maxConnections;
    }
    if (c.protocols.redis.enabled) {
      n += c.protocols.redis.maxClients;
    }
    return n + (protocols + 1) * 64L; // refused connections waiting for their answer
  }

  /** A warning when {@code limit} (the process's open-file limit) is below {@link #fdsNeeded}. */
  public static Optional<String> fdBudget(NodeConfig c, long limit) {
    long needed = fdsNeeded(c);
    if (limit <= 0 || limit >= needed) {
      return Optional.empty();
    }
    return Optional.of(
        "the open-file limit ("
            + limit
            + ", ulimit -n) is below the "
            + needed
            + " file descriptors this config may need (protocols.postgres.maxConnections="
            + c.protocols.postgres.maxConnections
            + ", protocols.redis.maxClients="
            + c.protocols.redis.maxClients
            + ", admin.maxConnections="
            + c.admin.maxConnections
            + ", and "
            + FDS_PER_DATABASE
            + " per RocksDB database): a flood of connections could leave RocksDB unable to open"
            + " files. Raise the limit or lower the connection limits.");
  }

  /** The process's open-file limit, or -1 where the JVM cannot tell. */
  public static long openFileLimit() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean os) {
      return os.getMaxFileDescriptorCount();
    }
    return -1;
  }
}
