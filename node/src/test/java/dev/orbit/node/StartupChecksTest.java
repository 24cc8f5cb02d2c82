package dev.orbit.node;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.config.ConfigException;
import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupChecksTest {
  static NodeConfig config(String... sets) {
    return ConfigLoader.load(null, null, List.of(sets), Map.of());
  }

  @Test
  void inAPodTheNodeRefusesToStartWithoutAnAdminToken() {
    Map<String, String> pod = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> StartupChecks.requireAdminTokenInKubernetes(config(), pod));
    assertTrue(e.getMessage().contains("ORBIT_ADMIN_TOKEN"), e.getMessage());
    assertTrue(e.getMessage().contains("admin.token"), e.getMessage());
    StartupChecks.requireAdminTokenInKubernetes(config("admin.token=t0ken"), pod);
    StartupChecks.requireAdminTokenInKubernetes(config(), Map.of()); // a laptop: allowed
  }

  @Test
  void aLowOpenFileLimitIsReportedWithTheLimitsThatNeedMore() {
    NodeConfig c = config();
    String w = StartupChecks.fdBudget(c, 1024).orElseThrow();
    assertTrue(w.contains("1024"), w);
    assertTrue(w.contains("protocols.redis.maxClients=10000"), w);
    assertTrue(StartupChecks.fdBudget(c, 1 << 20).isEmpty());
    NodeConfig small =
        config(
            "protocols.redis.maxClients=50",
            "protocols.postgres.maxConnections=50",
            "protocols.redis.enabled=false");
    assertTrue(
        StartupChecks.fdsNeeded(small) < StartupChecks.fdsNeeded(c), "fewer limits, fewer fds");
  }
}
