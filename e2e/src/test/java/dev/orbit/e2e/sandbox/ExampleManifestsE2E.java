package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every manifest the repository ships, {@code deploy/examples/*.yaml} and {@code
 * e2e/manifests/*.yaml}, is applied as it is (with kubectl when it is installed, so the API
 * server's rules run) and becomes Ready in the sandbox: the examples enable only what this build
 * serves.
 */
@ExtendWith(SandboxExtension.class)
class ExampleManifestsE2E {
  static Sandbox sandbox;
  static final Map<Path, String> NAMESPACES = new LinkedHashMap<>();

  @BeforeAll
  static void find() throws Exception {
    sandbox = SandboxExtension.sandbox();
    for (Path dir : List.of(Clusters.EXAMPLES, Clusters.MANIFESTS)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          String ns =
              "ex-"
                  + dir.getParent().getFileName()
                  + "-"
                  + f.getFileName().toString().replace(".yaml", "");
          NAMESPACES.put(f, ns);
        }
      }
    }
  }

  @AfterAll
  static void deleteClusters() {
    NAMESPACES
        .values()
        .forEach(ns -> sandbox.client().resources(OrbitCluster.class).inNamespace(ns).delete());
  }

  @Test
  void everyShippedManifestIsAcceptedAndBecomesReady() throws Exception {
    assertTrue(NAMESPACES.size() >= 4, NAMESPACES.toString());
    var names = new LinkedHashMap<String, String>();
    for (var e : NAMESPACES.entrySet()) {
      OrbitCluster c =
          sandbox.client().resources(OrbitCluster.class).load(e.getKey().toFile()).item();
      names.put(e.getValue(), c.getMetadata().getName());
      if (Kubectl.find() != null) {
        var run = Kubectl.run(sandbox, e.getValue(), "apply", "-f", e.getKey().toString());
        assertEquals(0, run.exit(), e.getKey() + ":\n" + run.out());
        assertTrue(!run.out().contains("Warning"), e.getKey() + ":\n" + run.out());
      } else {
        c.getMetadata().setNamespace(e.getValue());
        sandbox.client().resource(c).create();
      }
    }
    var notReady = new ArrayList<String>();
    for (var e : names.entrySet()) {
      OrbitCluster ready =
          Clusters.awaitReady(sandbox.client(), e.getKey(), e.getValue(), Duration.ofSeconds(300));
      if (!Clusters.condition(ready, "Degraded", "False")) {
        notReady.add(e.getKey() + "/" + e.getValue());
      }
      assertEquals(
          ready.getSpec().getReplicas(), ready.getStatus().getReadyReplicas(), e.toString());
    }
    assertEquals(List.of(), notReady);
  }
}
