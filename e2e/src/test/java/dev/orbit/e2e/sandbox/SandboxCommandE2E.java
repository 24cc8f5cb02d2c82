package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * {@code e2e/bin/orbit-sandbox up | status | down}, {@code up} again resuming the data, and {@code
 * up} after a sandbox was killed.
 */
class SandboxCommandE2E {
  static final Path SCRIPT = Path.of("bin/orbit-sandbox").toAbsolutePath();
  static final Pattern RW = Pattern.compile("redis: localhost:(\\d+) -> orbit-minimal-rw");
  static final Pattern POD_PID = Pattern.compile("orbit-minimal-0: ready ip \\S+ pid (\\d+)");

  record Result(int exit, String out) {}

  @Test
  void upStatusDownAndUpAgainResumesTheData() throws Exception {
    Path state = Files.createTempDirectory(Path.of("target"), "sandbox-cli-");
    try {
      Result up = run(state, "up");
      assertEquals(0, up.exit(), up.out());
      assertTrue(
          up.out().contains("export KUBECONFIG=" + state.toAbsolutePath().resolve("kubeconfig")),
          up.out());
      int port = port(up.out());
      try (Jedis redis = redis(state, port)) {
        assertEquals("OK", redis.set("survives", "down-and-up"));
      }

      Result status = run(state, "status");
      assertEquals(0, status.exit(), status.out());
      Matcher pid = POD_PID.matcher(status.out());
      assertTrue(pid.find(), status.out());
      long nodePid = Long.parseLong(pid.group(1));

      Result down = run(state, "down");
      assertEquals(0, down.exit(), down.out());
      assertFalse(
          ProcessHandle.of(nodePid).map(ProcessHandle::isAlive).orElse(false), "node process left");
      Result stopped = run(state, "status");
      assertEquals(3, stopped.exit(), stopped.out());
      assertTrue(stopped.out().contains("orbit-minimal"), stopped.out());

      Result again = run(state, "up");
      assertEquals(0, again.exit(), again.out());
      assertEquals(port, port(again.out()), "the same local port as before");
      try (Jedis redis = redis(state, port)) {
        assertEquals("down-and-up", redis.get("survives"));
      }

      // a sandbox killed without cleaning up leaves its node running; the next up stops it
      Matcher left = POD_PID.matcher(run(state, "status").out());
      assertTrue(left.find());
      long orphan = Long.parseLong(left.group(1));
      long sandboxPid = Long.parseLong(Files.readString(state.resolve("sandbox.pid")).trim());
      ProcessHandle.of(sandboxPid).orElseThrow().destroyForcibly();
      ProcessHandle.of(sandboxPid).ifPresent(h -> h.onExit().join());
      assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false));
      Result afterKill = run(state, "up");
      assertEquals(0, afterKill.exit(), afterKill.out());
      assertFalse(
          ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "left node stopped");
      try (Jedis redis = redis(state, port)) {
        assertEquals("down-and-up", redis.get("survives"));
      }
    } finally {
      Result down = run(state, "down");
      assertEquals(0, down.exit(), down.out());
    }
  }

  /** A client authenticated with the password of the sandbox's current auth Secret. */
  private static Jedis redis(Path state, int port) throws IOException {
    String kubeconfig = Files.readString(state.resolve("kubeconfig"));
    try (KubernetesClient client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
      Jedis j = new Jedis("127.0.0.1", port, 60_000);
      j.auth(Clusters.password(client, "default", "orbit-minimal"));
      return j;
    }
  }

  private static int port(String out) {
    Matcher m = RW.matcher(out);
    assertTrue(m.find(), out);
    return Integer.parseInt(m.group(1));
  }

  private static Result run(Path state, String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(List.of(SCRIPT.toString(), command, "--state", state.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(200, TimeUnit.SECONDS), command + " timed out");
    return new Result(p.exitValue(), out);
  }
}
