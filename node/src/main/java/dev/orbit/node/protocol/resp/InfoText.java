package dev.orbit.node.protocol.resp;

import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.Tier;
import java.time.Clock;

/** The text of INFO: the sections redis-cli and client libraries look at. */
final class InfoText {
  private InfoText() {}

  static String render(RedisCommands.ServerInfo info, ProtocolStore store, Clock clock) {
    long uptime = (clock.millis() - info.startedAtMillis()) / 1000;
    long keys = 0;
    for (Tier t : Tier.values()) {
      keys += Math.max(0, store.db(t).estimateRecords());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("# Server\r\n");
    sb.append("redis_version:").append(RedisCommands.VERSION).append("\r\n");
    sb.append("redis_mode:standalone\r\n");
    sb.append("orbit_node:1\r\n");
    sb.append("os:")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append("\r\n");
    sb.append("arch_bits:64\r\n");
    sb.append("process_id:").append(ProcessHandle.current().pid()).append("\r\n");
    sb.append("tcp_port:").append(info.port()).append("\r\n");
    sb.append("uptime_in_seconds:").append(uptime).append("\r\n");
    sb.append("uptime_in_days:").append(uptime / 86400).append("\r\n");
    sb.append("\r\n# Clients\r\n");
    sb.append("connected_clients:").append(info.connectedClients()).append("\r\n");
    sb.append("\r\n# Persistence\r\n");
    sb.append("loading:0\r\n");
    sb.append("aof_enabled:0\r\n");
    sb.append("\r\n# Replication\r\n");
    sb.append("role:master\r\n");
    sb.append("connected_slaves:0\r\n");
    sb.append("\r\n# Keyspace\r\n");
    sb.append("db0:keys=").append(keys).append(",expires=0,avg_ttl=0\r\n");
    return sb.toString();
  }
}
