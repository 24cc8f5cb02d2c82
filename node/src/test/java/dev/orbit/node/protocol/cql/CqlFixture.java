package dev.orbit.node.protocol.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.orbit.node.TestNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A test node serving CQL with the password user {@code orbit}, and driver sessions to it. */
final class CqlFixture {
  static final String USER = "orbit";
  static final String PASSWORD = "secret";

  private CqlFixture() {}

  /** A node serving CQL on a free port, user {@code orbit}, and the {@code extra} settings. */
  static TestNode start(Path dir, String... extra) {
    return startWith(dir, "auth.users." + USER + "=" + PASSWORD, extra);
  }

  /** A node serving CQL on a free port to anyone (auth.method=trust), with {@code extra}. */
  static TestNode startTrusting(Path dir, String... extra) {
    return startWith(dir, "auth.method=trust", extra);
  }

  private static TestNode startWith(Path dir, String auth, String... extra) {
    List<String> sets =
        new ArrayList<>(List.of("protocols.cql.enabled=true", "protocols.cql.port=0", auth));
    sets.addAll(List.of(extra));
    return TestNode.start(dir, sets.toArray(new String[0]));
  }

  /** A driver session logged in as {@code orbit}. */
  static CqlSession connect(TestNode n) {
    return connect(n, USER, PASSWORD);
  }

  static CqlSession connect(TestNode n, String user, String password) {
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress("127.0.0.1", n.node.port("cql")))
        .withLocalDatacenter("datacenter1")
        .withAuthCredentials(user, password)
        // CI machines are loaded: a schema change waits on fsyncs, so no 2 s request timeout
        .withConfigLoader(
            DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                .withDuration(
                    DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(60))
                // close at once: the driver's event loops otherwise idle 2 s before they stop
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build())
        .build();
  }

  /** Creates keyspace {@code name} with one replica. */
  static void createKeyspace(CqlSession s, String name) {
    s.execute(
        "CREATE KEYSPACE "
            + name
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  }
}
