package dev.orbit.e2e.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * A replicated cluster of orbit-node processes on loopback (built jar, one process per member), so
 * members can be killed (SIGKILL), frozen (SIGSTOP) and resumed (SIGCONT) like real machines.
 */
public final class ReplicaProcesses implements AutoCloseable {
  /** The user every member is started with (Redis asks for AUTH once users exist). */
  public static final String USER = "orbit";

  public static final String PASSWORD = "orbit-secret";

  public static final Path JAR =
      Path.of(System.getProperty("orbit.node.jar", "../node/target/orbit-node.jar"))
          .toAbsolutePath()
          .normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** One member: its id, ports and data folder. */
  public record Member(String id, int raft, int admin, int redis, int postgres, Path dir) {}

  public final List<Member> members = new ArrayList<>();
  private final Process[] processes;
  private final boolean[] stopped;
  private final List<String> extra;

  /** Prepares {@code n} members under {@code dir} (not started); {@code sets} go to every one. */
  public ReplicaProcesses(Path dir, int n, String... sets) throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: build the node module first");
    }
    for (int i = 0; i < n; i++) {
      members.add(
          new Member(
              "n" + i,
              FreePorts.next(),
              FreePorts.next(),
              FreePorts.next(),
              FreePorts.next(),
              dir.resolve("n" + i)));
    }
    processes = new Process[n];
    stopped = new boolean[n];
    extra = List.of(sets);
  }

  /** Starts every member. */
  public ReplicaProcesses startAll() throws IOException {
    for (int i = 0; i < members.size(); i++) {
      start(i);
    }
    return this;
  }

  /** Starts member {@code i} (again, on the same folders and ports). */
  public void start(int i) throws IOException {
    Member m = members.get(i);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "java",
                "-Xmx384m",
                "-XX:+UseSerialGC",
                // timestamps in each member's log, to line up with the harness's own timeline;
                // -Dorbit.replica.ratisLog=info shows Ratis' elections too
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.org.apache.ratis="
                    + System.getProperty("orbit.replica.ratisLog", "warn"),
                "-jar",
                JAR.toString(),
                "serve"));
    cmd.addAll(List.of("--data-dir", m.dir().toString()));
    List<String> sets =
        new ArrayList<>(
            List.of(
                "bindAddress=127.0.0.1",
                "admin.port=" + m.admin(),
                "protocols.redis.port=" + m.redis(),
                "protocols.postgres.port=" + m.postgres(),
                "storage.blockCacheSize=32Mi",
                "storage.writeBufferSize=16Mi",
                "auth.users." + USER + "=" + PASSWORD,
                "replication.nodeId=" + m.id(),
                "replication.port=" + m.raft()));
    for (Member p : members) {
      sets.add("replication.peers." + p.id() + "=127.0.0.1:" + p.raft());
    }
    sets.addAll(extra);
    for (String s : sets) {
      cmd.add("--set");
      cmd.add(s);
    }
    Files.createDirectories(m.dir());
    Path log = m.dir().resolveSibling(m.id() + ".log");
    processes[i] =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    stopped[i] = false;
  }

  /** SIGKILL, and waits for the process to be gone. */
  public void kill(int i) throws InterruptedException {
    Process p = processes[i];
    if (p != null) {
      if (stopped[i]) {
        signal(i, "CONT");
      }
      p.destroyForcibly();
      p.waitFor();
      processes[i] = null;
    }
  }

  /** SIGSTOP: the member freezes, its sockets stay open. */
  public void freeze(int i) {
    signal(i, "STOP");
    stopped[i] = true;
  }

  /** SIGCONT. */
  public void thaw(int i) {
    signal(i, "CONT");
    stopped[i] = false;
  }

  private void signal(int i, String sig) {
    try {
      Process k =
          new ProcessBuilder("kill", "-" + sig, Long.toString(processes[i].pid()))
              .inheritIO()
              .start();
      if (k.waitFor() != 0) {
        throw new IllegalStateException("kill -" + sig + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean running(int i) {
    return processes[i] != null && processes[i].isAlive() && !stopped[i];
  }

  /** {@code /v1/status} of member {@code i}, or null when it does not answer. */
  public JsonNode status(int i) {
    if (!running(i)) {
      return null;
    }
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + members.get(i).admin() + "/v1/status"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Asks member {@code from} (through its admin API) to hand the leadership of every group it leads
   * to member {@code to}; true when it answered that it did.
   */
  public boolean transferLeadership(int from, int to) {
    if (!running(from)) {
      return false;
    }
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + members.get(from).admin()
                              + "/v1/replication/leader"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"to\": \"" + members.get(to).id() + "\", \"timeoutMillis\": 10000}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The member that leads {@code protocol}'s group now, or -1. */
  public int leaderNow(String protocol) {
    for (int i = 0; i < members.size(); i++) {
      JsonNode s = status(i);
      if (s != null
          && "leader"
              .equals(s.path("replication").path("groups").path(protocol).path("role").asText())) {
        return i;
      }
    }
    return -1;
  }

  /** Waits (up to {@code timeout}) for a leader of {@code protocol}; returns it. */
  public int awaitLeader(String protocol, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      int l = leaderNow(protocol);
      if (l >= 0) {
        return l;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no leader of " + protocol + " within " + timeout + logs());
  }

  /** Waits until member {@code i} is caught up (its {@code /readyz} answers 200). */
  public void awaitCaughtUp(int i, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode s = status(i);
      if (s != null && s.path("replication").path("caughtUp").asBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("member " + i + " not caught up within " + timeout + logs());
  }

  /** The tail of every member's log, for failure messages. */
  public String logs() {
    StringBuilder sb = new StringBuilder();
    for (Member m : members) {
      Path log = m.dir().resolveSibling(m.id() + ".log");
      try {
        List<String> lines = Files.readAllLines(log);
        sb.append("\n--- ").append(m.id()).append(" ---\n");
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(l -> sb.append(l).append('\n'));
      } catch (IOException e) {
        // no log yet
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = 0; i < processes.length; i++) {
      kill(i);
    }
  }
}
