package dev.orbit.node.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orbit.node.metrics.NodeMetrics;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageEngine;
import dev.orbit.node.storage.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.BackupEngine;
import org.rocksdb.BackupEngineOptions;
import org.rocksdb.Env;
import org.rocksdb.RocksDBException;

/**
 * Node backups: every protocol and every tier, taken with the tier mover paused so no record is
 * lost or counted twice between tiers. Each (protocol, tier) database has its own RocksDB
 * BackupEngine in the target, whose shared files make later backups incremental.
 */
public final class BackupService {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final StorageEngine engine;
  private final Clock clock;

  public BackupService(StorageEngine engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  /** Makes one backup of the whole node into {@code target}. */
  public synchronized BackupManifest create(BackupTarget target) {
    Instant now = clock.instant();
    String id = ID.format(now);
    long before = NodeMetrics.dirSize(target.dir());
    List<ProtocolStore> stores = new ArrayList<>(engine.stores());
    Map<String, Map<String, Integer>> ids = new LinkedHashMap<>();
    long[] size = {0};
    pauseAll(
        stores,
        0,
        () -> {
          for (ProtocolStore s : stores) {
            Map<String, Integer> perTier = new LinkedHashMap<>();
            for (Tier t : Tier.values()) {
              try (Engine e = open(target.engineDir(s.protocol(), t.label()))) {
                BackupEngine be = e.engine();
                int engineId = s.db(t).backupTo(be);
                perTier.put(t.label(), engineId);
                size[0] +=
                    be.getBackupInfo().stream()
                        .filter(i -> i.backupId() == engineId)
                        .mapToLong(org.rocksdb.BackupInfo::size)
                        .sum();
              }
            }
            ids.put(s.protocol(), perTier);
          }
        });
    long added = NodeMetrics.dirSize(target.dir()) - before;
    BackupManifest m = new BackupManifest(id, now.toString(), size[0], Math.max(0, added), ids);
    write(target, m);
    return m;
  }

  /** Holds every store's move lock (in a fixed order) while {@code body} runs. */
  private static void pauseAll(List<ProtocolStore> stores, int i, Runnable body) {
    if (i == stores.size()) {
      body.run();
      return;
    }
    stores
        .get(i)
        .withMovesPaused(
            () -> {
              pauseAll(stores, i + 1, body);
              return null;
            });
  }

  /** Every backup in {@code target}, oldest first. */
  public static List<BackupManifest> list(BackupTarget target) {
    Path dir = target.manifests();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<BackupManifest> out = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        out.add(JSON.readValue(f.toFile(), BackupManifest.class));
      }
      out.sort(Comparator.comparing(BackupManifest::id));
      return out;
    } catch (IOException e) {
      throw new BackupException("cannot read backups in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The backup {@code id}, or the newest when {@code id} is null. */
  public static BackupManifest find(BackupTarget target, String id) {
    List<BackupManifest> all = list(target);
    if (all.isEmpty()) {
      throw new BackupException("no backups in " + target.uri());
    }
    if (id == null) {
      return all.get(all.size() - 1);
    }
    return all.stream()
        .filter(m -> m.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new BackupException("no backup '" + id + "' in " + target.uri()));
  }

  /** A BackupEngine with the options it was opened with; closes both. */
  record Engine(BackupEngine engine, BackupEngineOptions options) implements AutoCloseable {
    @Override
    public void close() {
      engine.close();
      options.close();
    }
  }

  static Engine open(Path dir) {
    BackupEngineOptions o = null;
    try {
      Files.createDirectories(dir);
      o =
          new BackupEngineOptions(dir.toString())
              .setShareTableFiles(true)
              .setShareFilesWithChecksum(true)
              .setSync(true);
      return new Engine(BackupEngine.open(Env.getDefault(), o), o);
    } catch (IOException | RocksDBException e) {
      if (o != null) {
        o.close();
      }
      throw new BackupException("cannot open backup folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void write(BackupTarget target, BackupManifest m) {
    try {
      Files.createDirectories(target.manifests());
      Path tmp = target.manifests().resolve(m.id() + ".json.tmp");
      JSON.writeValue(tmp.toFile(), m);
      Files.move(
          tmp,
          target.manifests().resolve(m.id() + ".json"),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new BackupException("cannot write backup manifest: " + e.getMessage(), e);
    }
  }
}
