package dev.orbit.e2e;

import dev.orbit.config.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An orbit-node started from the built jar as its own process, the way the README runs it. */
public final class NodeProcess implements AutoCloseable {
  public static final Path JAR =
      Path.of("../node/target/orbit-node.jar").toAbsolutePath().normalize();

  private final Process process;
  public final int adminPort;
  public final int redisPort;
  public final int pgPort;
  public final Path log;

  private NodeProcess(Process process, int[] ports, Path log) {
    this.process = process;
    this.adminPort = ports[0];
    this.redisPort = ports[1];
    this.pgPort = ports[2];
    this.log = log;
  }

  public static NodeProcess start(Path dataDir, String... sets) throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: build the node module first");
    }
    int[] ports = FreePorts.next(3);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "java",
                "-Xmx256m",
                "-jar",
                JAR.toString(),
                "serve",
                "--data-dir",
                dataDir.toString(),
                "--set",
                "bindAddress=127.0.0.1",
                "--set",
                "admin.port=" + ports[0],
                "--set",
                "protocols.redis.port=" + ports[1],
                "--set",
                "protocols.postgres.port=" + ports[2],
                "--set",
                "storage.blockCacheSize=32Mi",
                "--set",
                "storage.writeBufferSize=16Mi"));
    for (String s : sets) {
      cmd.add("--set");
      cmd.add(s);
    }
    Files.createDirectories(dataDir);
    Path log = Files.createTempFile("orbit-node-", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    // a CI runner in a pod must not make this laptop-style node demand an admin token
    pb.environment().remove("KUBERNETES_SERVICE_HOST");
    Process p = pb.redirectOutput(log.toFile()).start();
    return new NodeProcess(p, ports, log);
  }

  /** Waits until {@code /readyz} answers 200. */
  public NodeProcess awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "orbit-node exited " + process.exitValue() + ":\n" + Files.readString(log));
      }
      if (get("/readyz") == 200) {
        return this;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "orbit-node not ready in " + timeout + ":\n" + Files.readString(log));
  }

  public int get(String path) throws InterruptedException {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  public String getBody(String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      kill();
    }
  }
}
