package dev.orbit.e2e.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One pod's container as a local process: the command line, the pod's uid, and its container ports
 * mapped to local ports.
 */
final class PodProcess {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  final String uid;
  final List<String> command;
  final Map<String, String> env;
  final Path log;

  /** containerPort → local port. */
  final Map<Integer, Integer> ports;

  /** port name → containerPort. */
  final Map<String, Integer> portNames;

  final int adminPort;

  /** Init containers (command, environment), run in order to completion before the node. */
  final List<Map.Entry<List<String>, Map<String, String>>> inits = new java.util.ArrayList<>();

  /** Exit code of the last init container run; null before any ran. */
  volatile Integer initExit;

  private Process process;
  Instant startedAt;
  int restarts;
  Instant nextStart = Instant.EPOCH;
  volatile boolean lastReady;

  PodProcess(
      String uid,
      List<String> command,
      Map<String, String> env,
      Path log,
      Map<Integer, Integer> ports,
      Map<String, Integer> portNames,
      int adminPort) {
    this.uid = uid;
    this.command = command;
    this.env = env;
    this.log = log;
    this.ports = ports;
    this.portNames = portNames;
    this.adminPort = adminPort;
  }

  void start() throws IOException {
    if (!runInits()) {
      return;
    }
    var pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    process = pb.start();
    startedAt = Instant.now();
    // lets the next sandbox stop this process should this one die without stopping it
    java.nio.file.Files.writeString(log.resolveSibling("pid"), Long.toString(process.pid()));
  }

  /** Runs the init containers; false (node not started) when one fails, as a kubelet would. */
  private boolean runInits() throws IOException {
    for (var init : inits) {
      var pb = new ProcessBuilder(init.getKey()).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().putAll(init.getValue());
      try {
        initExit = pb.start().waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        initExit = -1;
      }
      if (initExit != 0) {
        startedAt = Instant.now();
        return false;
      }
    }
    return true;
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  /** The local port of a container port, by number or name; -1 when unknown. */
  int localPort(String nameOrNumber) {
    Integer container = portNames.get(nameOrNumber);
    if (container == null) {
      try {
        container = Integer.parseInt(nameOrNumber);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return ports.getOrDefault(container, -1);
  }

  /** Whether the node answers 200 on {@code /readyz}. */
  boolean ready() {
    if (!alive()) {
      return false;
    }
    try {
      var req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
              .timeout(Duration.ofMillis(800))
              .build();
      return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM, then SIGKILL after the grace period; returns once the process is gone. */
  void stop(Duration grace) {
    if (process == null) {
      return;
    }
    try {
      java.nio.file.Files.deleteIfExists(log.resolveSibling("pid"));
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
