package dev.orbit.e2e.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * CQL load through the Apache Cassandra Java driver against two servers (Orbit and a reference
 * Cassandra): inserts, point reads by partition key, clustering-range reads; prints both and the
 * ratio. Usage: CqlBench orbitPort cassandraPort [rows] [concurrency].
 */
public final class CqlBench {
  private static final String[] TESTS = {"insert", "point-read", "range-read"};

  private CqlBench() {}

  public static void main(String[] args) throws Exception {
    int orbitPort = Integer.parseInt(args[0]);
    int cassandraPort = Integer.parseInt(args[1]);
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    // a warm-up pass for both first (the JVMs compile their hot paths), then the measured pass
    run(cassandraPort, rows, concurrency, "warm");
    run(orbitPort, rows, concurrency, "warm");
    double[] c = run(cassandraPort, rows, concurrency, "run");
    double[] o = run(orbitPort, rows, concurrency, "run");
    System.out.printf("%-11s %14s %14s %8s%n", "test", "cassandra", "orbit-node", "ratio");
    for (int i = 0; i < TESTS.length; i++) {
      System.out.printf("%-11s %14.0f %14.0f %8.2f%n", TESTS[i], c[i], o[i], o[i] / c[i]);
    }
    System.out.printf(
        "ops/s, %d rows, %d requests in flight, prepared statements, one driver session;"
            + " targets: insert >= 1.0, point-read >= 1.0%n",
        rows, concurrency);
  }

  /**
   * Creates keyspace {@code ks} (each name is used once per server), then times each workload;
   * returns ops/s per test.
   */
  private static double[] run(int port, int rows, int concurrency, String ks) throws Exception {
    try (CqlSession s =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", port))
            .withLocalDatacenter("datacenter1")
            // schema changes on a loaded machine take seconds (Cassandra's more than Orbit's)
            .withConfigLoader(
                DriverConfigLoader.programmaticBuilder()
                    .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofMinutes(2))
                    .withDuration(
                        DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT,
                        Duration.ofMinutes(2))
                    .build())
            .build()) {
      s.execute(
          "CREATE KEYSPACE "
              + ks
              + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
      s.execute("CREATE TABLE " + ks + ".kv (id int PRIMARY KEY, v text)");
      s.execute("CREATE TABLE " + ks + ".ts (p int, c int, v text, PRIMARY KEY (p, c))");
      PreparedStatement ins = s.prepare("INSERT INTO " + ks + ".kv (id, v) VALUES (?, ?)");
      PreparedStatement insTs = s.prepare("INSERT INTO " + ks + ".ts (p, c, v) VALUES (?, ?, ?)");
      PreparedStatement get = s.prepare("SELECT v FROM " + ks + ".kv WHERE id = ?");
      PreparedStatement range =
          s.prepare("SELECT c, v FROM " + ks + ".ts WHERE p = ? AND c >= ? AND c < ?");
      String value = "v".repeat(100);
      double[] out = new double[3];
      out[0] = rate(s, rows, concurrency, i -> ins.bind(i, value + i), 0);
      // the range table: 1,000 rows per partition, loaded untimed
      int partitions = Math.max(1, rows / 1000);
      rate(s, partitions * 1000, concurrency, i -> insTs.bind(i / 1000, i % 1000, value), 0);
      SplittableRandom r = new SplittableRandom(42);
      out[1] = rate(s, rows, concurrency, i -> get.bind(r.nextInt(rows)), 1);
      int ranges = Math.max(1, rows / 20);
      out[2] =
          rate(
              s,
              ranges,
              concurrency,
              i -> {
                int from = r.nextInt(900);
                return range.bind(r.nextInt(partitions), from, from + 100);
              },
              100);
      return out;
    }
  }

  /** Runs n statements with up to {@code concurrency} in flight; checks each returns its rows. */
  private static double rate(
      CqlSession s, int n, int concurrency, IntFunction<BoundStatement> stmt, int expectRows)
      throws Exception {
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    for (int i = 0; i < n && failure.get() == null; i++) {
      inFlight.acquire();
      CompletionStage<AsyncResultSet> f = s.executeAsync(stmt.apply(i));
      f.whenComplete(
          (rs, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            } else if (expectRows > 0 && rs.remaining() != expectRows) {
              failure.compareAndSet(
                  null, new IllegalStateException(rs.remaining() + " rows, not " + expectRows));
            }
            inFlight.release();
          });
    }
    inFlight.acquire(concurrency);
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark statement failed", failure.get());
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }
}
