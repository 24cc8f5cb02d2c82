package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.Keyspace;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** INFO: the sections redis-cli, client libraries and Redis's own tests read. */
final class Info {
  private Info() {}

  private static final List<String> DEFAULT =
      List.of(
          "server",
          "clients",
          "memory",
          "persistence",
          "stats",
          "replication",
          "cpu",
          "modules",
          "errorstats",
          "cluster",
          "keyspace");

  static Reply run(Ctx c, List<byte[]> a) {
    Set<String> sections = new LinkedHashSet<>();
    List<String> asked = AdminCommands.words(a, 1);
    if (asked.isEmpty()) {
      asked = List.of("default");
    }
    for (String w : asked) {
      switch (w) {
        case "default" -> sections.addAll(DEFAULT);
        case "all", "everything" -> {
          sections.addAll(DEFAULT);
          sections.add("commandstats");
          sections.add("latencystats");
        }
        default -> sections.add(w);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String s : sections) {
      int before = sb.length();
      if (before > 0) {
        sb.append("\r\n");
      }
      if (!section(c, s, sb)) {
        sb.setLength(before);
      }
    }
    return Reply.bulk(sb.toString());
  }

  private static boolean section(Ctx c, String name, StringBuilder sb) {
    ServerState st = c.engine.state;
    long now = System.currentTimeMillis();
    switch (name) {
      case "server" -> {
        long uptime = (now - st.startedAt) / 1000;
        sb.append("# Server\r\n");
        kv(sb, "redis_version", ServerCommands.VERSION);
        kv(sb, "redis_mode", "standalone");
        kv(sb, "orbit_node", "1");
        kv(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        kv(sb, "arch_bits", "64");
        kv(sb, "process_id", ProcessHandle.current().pid());
        kv(sb, "tcp_port", st.port.getAsInt());
        kv(sb, "uptime_in_seconds", uptime);
        kv(sb, "uptime_in_days", uptime / 86400);
      }
      case "clients" -> {
        sb.append("# Clients\r\n");
        kv(sb, "connected_clients", st.clients().size());
        long blocked = st.clients().stream().filter(s -> s.blocked).count();
        kv(sb, "blocked_clients", blocked);
        long pubsub = st.clients().stream().filter(s -> s.subscriptions() > 0).count();
        kv(sb, "pubsub_clients", pubsub);
      }
      case "memory" -> {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        sb.append("# Memory\r\n");
        kv(sb, "used_memory", used);
        kv(sb, "used_memory_human", (used >> 20) + "M");
        kv(sb, "maxmemory", 0);
        kv(sb, "maxmemory_policy", "noeviction");
      }
      case "persistence" -> {
        sb.append("# Persistence\r\n");
        kv(sb, "loading", 0);
        kv(sb, "rdb_changes_since_last_save", 0);
        kv(sb, "aof_enabled", 0);
      }
      case "stats" -> {
        sb.append("# Stats\r\n");
        kv(sb, "total_connections_received", st.connectionsReceived.sum());
        kv(sb, "total_commands_processed", st.commands.sum());
        kv(sb, "expired_keys", c.engine.expiredKeys());
        kv(sb, "keyspace_hits", 0);
        kv(sb, "keyspace_misses", 0);
        kv(sb, "pubsub_channels", st.pubsub == null ? 0 : st.pubsub.channelCount());
        kv(sb, "pubsub_patterns", st.pubsub == null ? 0 : st.pubsub.patternCount());
      }
      case "replication" -> {
        sb.append("# Replication\r\n");
        kv(sb, "role", "master");
        kv(sb, "connected_slaves", 0);
        kv(sb, "master_repl_offset", 0);
      }
      case "cpu" -> {
        double cpu = 0;
        if (ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os) {
          cpu = os.getProcessCpuTime() / 1e9;
        }
        sb.append("# CPU\r\n");
        kv(sb, "used_cpu_sys", String.format("%.6f", 0.0));
        kv(sb, "used_cpu_user", String.format("%.6f", cpu));
        kv(sb, "used_cpu_sys_children", "0.000000");
        kv(sb, "used_cpu_user_children", "0.000000");
      }
      case "modules" -> sb.append("# Modules\r\n");
      case "errorstats" -> {
        sb.append("# Errorstats\r\n");
        st.errors.forEach((code, n) -> kv(sb, "errorstat_" + code, "count=" + n.sum()));
      }
      case "cluster" -> {
        sb.append("# Cluster\r\n");
        kv(sb, "cluster_enabled", 0);
      }
      case "commandstats" -> {
        sb.append("# Commandstats\r\n");
        for (Cmd cmd : c.engine.table().all()) {
          long calls = cmd.stats().calls.sum();
          long rejected = cmd.stats().rejected.sum();
          long failed = cmd.stats().failed.sum();
          if (calls + rejected + failed > 0) {
            long usec = cmd.stats().micros.sum();
            kv(
                sb,
                "cmdstat_" + cmd.name(),
                "calls="
                    + calls
                    + ",usec="
                    + usec
                    + ",usec_per_call="
                    + String.format("%.2f", calls == 0 ? 0.0 : (double) usec / calls)
                    + ",rejected_calls="
                    + rejected
                    + ",failed_calls="
                    + failed);
          }
        }
      }
      case "latencystats" -> sb.append("# Latencystats\r\n");
      case "keyspace" -> {
        sb.append("# Keyspace\r\n");
        for (int db = 0; db < Keyspace.DATABASES; db++) {
          long[] n = AdminCommands.count(c, c.ks.db(db));
          if (n[0] > 0) {
            kv(sb, "db" + db, "keys=" + n[0] + ",expires=" + n[1] + ",avg_ttl=0");
          }
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private static void kv(StringBuilder sb, String k, Object v) {
    sb.append(k).append(':').append(v).append("\r\n");
  }
}
