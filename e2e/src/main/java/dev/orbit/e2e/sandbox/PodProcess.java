package dev.orbit.e2e.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One pod's container as a local process: the command line, the pod's uid, its own loopback address
 * (where it listens on its container ports) and its hosts file.
 */
final class PodProcess {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  final String uid;
  final List<String> command;
  final Map<String, String> env;
  final Path log;

  /** The pod's IP: a loopback address of its own. */
  final String ip;

  /** The hosts file the JVM resolves names with. */
  final Path hostsFile;

  /** port name → containerPort. */
  final Map<String, Integer> portNames;

  /** The readiness probe: HTTP path and container port; path null when the pod has none. */
  final String readyPath;

  final int readyPort;

  /** Init containers (command, environment), run in order to completion before the node. */
  final List<Map.Entry<List<String>, Map<String, String>>> inits = new java.util.ArrayList<>();

  /** The container's startup and liveness probes (none: {@code new Prober(null, null)}). */
  Prober prober = new Prober(null, null);

  /** Exit code of the last init container run; null before any ran. */
  volatile Integer initExit;

  private Process process;
  private long logOffset;
  Instant startedAt;
  int restarts;
  Instant nextStart = Instant.EPOCH;
  volatile boolean lastReady;

  /** How the previous run ended (container {@code lastState.terminated}); null before one did. */
  Termination last;

  /** The pause before the next start after an exit. */
  long backoffSeconds;

  /** Whether the exit of the current run was recorded. */
  boolean exitSeen;

  /** A finished run: exit code, start and end, and the tail of its output. */
  record Termination(int exitCode, Instant startedAt, Instant finishedAt, String message) {}

  PodProcess(
      String uid,
      List<String> command,
      Map<String, String> env,
      Path log,
      String ip,
      Path hostsFile,
      Map<String, Integer> portNames,
      String readyPath,
      int readyPort) {
    this.uid = uid;
    this.command = command;
    this.env = env;
    this.log = log;
    this.ip = ip;
    this.hostsFile = hostsFile;
    this.portNames = portNames;
    this.readyPath = readyPath;
    this.readyPort = readyPort;
  }

  void start() throws IOException {
    logOffset = Files.isRegularFile(log) ? Files.size(log) : 0;
    if (!runInits()) {
      return;
    }
    var pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // the sandbox's pods see only the env their spec gives (a CI runner may itself run in a pod)
    pb.environment().remove("KUBERNETES_SERVICE_HOST");
    pb.environment().putAll(env);
    process = pb.start();
    startedAt = Instant.now();
    exitSeen = false;
    prober.reset(startedAt);
    // lets the next sandbox stop this process should this one die without stopping it
    Files.writeString(log.resolveSibling("pid"), Long.toString(process.pid()));
  }

  /**
   * Runs the init containers in order, each to its end. One that fails stands for the run (its exit
   * code and output become the last termination), and the node does not start, as in a kubelet.
   */
  private boolean runInits() throws IOException {
    for (var init : inits) {
      var pb = new ProcessBuilder(init.getKey()).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().remove("KUBERNETES_SERVICE_HOST");
      pb.environment().putAll(init.getValue());
      Process p = pb.start();
      try {
        initExit = p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        initExit = -1;
      }
      if (initExit != 0) {
        process = p;
        startedAt = Instant.now();
        exitSeen = false;
        return false;
      }
    }
    return true;
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /**
   * Whether the pod status shows this process running: alive, or exited without the kubelet having
   * recorded the exit yet (a real kubelet reports CrashLoopBackOff only with the last termination).
   */
  boolean shownRunning() {
    return alive() || (process != null && startedAt != null && !exitSeen);
  }

  /**
   * Records how the run that just exited ended. Its message is the end of the run's output (the
   * kubelet's {@code terminationMessagePolicy: FallbackToLogsOnError}: at most 80 lines / 2 KiB).
   */
  Termination recordExit() {
    String tail = "";
    try (var ch = java.nio.channels.FileChannel.open(log)) {
      long from = Math.max(logOffset, ch.size() - 2048);
      var buf = java.nio.ByteBuffer.allocate((int) Math.max(0, ch.size() - from));
      ch.read(buf, from);
      tail = new String(buf.array(), java.nio.charset.StandardCharsets.UTF_8);
      String[] lines = tail.split("\n");
      if (lines.length > 80) {
        tail =
            String.join("\n", java.util.Arrays.copyOfRange(lines, lines.length - 80, lines.length));
      }
    } catch (IOException e) {
      tail = "";
    }
    last = new Termination(process.exitValue(), startedAt, Instant.now(), tail.strip());
    exitSeen = true;
    return last;
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  /** A container port by name or number; -1 when a name is unknown. */
  int port(String nameOrNumber) {
    Integer container = portNames.get(nameOrNumber);
    if (container != null) {
      return container;
    }
    try {
      return Integer.parseInt(nameOrNumber);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether the readiness probe answers 2xx (running and no probe: ready). */
  boolean ready() {
    if (!alive()) {
      return false;
    }
    if (readyPath == null) {
      return true;
    }
    try {
      var req =
          HttpRequest.newBuilder(URI.create("http://" + ip + ":" + readyPort + readyPath))
              .timeout(Duration.ofMillis(800))
              .build();
      int code = HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      return code >= 200 && code < 400;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * SIGTERM now and SIGKILL should the process outlive the grace period, without waiting: the
   * kubelet's loop sees the exit (and restarts the container) on a later pass.
   */
  void kill(Duration grace) {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroy();
    p.onExit()
        .orTimeout(grace.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            e -> {
              p.destroyForcibly();
              return p;
            });
  }

  /** SIGTERM, then SIGKILL after the grace period; returns once the process is gone. */
  void stop(Duration grace) {
    if (process == null) {
      return;
    }
    try {
      Files.deleteIfExists(log.resolveSibling("pid"));
    } catch (IOException e) {
      // the next sandbox checks the command line before stopping anything
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
