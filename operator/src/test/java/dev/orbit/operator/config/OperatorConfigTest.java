package dev.orbit.operator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  @Test
  void defaultsWatchEverythingWithTheDefaultImageAndElectALeader() {
    var c = OperatorConfig.fromArgsAndEnv(new String[0], Map.of());
    assertTrue(c.watchesAllNamespaces());
    assertEquals("ghcr.io/orbit-dev/orbit-node:0.1.0", c.nodeImage());
    assertEquals(8080, c.httpPort());
    assertTrue(c.leaderElection());
    assertEquals("orbit-operator-leader", c.leaseName());
    assertNull(c.leaseNamespace());
  }

  @Test
  void environmentConfiguresTheOperator() {
    var c =
        OperatorConfig.fromArgsAndEnv(
            new String[0],
            Map.of(
                "ORBIT_WATCH_NAMESPACES", "team-a, team-b,",
                "ORBIT_NODE_IMAGE", "registry.local/orbit-node:dev",
                "ORBIT_HTTP_PORT", "9090",
                "ORBIT_LEADER_ELECTION", "false",
                "POD_NAMESPACE", "orbit-system"));
    assertEquals(Set.of("team-a", "team-b"), c.watchNamespaces());
    assertEquals("registry.local/orbit-node:dev", c.nodeImage());
    assertEquals(9090, c.httpPort());
    assertFalse(c.leaderElection());
    assertEquals("orbit-system", c.leaseNamespace());
  }

  @Test
  void flagsWinOverEnvironment() {
    var c =
        OperatorConfig.fromArgsAndEnv(
            new String[] {
              "--node-image=flag/image:1", "--watch-namespaces=x", "--lease-namespace=ops"
            },
            Map.of("ORBIT_NODE_IMAGE", "env/image:1", "POD_NAMESPACE", "orbit-system"));
    assertEquals("flag/image:1", c.nodeImage());
    assertEquals(Set.of("x"), c.watchNamespaces());
    assertEquals("ops", c.leaseNamespace());
  }

  @Test
  void badValuesAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> OperatorConfig.fromArgsAndEnv(new String[] {"--nope=1"}, Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> OperatorConfig.fromArgsAndEnv(new String[] {"positional"}, Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> OperatorConfig.fromArgsAndEnv(new String[0], Map.of("ORBIT_HTTP_PORT", "http")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            OperatorConfig.fromArgsAndEnv(new String[0], Map.of("ORBIT_LEADER_ELECTION", "maybe")));
  }

  @Test
  void nodeFailingBoundIsADurationDefaultingToTwoMinutes() {
    assertEquals(
        java.time.Duration.ofMinutes(2),
        OperatorConfig.fromArgsAndEnv(new String[0], Map.of()).nodeFailingAfter());
    assertEquals(
        java.time.Duration.ofSeconds(45),
        OperatorConfig.fromArgsAndEnv(new String[0], Map.of("ORBIT_NODE_FAILING_AFTER", "45s"))
            .nodeFailingAfter());
    assertEquals(
        java.time.Duration.ofSeconds(90),
        OperatorConfig.fromArgsAndEnv(new String[] {"--node-failing-after=1m30s"}, Map.of())
            .nodeFailingAfter());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            OperatorConfig.fromArgsAndEnv(
                new String[0], Map.of("ORBIT_NODE_FAILING_AFTER", "soon")));
    assertThrows(
        IllegalArgumentException.class,
        () -> OperatorConfig.fromArgsAndEnv(new String[] {"--node-failing-after=0s"}, Map.of()));
  }
}
