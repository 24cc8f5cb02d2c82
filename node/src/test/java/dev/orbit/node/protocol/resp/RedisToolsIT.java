package dev.orbit.node.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbit.node.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's redis-cli and redis-benchmark against orbit-node (skipped where they are absent). */
class RedisToolsIT {
  @TempDir Path dir;

  static boolean installed(String tool) {
    return Files.isExecutable(Path.of("/usr/bin", tool));
  }

  static String run(List<String> cmd, String stdin) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished: " + cmd);
    assertEquals(0, p.exitValue(), cmd + " failed:\n" + out);
    return out;
  }

  @Test
  void redisCliWorks() throws Exception {
    assumeTrue(installed("redis-cli"), "redis-cli not installed (.ci/run installs redis-tools)");
    try (TestNode n = TestNode.start(dir)) {
      String port = Integer.toString(n.redisPort());
      String out =
          run(
              List.of("redis-cli", "-p", port),
              "SET greeting hello\nGET greeting\nINCR n\nEXPIRE greeting 100\nTTL greeting\nDBSIZE\nINFO server\n");
      List<String> lines = out.lines().toList();
      assertEquals("OK", lines.get(0));
      assertEquals("hello", lines.get(1));
      assertEquals("1", lines.get(2));
      assertEquals("1", lines.get(3));
      assertEquals("100", lines.get(4));
      assertEquals("2", lines.get(5));
      assertTrue(out.contains("redis_version:"), out);
      String scan = run(List.of("redis-cli", "-p", port, "--scan", "--pattern", "gr*"), null);
      assertEquals("greeting", scan.trim());
    }
  }

  @Test
  void redisBenchmarkRunsClean() throws Exception {
    assumeTrue(installed("redis-benchmark"), "redis-benchmark not installed");
    try (TestNode n = TestNode.start(dir)) {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "redis-benchmark",
                  "-p",
                  Integer.toString(n.redisPort()),
                  "-q",
                  "-n",
                  "2000",
                  "-c",
                  "10",
                  "-t",
                  "ping,set,get,incr,mset"));
      String out = run(cmd, null);
      assertFalse(out.contains("ERR"), out);
      for (String t : List.of("PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET")) {
        assertTrue(out.contains(t + ": ") || out.contains(t + " (10 keys): "), t + " in\n" + out);
      }
      String pipelined =
          run(
              List.of(
                  "redis-benchmark",
                  "-p",
                  Integer.toString(n.redisPort()),
                  "-q",
                  "-n",
                  "5000",
                  "-P",
                  "16",
                  "-c",
                  "20",
                  "-t",
                  "set,get"),
              null);
      assertTrue(pipelined.contains("SET: ") && pipelined.contains("GET: "), pipelined);
    }
  }
}
