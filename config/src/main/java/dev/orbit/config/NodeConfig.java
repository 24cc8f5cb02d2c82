package dev.orbit.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The node's configuration: the shape of {@code orbit.yaml}. Defaults live in the field
 * initialisers; {@link ConfigLoader} layers the file, environment and {@code --set} on top.
 */
public final class NodeConfig {
  public String dataDir = "./data";
  public String bindAddress = "0.0.0.0";
  public Storage storage = new Storage();
  public Tiering tiering = new Tiering();
  public Protocols protocols = new Protocols();
  public Admin admin = new Admin();
  public Auth auth = new Auth();
  public Replication replication = new Replication();
  public BackupSettings backup = new BackupSettings();
  public Watchdog watchdog = new Watchdog();

  /** Where each storage root lives, resolved against {@link #dataDir} when not set. */
  public Path walRoot() {
    return root(storage.walDir, "wal");
  }

  public Path hotRoot() {
    return root(storage.hotDir, "hot");
  }

  public Path warmRoot() {
    return root(storage.warmDir, "warm");
  }

  public Path coldRoot() {
    return root(storage.coldDir, "cold");
  }

  private Path root(String explicit, String name) {
    Path p = explicit != null ? Path.of(explicit) : Path.of(dataDir).resolve(name);
    return p.toAbsolutePath().normalize();
  }

  /** Storage roots, durability and native memory bounds. */
  public static final class Storage {
    public String walDir;
    public String hotDir;
    public String warmDir;
    public String coldDir;
    public Durability durability = Durability.GROUP;
    public ByteSize blockCacheSize = new ByteSize(256L << 20);
    public ByteSize writeBufferSize = new ByteSize(64L << 20);
    public ByteSize recordCacheSize = new ByteSize(64L << 20);
  }

  /** The tier policy: when records move hot → warm → cold. */
  public static final class Tiering {
    public boolean enabled = true;
    public Duration interval = Duration.ofMinutes(1);
    public Phase warm = new Phase(Duration.ofHours(48), Compression.LZ4);
    public Phase cold = new Phase(Duration.ofDays(30), Compression.ZSTD);
  }

  /** One phase of the tier policy. */
  public static final class Phase {
    public Duration minAge;
    public Compression compression;

    public Phase() {}

    Phase(Duration minAge, Compression compression) {
      this.minAge = minAge;
      this.compression = compression;
    }
  }

  /** Every protocol the config format knows, with its standard port. */
  public static final class Protocols {
    public RedisProtocol redis = new RedisProtocol();
    public PostgresProtocol postgres = new PostgresProtocol();
    public Protocol mysql = new Protocol(false, 3306);
    public CqlProtocol cql = new CqlProtocol();
    public Protocol bolt = new Protocol(false, 7687);
    public Protocol aql = new Protocol(false, 8529);

    /** Protocol name → its settings, in a stable order. */
    public Map<String, Protocol> byName() {
      Map<String, Protocol> m = new LinkedHashMap<>();
      m.put("redis", redis);
      m.put("postgres", postgres);
      m.put("mysql", mysql);
      m.put("cql", cql);
      m.put("bolt", bolt);
      m.put("aql", aql);
      return m;
    }
  }

  /** Whether a protocol is served, and on which port (0 picks a free one). */
  public static class Protocol {
    public boolean enabled;
    public int port;

    public Protocol() {}

    protected Protocol(boolean enabled, int port) {
      this.enabled = enabled;
      this.port = port;
    }
  }

  /**
   * Client authentication of the SQL protocols: the method and the users with their passwords
   * ({@code auth.users.<name>=<password>}; {@code orbit} is the superuser).
   */
  public static final class Auth {
    public AuthMethod method = AuthMethod.SCRAM_SHA_256;
    public Map<String, String> users = new LinkedHashMap<>();

    @Override
    public String toString() {
      return "Auth{method=" + method + ", users=" + users.keySet() + "}";
    }
  }

  /** How a client proves who it is: a SCRAM-SHA-256 exchange, or not at all (development). */
  public enum AuthMethod {
    SCRAM_SHA_256,
    TRUST;

    @JsonCreator
    public static AuthMethod of(String s) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      return switch (t) {
        case "scram-sha-256" -> SCRAM_SHA_256;
        case "trust" -> TRUST;
        default ->
            throw new IllegalArgumentException(
                "'" + s + "' is not an auth method (scram-sha-256 or trust)");
      };
    }

