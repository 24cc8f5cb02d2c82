package dev.orbit.e2e.attack;

import dev.orbit.config.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The orbit-node process under attack: started from the built jar with free ports, an admin token,
 * trust logins and a file-descriptor limit, with its memory, CPU time and log at hand.
 */
final class TargetNode implements AutoCloseable {
  static final String TOKEN = "attack-run-admin-token";

  final Path jar;
  final Path data;
  final List<String> sets;
  final int nofile;
  final int redis;
  final int postgres;
  final int admin;
  final Path log;
  private Process process;

  TargetNode(Path jar, Path data, List<String> sets, int nofile) throws IOException {
    this.jar = jar;
    this.data = data;
    this.sets = sets;
    this.nofile = nofile;
    this.redis = FreePorts.next();
    this.postgres = FreePorts.next();
    this.admin = FreePorts.next();
    this.log = data.resolveSibling(data.getFileName() + ".log");
  }

  void start() throws Exception {
    Files.createDirectories(data);
    StringBuilder cmd = new StringBuilder("ulimit -n " + nofile + " && exec java -Xmx2g -jar ");
    cmd.append(quote(jar.toString())).append(" serve --data-dir ").append(quote(data.toString()));
    List<String> all = new ArrayList<>(sets);
    all.add("protocols.redis.port=" + redis);
    all.add("protocols.postgres.port=" + postgres);
    all.add("admin.port=" + admin);
    all.add("bindAddress=127.0.0.1");
    all.add("auth.method=trust");
    for (String s : all) {
      cmd.append(" --set ").append(quote(s));
    }
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", cmd.toString());
    pb.environment().remove("KUBERNETES_SERVICE_HOST");
    pb.environment().put("ORBIT_ADMIN_TOKEN", TOKEN);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!healthy()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("orbit-node did not become ready; see " + log);
      }
      Thread.sleep(100);
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** /livez and /readyz both answer 200 on fresh connections. */
  boolean healthy() {
    try {
      return "200".equals(Http.get(admin, "/livez", null, 5000)[0])
          && "200".equals(Http.get(admin, "/readyz", null, 5000)[0]);
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits up to {@code seconds} for {@link #healthy}. */
  boolean awaitHealthy(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!alive()) {
        return false;
      }
      if (healthy()) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** Resident memory of the node process, from /proc. */
  long rssBytes() {
    return procStatus("VmRSS:") * 1024;
  }

  /** CPU time the node process has used, from /proc (clock ticks of 10 ms). */
  long cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Open file descriptors of the node process. */
  long openFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + process.pid() + "/fd"))) {
      return fds.count();
    } catch (IOException e) {
      return -1;
    }
  }

  private long procStatus(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  /** WARN and ERROR lines the node has logged so far. */
  long warnLines() {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
