package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl against the shared sandbox, in one namespace. */
final class Kubectl {
  /** What a kubectl run printed (stdout and stderr) and its exit code. */
  record Run(int exit, String out) {}

  private Kubectl() {}

  /** The kubectl on the PATH, or null when none is installed. */
  static Path find() {
    return List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":")).stream()
        .map(d -> Path.of(d, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }

  static Run run(Sandbox sandbox, String namespace, String... args)
      throws IOException, InterruptedException {
    var cmd = new ArrayList<String>(List.of(find().toString(), "--namespace", namespace));
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "kubectl timed out");
    return new Run(p.exitValue(), out);
  }
}
