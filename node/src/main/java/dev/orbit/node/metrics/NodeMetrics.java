package dev.orbit.node.metrics;

import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageEngine;
import dev.orbit.node.storage.Tier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The node's counters, rendered in the Prometheus text format by {@link #render}. */
public final class NodeMetrics {
  private static final double[] BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5
  };

  private final Map<String, Requests> requests = new ConcurrentHashMap<>();
  private final Map<String, Migrations> migrations = new ConcurrentHashMap<>();
  private final ConnectionMetrics connections = new ConnectionMetrics();
  private final List<Consumer<StringBuilder>> sources = new CopyOnWriteArrayList<>();

  /** Request counters of one protocol. */
  public static final class Requests {
    final LongAdder count = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder nanos = new LongAdder();
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];

    Requests() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    /** Records one request that took {@code nanos}. */
    public void observe(long nanos, boolean error) {
      observe(nanos, 1, error ? 1 : 0);
    }

    /** Records {@code n} requests that each took {@code nanos}, {@code failed} of them errors. */
    public void observe(long nanos, int n, int failed) {
      if (n <= 0) {
        return;
      }
      count.add(n);
      if (failed > 0) {
        errors.add(failed);
      }
      this.nanos.add(nanos * n);
      double s = nanos / 1e9;
      for (int i = 0; i < BUCKETS.length; i++) {
        if (s <= BUCKETS[i]) {
          buckets[i].add(n);
          break;
        }
      }
    }
  }

  private static final class Migrations {
    final LongAdder runs = new LongAdder();
    final LongAdder moved = new LongAdder();
    final AtomicLong lastMillis = new AtomicLong();
  }

  public ConnectionMetrics connections() {
    return connections;
  }

  /** Adds lines that {@code source} writes to every {@link #render}. */
  public void register(Consumer<StringBuilder> source) {
    sources.add(source);
  }

  public Requests requests(String protocol) {
    return requests.computeIfAbsent(protocol, p -> new Requests());
  }

  public void migration(String protocol, Tier from, Tier to, long moved, long atMillis) {
    Migrations m =
        migrations.computeIfAbsent(
            protocol + "\0" + from.label() + "\0" + to.label(), k -> new Migrations());
    m.runs.increment();
    m.moved.add(moved);
    m.lastMillis.set(atMillis);
  }

  /** Total records moved out of {@code from} for {@code protocol} since start. */
  public long recordsMoved(String protocol, Tier from) {
    Migrations m = migrations.get(protocol + "\0" + from.label() + "\0" + from.colder().label());
    return m == null ? 0 : m.moved.sum();
  }

  public String render(StorageEngine engine) {
    StringBuilder sb = new StringBuilder(4096);
    header(sb, "orbit_storage_bytes", "gauge", "Bytes on disk of a protocol's database in a tier");
    for (ProtocolStore s : engine.stores()) {
      for (Tier t : Tier.values()) {
        line(sb, "orbit_storage_bytes", labels(s.protocol(), t), dirSize(s.db(t).dir()));
      }
    }
    header(sb, "orbit_wal_bytes", "gauge", "Bytes of write-ahead log of a protocol");
    for (ProtocolStore s : engine.stores()) {
      Path wal = engine.roots().wal().resolve(s.protocol());
      line(sb, "orbit_wal_bytes", "protocol=\"" + s.protocol() + "\"", dirSize(wal));
    }
    header(sb, "orbit_records_estimate", "gauge", "Estimated records of a protocol in a tier");
    for (ProtocolStore s : engine.stores()) {
      for (Tier t : Tier.values()) {
        line(sb, "orbit_records_estimate", labels(s.protocol(), t), s.db(t).estimateRecords());
      }
    }
    header(sb, "orbit_record_cache_bytes", "gauge", "Heap bytes held by a protocol's record cache");
    header(
        sb, "orbit_record_cache_hits_total", "counter", "Point reads answered by the record cache");
    header(sb, "orbit_record_cache_misses_total", "counter", "Point reads that went to RocksDB");
    for (ProtocolStore s : engine.stores()) {
      String p = "protocol=\"" + s.protocol() + "\"";
      long[] hm = s.recordCacheHitsAndMisses();
      line(sb, "orbit_record_cache_bytes", p, s.recordCacheBytes());
      line(sb, "orbit_record_cache_hits_total", p, hm[0]);
      line(sb, "orbit_record_cache_misses_total", p, hm[1]);
    }
    renderReplication(sb, engine);
    renderMigrations(sb);
    renderRequests(sb);
    connections.render(sb);
    sources.forEach(s -> s.accept(sb));
    return sb.toString();
  }

  private static void renderReplication(StringBuilder sb, StorageEngine engine) {
    header(
        sb, "orbit_replication_is_leader", "gauge", "1 when this member leads the store's group");
    header(sb, "orbit_replication_term", "gauge", "Raft term of the store's group");
    header(sb, "orbit_replication_commit_index", "gauge", "Last log index known committed");
    header(sb, "orbit_replication_applied_index", "gauge", "Last log index applied here");
    header(
        sb,
        "orbit_replication_lag_seconds",
        "gauge",
        "How long ago this member last held all its leader had committed (0 on the leader)");
    engine
        .replication()
        .status()
        .forEach(
            (protocol, g) -> {
              String p = "protocol=\"" + protocol + "\"";
              line(sb, "orbit_replication_is_leader", p, g.leaderReady() ? 1 : 0);
              line(sb, "orbit_replication_term", p, g.term());
              line(sb, "orbit_replication_commit_index", p, g.commitIndex());
              line(sb, "orbit_replication_applied_index", p, g.appliedIndex());
              line(sb, "orbit_replication_lag_seconds", p, g.lagMillis() / 1000.0);
            });
  }

  private void renderMigrations(StringBuilder sb) {
    header(sb, "orbit_tier_migrations_total", "counter", "Tier mover runs");
    header(sb, "orbit_tier_records_moved_total", "counter", "Records moved to a colder tier");
    header(
        sb, "orbit_tier_last_migration_timestamp_seconds", "gauge", "When the tier mover last ran");
    migrations.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String[] k = e.getKey().split("\0");
              String l = "protocol=\"" + k[0] + "\",from=\"" + k[1] + "\",to=\"" + k[2] + "\"";
              line(sb, "orbit_tier_migrations_total", l, e.getValue().runs.sum());
              line(sb, "orbit_tier_records_moved_total", l, e.getValue().moved.sum());
              line(
                  sb,
                  "orbit_tier_last_migration_timestamp_seconds",
                  l,
                  e.getValue().lastMillis.get() / 1000.0);
            });
  }

  private void renderRequests(StringBuilder sb) {
    header(sb, "orbit_requests_total", "counter", "Requests (commands, statements) served");
    header(sb, "orbit_request_errors_total", "counter", "Requests answered with an error");
    header(sb, "orbit_request_duration_seconds", "histogram", "Request latency");
    requests.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String p = "protocol=\"" + e.getKey() + "\"";
              Requests r = e.getValue();
              line(sb, "orbit_requests_total", p, r.count.sum());
              line(sb, "orbit_request_errors_total", p, r.errors.sum());
              long cumulative = 0;
              for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += r.buckets[i].sum();
                line(
                    sb,
                    "orbit_request_duration_seconds_bucket",
                    p + ",le=\"" + BUCKETS[i] + "\"",
                    cumulative);
              }
              line(sb, "orbit_request_duration_seconds_bucket", p + ",le=\"+Inf\"", r.count.sum());
              line(sb, "orbit_request_duration_seconds_sum", p, r.nanos.sum() / 1e9);
              line(sb, "orbit_request_duration_seconds_count", p, r.count.sum());
            });
  }

  private static String labels(String protocol, Tier t) {
    return "protocol=\"" + protocol + "\",tier=\"" + t.label() + "\"";
  }

  private static void header(StringBuilder sb, String name, String type, String help) {
    Prom.header(sb, name, type, help);
  }

  private static void line(StringBuilder sb, String name, String labels, double value) {
    Prom.line(sb, name, labels, value);
  }

  /** Total size of the regular files under {@code dir}, 0 when it does not exist. */
  public static long dirSize(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0; // deleted by compaction while we walked
                }
              })
          .sum();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }
}
