package dev.orbit.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CRDs are exactly what the build generates from the API classes. */
class CrdDriftTest {
  private static final String FILE = "orbitclusters.orbit.dev-v1.yml";
  private static final String BACKUP_FILE = "orbitbackups.orbit.dev-v1.yml";
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8", FILE);
  private static final String HOW_TO_FIX =
      " differs from the CRD generated from the API classes; run"
          + " `mvn -pl operator -Pupdate-crds process-test-classes` and commit the result";

  @Test
  void committedCrdMatchesGenerated() throws Exception {
    assertSame(FILE, Path.of("..", "crds", FILE));
    assertSame(BACKUP_FILE, Path.of("..", "crds", BACKUP_FILE));
  }

  @Test
  void chartCrdMatchesGenerated() throws Exception {
    assertSame(FILE, Path.of("..", "charts", "orbit-operator", "crds", FILE));
    assertSame(BACKUP_FILE, Path.of("..", "charts", "orbit-operator", "crds", BACKUP_FILE));
  }

  @Test
  void generatedCrdHasTheExpectedNamesAndStatusSubresource() throws Exception {
    String crd = Files.readString(GENERATED);
    assertTrue(crd.contains("name: \"orbitclusters.orbit.dev\""));
    assertTrue(crd.contains("- \"oc\""));
    assertTrue(crd.contains("scope: \"Namespaced\""));
    assertTrue(crd.contains("status: {}"));
  }

  private static void assertSame(String file, Path committed) throws Exception {
    Path generated = Path.of("target/classes/META-INF/fabric8", file);
    assertTrue(Files.exists(committed), committed + " is missing;" + HOW_TO_FIX);
    assertEquals(Files.readString(generated), Files.readString(committed), committed + HOW_TO_FIX);
  }
}
