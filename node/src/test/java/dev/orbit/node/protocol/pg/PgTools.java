package dev.orbit.node.protocol.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the PostgreSQL client tools (psql, pgbench) against a test node. */
final class PgTools {
  private PgTools() {}

  static boolean installed(String tool) {
    return Files.isExecutable(Path.of("/usr/bin", tool));
  }

  /** Runs {@code tool args…} as user orbit; returns its combined output. */
  static String run(int port, String tool, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("/usr/bin/" + tool);
    cmd.addAll(List.of("-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "orbit"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", PgFixture.PASSWORD);
    pb.environment().put("PGCONNECT_TIMEOUT", "10");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(tool + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
