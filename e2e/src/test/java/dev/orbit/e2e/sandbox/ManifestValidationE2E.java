package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kubectl apply} of a manifest that breaks a rule of the CRD is refused by the sandbox's API
 * server with the rule's message, as on a real cluster, and nothing is stored; a manifest with an
 * unknown field is refused by kubectl's default strict validation, and stored without the field
 * (with a warning) when asked to only warn.
 */
@ExtendWith(SandboxExtension.class)
class ManifestValidationE2E {
  static final String NS = "validation";
  static Sandbox sandbox;

  @BeforeAll
  static void needsKubectl() {
    assumeTrue(Kubectl.find() != null, "kubectl is not installed");
    sandbox = SandboxExtension.sandbox();
  }

  @AfterAll
  static void deleteClusters() {
    if (sandbox != null) {
      sandbox.client().resources(OrbitCluster.class).inNamespace(NS).delete();
    }
  }

  static Path manifest(String name, String spec) throws Exception {
    Path f = Files.createTempFile("orbit-validation-", ".yaml");
    Files.writeString(
        f,
        "apiVersion: orbit.dev/v1alpha1\nkind: OrbitCluster\nmetadata:\n  name: "
            + name
            + "\nspec:\n  storage:\n    wal: {size: 1Gi}\n    hot: {size: 2Gi}\n"
            + spec.replace("\\n", "\n").indent(2));
    return f;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "warm-after-cold | tiering: {warm: {minAge: 30d}, cold: {minAge: 1h}}"
            + " | tiering.cold.minAge must not be shorter than tiering.warm.minAge",
        "mysql | protocols: {mysql: {enabled: true}}"
            + " | the mysql protocol is not available in this build of orbit-node",
        "bolt | protocols: {bolt: {enabled: true}}"
            + " | the bolt protocol is not available in this build of orbit-node",
        "zero-size | storage: {wal: {size: 1Gi}, hot: {size: 0Gi}}"
            + " | size must be a positive quantity",
        "managed-key | config: {admin.port: '9090'} | spec.config may set only",
        "negative | replicas: -1 | should be greater than or equal to 0",
        "bad-duration | tiering: {interval: soon} | spec.tiering.interval in body should match",
        "bad-durability | durability: fast | Unsupported value: \"fast\""
      })
  void aManifestBreakingARuleIsRefusedWithItsMessage(String name, String spec, String message)
      throws Exception {
    Path f = manifest(name, spec);
    var run = Kubectl.run(sandbox, NS, "apply", "-f", f.toString());
    assertNotEquals(0, run.exit(), run.out());
    assertTrue(run.out().contains("is invalid"), run.out());
    assertTrue(run.out().contains(message), run.out());
    assertNull(Clusters.get(sandbox.client(), NS, name), "nothing stored");
    Files.delete(f);
  }

  @Test
  void aNameTooLongForPodLabelsIsRefused() throws Exception {
    Path f = manifest("n".repeat(53), "");
    var run = Kubectl.run(sandbox, NS, "apply", "-f", f.toString());
    assertNotEquals(0, run.exit(), run.out());
    assertTrue(run.out().contains("metadata.name must be at most 52 characters"), run.out());
    Files.delete(f);
  }

  @Test
  void unknownFieldsAreRefusedStrictlyOrStoredWithoutThemAndTheClusterRuns() throws Exception {
    Path f =
        manifest(
            "lukewarm", "storage: {wal: {size: 1Gi}, hot: {size: 2Gi}, lukewarm: {size: 1Gi}}");
    var strict = Kubectl.run(sandbox, NS, "apply", "-f", f.toString());
    assertNotEquals(0, strict.exit(), strict.out());
    assertTrue(
        strict.out().contains("strict decoding error: unknown field \"spec.storage.lukewarm\""),
        strict.out());
    assertNull(Clusters.get(sandbox.client(), NS, "lukewarm"));

    var warn = Kubectl.run(sandbox, NS, "apply", "--validate=warn", "-f", f.toString());
    assertEquals(0, warn.exit(), warn.out());
    assertTrue(warn.out().contains("Warning: unknown field \"spec.storage.lukewarm\""), warn.out());
    var stored =
        sandbox
            .client()
            .genericKubernetesResources("orbit.dev/v1alpha1", "OrbitCluster")
            .inNamespace(NS)
            .withName("lukewarm")
            .get();
    var storage =
        (java.util.Map<?, ?>)
            ((java.util.Map<?, ?>) stored.getAdditionalProperties().get("spec")).get("storage");
    assertEquals(java.util.Set.of("wal", "hot", "retainOnDelete"), storage.keySet());
    Clusters.awaitReady(sandbox.client(), NS, "lukewarm", Duration.ofSeconds(120));
    Files.delete(f);
  }
}
