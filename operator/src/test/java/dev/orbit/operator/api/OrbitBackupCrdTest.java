package dev.orbit.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OrbitBackup CRD and the backup parts of the OrbitCluster CRD: documented and validated. */
class OrbitBackupCrdTest {
  static JsonNode crd(String file) throws Exception {
    return new ObjectMapper(new YAMLFactory())
        .readTree(Path.of("target/classes/META-INF/fabric8", file).toFile());
  }

  @Test
  void orbitBackupIsNamespacedWithShortNameAndPrinterColumns() throws Exception {
    JsonNode c = crd("orbitbackups.orbit.dev-v1.yml");
    assertEquals("Namespaced", c.at("/spec/scope").asText());
    assertEquals("ob", c.at("/spec/names/shortNames/0").asText());
    var names = new ArrayList<String>();
    c.at("/spec/versions/0/additionalPrinterColumns")
        .forEach(n -> names.add(n.get("name").asText()));
    assertTrue(names.containsAll(List.of("Cluster", "Phase", "Size", "Age")), names.toString());
    JsonNode schema = c.at("/spec/versions/0/schema/openAPIV3Schema/properties");
    assertEquals("[\"cluster\"]", schema.at("/spec/required").toString());
    assertEquals("self == oldSelf", schema.at("/spec/x-kubernetes-validations/0/rule").asText());
    assertEquals(
        "has(self.s3) != has(self.volume)",
        schema.at("/spec/properties/target/x-kubernetes-validations/0/rule").asText());
    assertUndocumented(schema.get("spec"), "spec");
    assertUndocumented(schema.get("status"), "status");
  }

  @Test
  void clusterBackupTargetsAreValidatedByCel() throws Exception {
    JsonNode spec =
        crd("orbitclusters.orbit.dev-v1.yml")
            .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
    assertEquals(
        "has(self.s3) != has(self.volume)",
        spec.at("/backup/properties/target/x-kubernetes-validations/0/rule").asText());
    assertEquals(1, spec.at("/backup/properties/retention/properties/keepLast/minimum").asInt());
    assertTrue(
        spec.at("/bootstrap/properties/fromBackup/x-kubernetes-validations").size() >= 2,
        "fromBackup: backupName xor target");
    assertEquals(
        "us-east-1",
        spec.at("/backup/properties/target/properties/s3/properties/region/default").asText());
  }

  private static void assertUndocumented(JsonNode node, String path) {
    var missing = new ArrayList<String>();
    collect(node, path, missing);
    assertEquals(List.of(), missing);
  }

  private static void collect(JsonNode node, String path, List<String> out) {
    JsonNode props = node.get("properties");
    if (props == null) {
      return;
    }
    props
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().has("description")) {
                out.add(path + "." + e.getKey());
              }
              collect(e.getValue(), path + "." + e.getKey(), out);
            });
  }
}
