package dev.orbit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl kustomize deploy/}, {@code helm lint} and {@code helm template} of the chart, with
 * the real binaries (.ci/run installs them; skipped where they are absent).
 */
class InstallManifestsIT {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static String tool(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
    return out;
  }

  static List<String> kinds(String yaml) {
    List<String> out = new ArrayList<>();
    for (String line : yaml.split("\n")) {
      if (line.startsWith("kind: ")) {
        out.add(line.substring(6).trim().replace("\"", ""));
      }
    }
    return out;
  }

  @Test
  void kustomizeRendersTheInstall() throws Exception {
    String kubectl = tool("kubectl");
    assumeTrue(kubectl != null, "kubectl not installed (.ci/run installs it)");
    List<String> kinds = kinds(run(kubectl, "kustomize", "deploy/"));
    for (String k :
        List.of(
            "CustomResourceDefinition",
            "Namespace",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Deployment")) {
      assertTrue(kinds.contains(k), k + " in " + kinds);
    }
  }

  @Test
  void helmLintsAndRendersTheChart() throws Exception {
    String helm = tool("helm");
    assumeTrue(helm != null, "helm not installed (.ci/run installs it)");
    String lint = run(helm, "lint", "charts/orbit-operator");
    assertTrue(lint.contains("0 chart(s) failed"), lint);
    String rendered =
        run(
            helm,
            "template",
            "orbit",
            "charts/orbit-operator",
            "--namespace",
            "orbit-system",
            "--include-crds");
    List<String> kinds = kinds(rendered);
    for (String k :
        List.of(
            "CustomResourceDefinition",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Deployment")) {
      assertTrue(kinds.contains(k), k + " in " + kinds);
    }
    assertTrue(rendered.contains("ORBIT_NODE_IMAGE"), "the operator gets its node image");
  }
}
