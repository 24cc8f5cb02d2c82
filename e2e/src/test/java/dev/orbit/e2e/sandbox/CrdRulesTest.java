package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed CRD's schema and CEL rules, evaluated with a CEL library as the API server (and the
 * sandbox's) evaluates them: what each refuses, with which message, and what passes.
 */
class CrdRulesTest {
  static final CrdSchema SCHEMA = schema();

  static CrdSchema schema() {
    try {
      return CrdSchema.of(Yaml.read(Files.readString(SandboxExtension.CRD)), "v1alpha1");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A minimal cluster with {@code spec} lines added (YAML, indented under spec). */
  static ObjectNode cluster(String name, String specYaml) {
    String yaml =
        "apiVersion: orbit.dev/v1alpha1\nkind: OrbitCluster\nmetadata:\n  name: "
            + name
            + "\nspec:\n  storage:\n    wal: {size: 1Gi}\n    hot: {size: 10Gi}\n"
            + specYaml.indent(2);
    return (ObjectNode) Yaml.read(yaml);
  }

  static CrdSchema.Result admit(String specYaml) {
    return SCHEMA.admit(cluster("c", specYaml), null);
  }

  static void refused(String specYaml, String message) {
    var errors = admit(specYaml).errors();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains(message), errors.get(0));
  }

  static void accepted(String specYaml) {
    assertEquals(List.of(), admit(specYaml).errors());
  }

  @Test
  void aMinimalClusterPassesAndGetsItsDefaults() {
    var r = admit("");
    assertEquals(List.of(), r.errors());
    assertEquals(List.of(), r.unknownFields());
    JsonNode spec = r.object().path("spec");
    assertEquals(1, spec.path("replicas").asInt());
    assertEquals("group", spec.path("durability").asText());
    assertTrue(spec.path("storage").path("retainOnDelete").asBoolean());
  }

  @Test
  void unknownFieldsAreDroppedAndNamed() {
    var r = admit("tiering: {lukewarm: {minAge: 1h}}\nfavourite: blue");
    assertEquals(List.of(), r.errors());
    assertEquals(List.of("spec.tiering.lukewarm", "spec.favourite"), r.unknownFields());
    assertTrue(r.object().path("spec").path("tiering").path("lukewarm").isMissingNode());
    var top = cluster("c", "");
    top.put("extra", 1);
    assertEquals(List.of("extra"), SCHEMA.admit(top, null).unknownFields());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "warm: {minAge: 30d}, cold: {minAge: 1h}",
        "warm: {minAge: 31d}",
        "cold: {minAge: 1d}",
        "warm: {minAge: 1d1h}, cold: {minAge: 24h}",
        "warm: {minAge: 2h}, cold: {minAge: 119m}"
      })
  void coldBeforeWarmIsRefused(String tiering) {
    refused(
        "tiering: {" + tiering + "}",
        "spec.tiering: Invalid value: \"object\": tiering.cold.minAge must not be shorter than"
            + " tiering.warm.minAge");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "warm: {minAge: 30d}",
        "cold: {minAge: 2d}",
        "warm: {minAge: 1d12h}, cold: {minAge: 36h}",
        "warm: {minAge: 500ms}, cold: {minAge: 1s}",
        "warm: {minAge: 2s}, cold: {minAge: 4s}",
        "interval: 1s"
      })
  void warmNoLaterThanColdPasses(String tiering) {
    accepted("tiering: {" + tiering + "}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "bolt", "aql"})
  void protocolsThisBuildDoesNotServeAreRefused(String protocol) {
    refused(
        "protocols: {" + protocol + ": {enabled: true}}",
        "spec.protocols."
            + protocol
            + ": Invalid value: \"object\": the "
            + protocol
            + " protocol is not available in this build of orbit-node");
    accepted("protocols: {" + protocol + ": {enabled: false}}");
  }

  @Test
  void servedProtocolsMayBeEnabled() {
    accepted("protocols: {cql: {enabled: true}, redis: {enabled: false}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0Gi", "0.0Ti", "lots", "-1Gi", "10GB"})
  void sizesMustBePositiveQuantities(String size) {
    var errors = admit("storage: {wal: {size: \"" + size + "\"}, hot: {size: 10Gi}}").errors();
    assertEquals(1, errors.size(), size + ": " + errors);
    assertTrue(
        errors.get(0).contains("spec.storage.wal.size: Invalid value")
            && errors.get(0).contains("size must be a positive quantity"),
        errors.get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10Gi", "1.5Ti", "500M", "2048", "1E"})
  void positiveQuantitiesPass(String size) {
    accepted("storage: {wal: {size: \"" + size + "\"}, hot: {size: 10Gi}}");
  }

  @Test
  void anIntegerSizeIsAQuantityToo() {
    accepted("storage: {wal: {size: 1073741824}, hot: {size: 10Gi}}");
    refused("storage: {wal: {size: 0}, hot: {size: 10Gi}}", "size must be a positive quantity");
  }

  @Test
  void configMaySetOnlyTheKeysTheOperatorLeavesToUsers() {
    accepted("config: {storage.blockCacheSize: 1Gi, tiering.interval: 30s}");
    refused("config: {admin.port: \"9090\"}", "spec.config may set only");
    refused("config: {protocols.redis.port: \"1\"}", "the operator manages the rest");
  }

  @Test
  void namesLongerThanPodLabelsAllowAreRefused() {
    assertEquals(List.of(), SCHEMA.admit(cluster("a".repeat(52), ""), null).errors());
    var errors = SCHEMA.admit(cluster("a".repeat(53), ""), null).errors();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("metadata.name must be at most 52 characters"));
  }

  @Test
  void schemaRulesReadAsTheApiServerWritesThem() {
    refused(
        "replicas: -1",
        "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal"
            + " to 0");
    refused(
        "durability: fast",
        "spec.durability: Unsupported value: \"fast\": supported values: \"async\", \"group\","
            + " \"sync\"");
    refused("tiering: {interval: soon}", "spec.tiering.interval in body should match");
    refused("tiering: {interval: 1h2d}", "spec.tiering.interval in body should match");
    refused("replicas: two", "spec.replicas in body must be of type integer");
    refused("protocols: {redis: {port: 70000}}", "should be less than or equal to 65535");
    var missing = SCHEMA.admit(cluster("c", ""), null);
    ((ObjectNode) missing.object().path("spec").path("storage")).remove("hot");
    var errors = SCHEMA.admit(missing.object(), null).errors();
    assertEquals(List.of("spec.storage.hot: Required value"), errors);
  }

  @Test
  void everyRuleOfTheCrdCompilesAndRuns() {
    var rules = new ArrayList<String>();
    collect(Yaml.read(readCrd()), rules);
    assertTrue(rules.size() >= 8, rules.toString());
    for (String rule : rules) {
      // each rule on an empty object: it compiles, and evaluating it either holds, fails, or
      // reports a missing field, but never a syntax or type error of the rule itself
      try {
        CelRules.holds(rule, Yaml.read("{}"), null);
      } catch (IllegalArgumentException e) {
        assertTrue(!e.getMessage().contains("does not compile"), rule + " -> " + e.getMessage());
      }
    }
  }

  private static String readCrd() {
    try {
      return Files.readString(SandboxExtension.CRD);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void collect(JsonNode node, List<String> rules) {
    if (node.isObject()) {
      node.path("x-kubernetes-validations").forEach(r -> rules.add(r.path("rule").asText()));
      node.forEach(n -> collect(n, rules));
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, rules));
    }
  }
}
