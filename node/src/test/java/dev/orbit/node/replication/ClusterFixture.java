package dev.orbit.node.replication;

import dev.orbit.config.FreePorts;
import dev.orbit.node.TestNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/** Several in-process nodes on loopback forming one replicated cluster, for tests. */
final class ClusterFixture implements AutoCloseable {
  static final String PASSWORD = "orbit-secret";
  static final Duration DEADLINE = Duration.ofSeconds(90);

  static final String ADMIN_TOKEN = "orbit-admin-token";

  final List<TestNode> nodes = new ArrayList<>();
  private final Path dir;
  private final List<String[]> configs = new ArrayList<>();

  ClusterFixture(Path dir, int members, String... extra) throws IOException {
    this.dir = dir;
    int[] ports = new int[members];
    int[] adminPorts = new int[members];
    for (int i = 0; i < members; i++) {
      ports[i] = FreePorts.next();
      adminPorts[i] = FreePorts.next();
    }
    try {
      for (int i = 0; i < members; i++) {
        List<String> sets = new ArrayList<>();
        for (int j = 0; j < members; j++) {
          sets.add("replication.peers.n" + j + "=127.0.0.1:" + ports[j]);
          sets.add("replication.adminPorts.n" + j + "=" + adminPorts[j]);
        }
        sets.add("replication.nodeId=n" + i);
        sets.add("replication.port=" + ports[i]);
        sets.add("admin.port=" + adminPorts[i]);
        sets.add("admin.token=" + ADMIN_TOKEN);
        sets.add("auth.users.orbit=" + PASSWORD);
        sets.add("tiering.enabled=false");
        sets.addAll(List.of(extra));
        configs.add(sets.toArray(new String[0]));
        nodes.add(TestNode.start(dir.resolve("n" + i), configs.get(i)));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Member {@code i}'s folders (data and WAL volumes). */
  Path dataDir(int i) {
    return dir.resolve("n" + i);
  }

  /** Stops member {@code i} (its slot stays, null, until {@link #restart}). */
  void stop(int i) {
    TestNode n = nodes.set(i, null);
    if (n != null) {
      n.close();
    }
  }

  /** Starts member {@code i} again with its config, over whatever its folders hold. */
  TestNode restart(int i) {
    stop(i);
    TestNode n = TestNode.start(dataDir(i), configs.get(i));
    nodes.set(i, n);
    return n;
  }

  /**
   * Waits until exactly one node leads {@code protocol}'s group and takes writes; returns it. (Just
   * after a transfer the former leader's flag lags the new leader's by up to one watch period.)
   */
  TestNode leader(String protocol) {
    TestNode[] found = new TestNode[1];
    await(
        "one leader of " + protocol,
        () -> {
          int ready = 0;
          for (TestNode n : nodes) {
            if (n != null && n.node.storage().replication().status().get(protocol).leaderReady()) {
              found[0] = n;
              ready++;
            }
          }
          return ready == 1;
        });
    return found[0];
  }

  List<TestNode> followers(TestNode leader) {
    List<TestNode> out = new ArrayList<>(nodes);
    out.remove(leader);
    out.removeIf(java.util.Objects::isNull);
    return out;
  }

  /** Every member's view of the group, to tell why a test's wait failed. */
  String describe(String protocol) {
    StringBuilder b = new StringBuilder();
    for (TestNode n : nodes) {
      if (n == null) {
        continue;
      }
      Replication r = n.node.storage().replication();
      GroupLog log = r.log(protocol);
      b.append(r.self())
          .append(": ")
          .append(r.status().get(protocol))
          .append(" commitInfos=")
          .append(
              log.division().getCommitInfos().stream()
                  .map(i -> i.getServer().getId().toStringUtf8() + "@" + i.getCommitIndex())
                  .toList())
          .append(" role=")
          .append(log.division().getInfo().getRoleInfoProto().toString().replace('\n', ' '))
          .append('\n');
    }
    return b.toString();
  }

  static void await(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  /**
   * A PostgreSQL connection to {@code n} once it serves one (its leader has created the default
   * database); on a timeout, says why: the last refusal and every member's view of the group.
   */
  Connection connectWhenReady(TestNode n) {
    Connection[] conn = {null};
    SQLException[] last = {null};
    try {
      await(
          "a PostgreSQL connection to " + n.node.storage().replication().self(),
          () -> {
            try {
              conn[0] = connect(n);
              return true;
            } catch (SQLException e) {
              last[0] = e;
              return false;
            }
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; " + describe("postgres"), last[0]);
    }
    return conn[0];
  }

  static Connection connect(TestNode n) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "orbit");
    p.setProperty("password", PASSWORD);
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + n.postgresPort() + "/orbit", p);
  }

  @Override
  public void close() {
    for (TestNode n : nodes) {
      try {
        if (n != null) {
          n.close();
        }
      } catch (RuntimeException e) {
        // close the others anyway
      }
    }
  }
}