    @JsonValue
    public String text() {
      return this == TRUST ? "trust" : "scram-sha-256";
    }
  }

  /**
   * The node's membership in the Raft groups that replicate its protocol stores (one group per
   * protocol). No peers: a group of one on a loopback port.
   */
  public static final class Replication {
    /** This member's id; empty: {@code POD_NAME}, else the only peer, else {@code orbit-0}. */
    public String nodeId = "";

    /** Every member's id → {@code host:port} of its Raft port (including this node). */
    public Map<String, String> peers = new LinkedHashMap<>();

    /** The Raft port (all groups share it); used when peers are given. */
    public int port = 7000;

    /** A follower further behind its leader than this refuses reads. */
    public Duration maxReadLag = Duration.ofSeconds(10);

    /**
     * A follower that hears nothing from the leader for this long (to twice it) starts an election.
     * The leader's read lease is half of it.
     */
    public Duration electionTimeout = Duration.ofMillis(750);

    /**
     * A write whose log entry is not committed and applied within this time, while the log commits
     * nothing else either, is answered with an error saying its outcome is unknown, instead of
     * waiting on a group that lost its majority.
     */
    public Duration writeTimeout = Duration.ofSeconds(30);

    /** A snapshot is taken (and the log purged behind it) after this many entries. */
    public long snapshotEntries = 100_000;

    /**
     * Per member id, the port of its admin API when it differs from this node's {@code admin.port}
     * (a fleet of pods shares one port and needs none): a member behind the leader's purged log
     * fetches a snapshot from the leader's admin API, at the leader's Raft host on this port.
     */
    public Map<String, Integer> adminPorts = new LinkedHashMap<>();

    /** The log is written in segments of this size and purged in whole segments. */
    public ByteSize logSegmentSize = new ByteSize(64L << 20);
  }

  /**
   * The S3 client of {@code s3://} backup targets. Without {@code accessKeyId} the SDK's default
   * credential chain applies. The secret key is never printed.
   */
  public static final class S3 {
    public String endpoint;
    public String region = "us-east-1";
    public boolean forcePathStyle = false;
    public String accessKeyId;
    public String secretAccessKey;
    public S3Checksums checksums = S3Checksums.WHEN_SUPPORTED;

    @Override
    public String toString() {
      return "S3{endpoint="
          + endpoint
          + ", region="
          + region
          + ", forcePathStyle="
          + forcePathStyle
          + ", accessKeyId="
          + accessKeyId
          + ", secretAccessKey="
          + (secretAccessKey == null ? "unset" : "***")
          + ", checksums="
          + checksums.text()
          + "}";
    }
  }

  /**
   * When the S3 client computes request checksums and validates response checksums: always where
   * the API supports them (AWS), or only where the API requires them (S3-compatibles that reject
   * the SDK's default checksum headers).
   */
  public enum S3Checksums {
    WHEN_SUPPORTED,
    WHEN_REQUIRED;

    @JsonCreator
    public static S3Checksums of(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    @JsonValue
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The admin HTTP endpoint: its port, bearer token, limits and read timeouts. */
  public static final class Admin {
    public int port = 8080;

    /** Bearer token every endpoint but the health ones requires; null: no authentication. */
    public String token;

    public int maxConnections = 64;
    public int workers = 4;
    public ByteSize maxBodySize = new ByteSize(1L << 20);
    public Duration headerTimeout = Duration.ofSeconds(10);
    public Duration bodyTimeout = Duration.ofSeconds(30);

    @Override
    public String toString() {
      return "Admin{port=" + port + ", token=" + (token == null ? "none" : "(set)") + "}";
    }
  }

  /** When a write is acknowledged relative to its fsync. */
  public enum Durability {
    SYNC,
    GROUP,
    ASYNC;

    @JsonCreator
    public static Durability of(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    @JsonValue
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Block compression of a tier's files. */
  public enum Compression {
    NONE,
    SNAPPY,
    LZ4,
    ZSTD;

    @JsonCreator
    public static Compression of(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    @JsonValue
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A size in bytes, written like {@code 256Mi}. */
  public record ByteSize(long bytes) {
    @JsonValue
    public String text() {
      return Sizes.format(bytes);
    }
  }
}
