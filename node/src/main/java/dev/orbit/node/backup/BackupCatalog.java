package dev.orbit.node.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backups in a target: manifests under {@code backups/}, markers of backups being taken under
 * {@code running/}, data files under {@code data/}. Deleting a backup removes its manifest and
 * every data file no other backup names.
 */
public final class BackupCatalog {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String MANIFESTS = "backups/";
  static final String RUNNING = "running/";
  static final String DATA = "data/";

  /** A running marker older than this belongs to a backup whose process died. */
  static final Duration STALE_RUN = Duration.ofHours(24);

  private final ObjectStore store;

  public BackupCatalog(ObjectStore store) {
    this.store = store;
  }

  /** Every complete backup, oldest first. */
  public List<BackupManifest> list() {
    List<BackupManifest> out = new ArrayList<>();
    for (String key : store.list(MANIFESTS).keySet()) {
      if (key.endsWith(".json")) {
        byte[] b = store.get(key);
        if (b != null) {
          out.add(parse(key, b));
        }
      }
    }
    out.sort(Comparator.comparing(BackupManifest::id));
    return out;
  }

  /** The backup {@code id}, or the newest when {@code id} is null. */
  public BackupManifest find(String id) {
    if (id != null) {
      byte[] b = store.get(MANIFESTS + id + ".json");
      if (b == null) {
        throw new BackupException("no backup '" + id + "' in " + store.describe());
      }
      return parse(id, b);
    }
    List<BackupManifest> all = list();
    if (all.isEmpty()) {
      throw new BackupException("no backups in " + store.describe());
    }
    return all.get(all.size() - 1);
  }

  void write(BackupManifest m) {
    try {
      store.put(MANIFESTS + m.id() + ".json", JSON.writeValueAsBytes(m));
    } catch (IOException e) {
      throw new BackupException("cannot encode manifest " + m.id() + ": " + e.getMessage(), e);
    }
  }

  void markRunning(String id, Instant since) {
    store.put(
        RUNNING + id + ".json",
        ("{\"since\":\"" + since + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  void clearRunning(String id) {
    store.delete(RUNNING + id + ".json");
  }

  /**
   * Deletes backup {@code id}: its manifest, then the data files no remaining backup names. While
   * another backup is being taken its files are not yet named by a manifest, so then only the
   * manifest goes and a later delete collects the files. Returns the number of objects removed.
   */
  public int delete(String id, Instant now) {
    BackupManifest gone = find(id);
    store.delete(MANIFESTS + id + ".json");
    int removed = 1;
    if (runningElsewhere(now)) {
      return removed;
    }
    Set<String> referenced = new HashSet<>();
    for (BackupManifest m : list()) {
      m.databases().values().stream()
          .flatMap(t -> t.values().stream())
          .flatMap(d -> d.files().stream())
          .forEach(f -> referenced.add(f.key()));
    }
    for (String key : store.list(DATA).keySet()) {
      if (!referenced.contains(key)) {
        store.delete(key);
        removed++;
      }
    }
    return removed + pruneArchive(gone);
  }

  /**
   * Deletes the archived log segments that only restores from deleted backups needed: those at or
   * below the lowest log index of the remaining backups of the same cluster (none while no backup
   * of it remains).
   */
  private int pruneArchive(BackupManifest gone) {
    if (gone.clusterUid() == null || gone.logIndex() == null) {
      return 0;
    }
    Map<String, Long> floor = new java.util.HashMap<>();
    for (BackupManifest m : list()) {
      if (gone.clusterUid().equals(m.clusterUid()) && m.logIndex() != null) {
        m.logIndex().forEach((p, i) -> floor.merge(p, i, Math::min));
      }
    }
    int removed = 0;
    for (Map.Entry<String, Long> e : floor.entrySet()) {
      removed +=
          dev.orbit.node.backup.archive.ArchiveLayout.prune(
              store, gone.clusterUid(), e.getKey(), e.getValue());
    }
    return removed;
  }

  /** True when a backup is being taken now; removes markers of backups whose process died. */
  private boolean runningElsewhere(Instant now) {
    boolean running = false;
    for (Map.Entry<String, Long> e : store.list(RUNNING).entrySet()) {
      byte[] b = store.get(e.getKey());
      Instant since = Instant.EPOCH;
      try {
        since = b == null ? Instant.EPOCH : Instant.parse(JSON.readTree(b).path("since").asText());
      } catch (IOException | RuntimeException ignored) {
        // an unreadable marker counts as stale
      }
      if (since.plus(STALE_RUN).isBefore(now)) {
        store.delete(e.getKey());
      } else {
        running = true;
      }
    }
    return running;
  }

  private BackupManifest parse(String what, byte[] b) {
    try {
      BackupManifest m = JSON.readValue(b, BackupManifest.class);
      if (m.format() != BackupManifest.FORMAT) {
        throw new BackupException(
            "backup " + what + " has layout " + m.format() + "; this node reads layout 2");
      }
      return m;
    } catch (IOException e) {
      throw new BackupException(
          "manifest " + what + " in " + store.describe() + " is unreadable: " + e.getMessage(), e);
    }
  }
}
