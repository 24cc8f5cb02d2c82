package dev.orbit.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated schema documents, validates and defaults the spec. */
class CrdSchemaTest {
  static JsonNode version;
  static JsonNode spec;

  @BeforeAll
  static void load() throws Exception {
    var crd =
        new ObjectMapper(new YAMLFactory())
            .readTree(
                Path.of("target/classes/META-INF/fabric8/orbitclusters.orbit.dev-v1.yml").toFile());
    version = crd.at("/spec/versions/0");
    spec = version.at("/schema/openAPIV3Schema/properties/spec");
  }

  @Test
  void everyOwnSpecFieldIsDocumented() {
    var undocumented = new ArrayList<String>();
    collectUndocumented(spec, "spec", undocumented);
    assertEquals(List.of(), undocumented);
  }

  @Test
  void defaultsAndValidationAreInTheSchema() {
    var p = spec.get("properties");
    assertEquals(1, p.at("/replicas/default").asInt());
    assertEquals(0, p.at("/replicas/minimum").asInt());
    assertEquals("group", p.at("/durability/default").asText());
    assertEquals(5432, p.at("/protocols/properties/postgres/properties/port/default").asInt());
    assertTrue(p.at("/protocols/properties/postgres/properties/enabled/default").asBoolean());
    assertEquals(3306, p.at("/protocols/properties/mysql/properties/port/default").asInt());
    assertFalse(p.at("/protocols/properties/mysql/properties/enabled/default").asBoolean());
    assertEquals(65535, p.at("/protocols/properties/redis/properties/port/maximum").asInt());
    assertEquals("[\"hot\",\"wal\"]", p.at("/storage/required").toString());
    assertTrue(p.at("/storage/properties/retainOnDelete/default").asBoolean());
    assertEquals("preferred", p.at("/scheduling/properties/podAntiAffinity/default").asText());
    assertEquals(
        dev.orbit.operator.api.v1alpha1.Rules.DURATION,
        p.at("/tiering/properties/interval/pattern").asText());
    assertEquals("1m", p.at("/tiering/properties/interval/default").asText());
    assertEquals(
        "[\"lz4\",\"none\",\"snappy\",\"zstd\"]",
        p.at("/tiering/properties/warm/properties/compression/enum").toString());
  }

  @Test
  void printerColumnsAreReadyReplicasLeaderReasonAndAgeLast() {
    var names = new ArrayList<String>();
    var paths = new ArrayList<String>();
    version
        .get("additionalPrinterColumns")
        .forEach(
            c -> {
              names.add(c.get("name").asText());
              paths.add(c.get("jsonPath").asText());
            });
    assertEquals(List.of("Ready", "Replicas", "Leader", "Reason", "Age"), names);
    assertEquals(".status.leader", paths.get(2));
    assertEquals(".status.conditions[?(@.type==\"Ready\")].reason", paths.get(3));
  }

  /** Fields of our own classes; embedded Kubernetes types (affinity, resources) keep theirs. */
  private static void collectUndocumented(JsonNode node, String path, List<String> out) {
    var props = node.get("properties");
    if (props == null) {
      return;
    }
    props
        .fields()
        .forEachRemaining(
            e -> {
              String p = path + "." + e.getKey();
              if (!e.getValue().has("description")) {
                out.add(p);
              }
              if (!List.of(
                      "resources",
                      "affinity",
                      "tolerations",
                      "topologySpreadConstraints",
                      "imagePullSecrets")
                  .contains(e.getKey())) {
                collectUndocumented(e.getValue(), p, out);
              }
            });
  }
}
