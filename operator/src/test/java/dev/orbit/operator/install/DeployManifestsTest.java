package dev.orbit.operator.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.SpecValidator;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/ and the chart hang together with the operator's code. */
class DeployManifestsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ROOT = Path.of("..");

  @Test
  void everyKustomizationResourceExists() throws Exception {
    for (String dir : List.of("deploy", "crds")) {
      JsonNode k = YAML.readTree(ROOT.resolve(dir).resolve("kustomization.yaml").toFile());
      for (JsonNode r : k.get("resources")) {
        assertTrue(Files.exists(ROOT.resolve(dir).resolve(r.asText())), dir + ": " + r.asText());
      }
    }
  }

  @Test
  void deploymentAndChartSetOnlyVariablesTheOperatorReads() throws Exception {
    var known = new TreeSet<>(OperatorConfig.environmentVariables());
    known.add("POD_NAMESPACE");
    JsonNode deployment = YAML.readTree(ROOT.resolve("deploy/operator.yaml").toFile());
    var deployEnv = new TreeSet<String>();
    deployment
        .at("/spec/template/spec/containers/0/env")
        .forEach(e -> deployEnv.add(e.get("name").asText()));
    assertTrue(known.containsAll(deployEnv), "unknown variables in " + deployEnv);
    assertTrue(deployEnv.contains("POD_NAMESPACE"), "the Lease namespace comes from POD_NAMESPACE");

    String chart =
        Files.readString(ROOT.resolve("charts/orbit-operator/templates/deployment.yaml"));
    var chartEnv = new TreeSet<String>();
    var m = Pattern.compile("- name: ([A-Z_]+)").matcher(chart);
    while (m.find()) {
      chartEnv.add(m.group(1));
    }
    assertEquals(deployEnv, chartEnv);
  }

  @Test
  void deployedNodeImageIsTheOperatorDefault() throws Exception {
    JsonNode deployment = YAML.readTree(ROOT.resolve("deploy/operator.yaml").toFile());
    var images = new ArrayList<String>();
    deployment
        .at("/spec/template/spec/containers/0/env")
        .forEach(
            e -> {
              if (e.get("name").asText().equals("ORBIT_NODE_IMAGE")) {
                images.add(e.get("value").asText());
              }
            });
    assertEquals(List.of(OperatorConfig.DEFAULT_NODE_IMAGE), images);
    JsonNode values = YAML.readTree(ROOT.resolve("charts/orbit-operator/values.yaml").toFile());
    assertEquals(OperatorConfig.DEFAULT_NODE_IMAGE, values.get("nodeImage").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal.yaml", "three-tier.yaml"})
  void examplesAreValidClusters(String file) throws Exception {
    var c =
        Serialization.unmarshal(
            Files.readString(ROOT.resolve("deploy/examples").resolve(file)), OrbitCluster.class);
    c.getMetadata().setNamespace("default");
    assertEquals(List.of(), SpecValidator.validate(c.getSpec()));
    var sts = ClusterModel.from(c, OperatorConfig.defaults()).statefulSet();
    assertTrue(sts.getSpec().getVolumeClaimTemplates().size() >= 2);
  }
}
