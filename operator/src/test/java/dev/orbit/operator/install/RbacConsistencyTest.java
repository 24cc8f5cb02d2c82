package dev.orbit.operator.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Helm chart grants exactly the RBAC rules of deploy/. */
class RbacConsistencyTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ROOT = Path.of("..");

  @Test
  void chartClusterRoleRulesEqualDeployRules() throws Exception {
    assertEquals(
        deployRules("deploy/rbac/cluster-role.yaml"),
        chartRules("charts/orbit-operator/templates/clusterrole.yaml"));
  }

  @Test
  void chartLeaderElectionRulesEqualDeployRules() throws Exception {
    assertEquals(
        deployRules("deploy/rbac/leader-election-role.yaml"),
        chartRules("charts/orbit-operator/templates/leader-election-role.yaml"));
  }

  private static JsonNode deployRules(String file) throws Exception {
    JsonNode rules = YAML.readTree(ROOT.resolve(file).toFile()).get("rules");
    assertFalse(rules == null || rules.isEmpty(), file + " has no rules");
    return rules;
  }

  /** The rules block of a template: from `rules:` to the end, minus a closing `{{- end }}`. */
  private static JsonNode chartRules(String file) throws Exception {
    String text = Files.readString(ROOT.resolve(file));
    String rules = text.substring(text.indexOf("\nrules:") + 1).replace("{{- end }}", "");
    assertFalse(rules.contains("{{"), file + ": the rules block must be plain YAML");
    return YAML.readTree(rules).get("rules");
  }
}
