package dev.orbit.node.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.orbit.node.TestNode;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.Tier;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Three members on loopback: writes through the leader are read back on every follower (Redis keys,
 * SQL tables created and filled on the leader), and a follower refuses writes the way a Redis
 * replica and a PostgreSQL hot standby do; tier moves decided by the leader leave every member with
 * identical records in identical tiers.
 */
class ReplicatedClusterIT {
  /** Larger than one log entry (4 MiB). */
  private static final byte[] BIG = new byte[(10 << 20) + 7];

  static {
    for (int i = 0; i < BIG.length; i++) {
      BIG[i] = (byte) (i * 7 + (i >>> 11));
    }
  }

  @TempDir Path dir;

  @Test
  void redisWritesThroughTheLeaderAreReadOnFollowersWhichRefuseWrites() throws Exception {
    try (ClusterFixture c = new ClusterFixture(dir, 3)) {
      TestNode leader = c.leader("redis");
      try (Jedis j = redis(leader)) {
        assertEquals("OK", j.set("greeting", "hello"));
        assertEquals(10, j.incrBy("counter", 10));
        assertEquals("OK", j.set("big".getBytes(StandardCharsets.UTF_8), BIG));
        assertEquals(7, j.decrBy("counter", 3));
      }
      for (TestNode f : c.followers(leader)) {
        try (Jedis j = redis(f)) {
          ClusterFixture.await(
              "the follower to hold the leader's writes", () -> "7".equals(get(j, "counter")));
          assertEquals("hello", j.get("greeting"));
          // a value larger than one log entry crossed in parts and arrived whole
          assertArrayEquals(BIG, j.get("big".getBytes(StandardCharsets.UTF_8)));
          JedisDataException e = assertThrows(JedisDataException.class, () -> j.set("k", "v"));
          assertEquals("READONLY You can't write against a read only replica.", e.getMessage());
          assertThrows(JedisDataException.class, () -> j.incr("counter"));
          assertEquals("7", j.get("counter"), "a refused write changes nothing");
        }
      }
    }
  }

  @Test
  void cqlFollowersStartWithoutALeaderAndTheirSchemaFollowsTheLeadersDdl() throws Exception {
    try (ClusterFixture c =
        new ClusterFixture(dir, 3, "protocols.cql.enabled=true", "protocols.cql.port=0")) {
      TestNode leader = c.leader("cql");
      try (CqlSession s = cql(leader)) {
        s.execute(
            "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy',"
                + " 'replication_factor': 3}");
        s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)");
        s.execute("INSERT INTO ks.t (k, v) VALUES (1, 'one')");
      }
      for (TestNode f : c.followers(leader)) {
        try (CqlSession s = cql(f)) {
          ClusterFixture.await(
              "the follower to know the leader's table and row",
              () -> {
                try {
                  Row r = s.execute("SELECT v FROM ks.t WHERE k = 1").one();
                  return r != null && "one".equals(r.getString("v"));
                } catch (RuntimeException e) {
                  return false; // no such table yet, or not caught up
                }
              });
        }
      }
    }
  }

  private static CqlSession cql(TestNode n) {
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress("127.0.0.1", n.node.port("cql")))
        .withLocalDatacenter("datacenter1")
        .withAuthCredentials("orbit", ClusterFixture.PASSWORD)
        .withConfigLoader(
            DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                .withDuration(
                    DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(60))
                .withDuration(
                    DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(60))
                .build())
        .build();
  }

  /** A Redis connection to {@code n}, authenticated (Redis needs a password once users exist). */
  private static Jedis redis(TestNode n) {
    Jedis j = new Jedis("127.0.0.1", n.redisPort(), 120_000); // a 10 MiB SET on a loaded machine
    j.auth(ClusterFixture.PASSWORD);
    return j;
  }

  private static String get(Jedis j, String key) {
    try {
      return j.get(key);
    } catch (JedisDataException e) {
      return null; // not caught up yet (MASTERDOWN)
    }
  }

  @Test
  void sqlTablesCreatedAndFilledOnTheLeaderAreReadOnFollowersWhichRefuseWrites() throws Exception {
    try (ClusterFixture c = new ClusterFixture(dir, 3)) {
      TestNode leader = c.leader("postgres");
      try (Connection conn = c.connectWhenReady(leader);
          Statement st = conn.createStatement()) {
        st.execute("create table accounts (id int primary key, balance int not null)");
        st.execute("insert into accounts values (1, 100), (2, 50)");
        st.execute("update accounts set balance = balance - 30 where id = 1");
      }
      for (TestNode f : c.followers(leader)) {
        try (Connection conn = c.connectWhenReady(f);
            Statement st = conn.createStatement()) {
          ClusterFixture.await("the follower to hold the leader's rows", () -> sum(st) == 120);
          SQLException e =
              assertThrows(
                  SQLException.class, () -> st.execute("insert into accounts values (3, 1)"));
          assertEquals("25006", e.getSQLState());
          assertTrue(e.getMessage().contains("read-only transaction"), e.getMessage());
          assertEquals(120, sum(st), "a refused write changes nothing");
        }
      }
    }
  }

  @Test
  void tierMovesDecidedByTheLeaderLeaveEveryMemberWithTheSameRecordsInTheSameTiers()
      throws Exception {
    try (ClusterFixture c = new ClusterFixture(dir, 3)) {
      TestNode leader = c.leader("redis");
      ProtocolStore st = leader.node.storage().store("redis");
      for (int i = 0; i < 300; i++) {
        st.put(key(i), ("v" + i).getBytes(StandardCharsets.UTF_8)).join();
      }
      Thread.sleep(5);
      long cutoff = System.currentTimeMillis();
      for (int i = 0; i < 100; i++) {
        st.put(key(i), ("new" + i).getBytes(StandardCharsets.UTF_8)).join(); // stays hot
      }
      st.delete(key(150)).durable().join();
      while (st.moveOlderThan(Tier.HOT, cutoff, 64)[0] == 64) {
        // hot -> warm in batches
      }
      while (st.moveOlderThan(Tier.WARM, cutoff, 64)[0] == 64) {
        // warm -> cold
      }
      st.put(key(299), "last".getBytes(StandardCharsets.UTF_8)).join();
      long applied = st.applied()[1];
      for (TestNode f : c.followers(leader)) {
        ProtocolStore fs = f.node.storage().store("redis");
        ClusterFixture.await("the follower to apply the moves", () -> fs.applied()[1] >= applied);
        for (int i = 0; i < 300; i++) {
          byte[] k = key(i);
          assertEquals(st.tierOf(k), fs.tierOf(k), "tier of key " + i);
          for (Tier t : Tier.values()) {
            assertArrayEquals(
                st.db(t).rawForTest(k), fs.db(t).rawForTest(k), "record of key " + i + " in " + t);
          }
        }
      }
      assertEquals(Tier.COLD, st.tierOf(key(200)));
      assertEquals(Tier.HOT, st.tierOf(key(5)));
      assertEquals(null, st.tierOf(key(150)));
    }
  }

  private static byte[] key(int i) {
    return String.format("key%04d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static int sum(Statement st) {
    try (ResultSet rs = st.executeQuery("select sum(balance) from accounts")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      return -1; // the table is not there yet
    }
  }
}
