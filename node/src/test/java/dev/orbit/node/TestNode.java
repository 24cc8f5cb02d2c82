package dev.orbit.node;

import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import dev.orbit.node.admin.AdminServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An in-process node with its admin API on free ports, for tests. */
public final class TestNode implements AutoCloseable {
  public final Node node;
  public final AdminServer admin;

  private TestNode(Node node, AdminServer admin) {
    this.node = node;
    this.admin = admin;
  }

  public static NodeConfig config(Path dataDir, String... sets) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "bindAddress=127.0.0.1",
                "admin.port=0",
                "protocols.redis.port=0",
                "protocols.postgres.port=0",
                "storage.blockCacheSize=16Mi",
                "storage.writeBufferSize=16Mi"));
    all.addAll(List.of(sets));
    return ConfigLoader.load(null, dataDir.toString(), all, Map.of());
  }

  /** Starts a node; its admin API listens on {@code admin.port} (a free port when 0). */
  public static TestNode start(Path dataDir, String... sets) {
    NodeConfig config = config(dataDir, sets);
    Node node = Node.start(config, Clock.systemUTC());
    return new TestNode(node, new AdminServer(node, "127.0.0.1", config.admin.port));
  }

  public int redisPort() {
    return node.port("redis");
  }

  public int postgresPort() {
    return node.port("postgres");
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + admin.port();
  }

  @Override
  public void close() {
    admin.close();
    node.close();
  }
}
