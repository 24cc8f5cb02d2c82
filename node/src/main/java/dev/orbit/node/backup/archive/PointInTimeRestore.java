package dev.orbit.node.backup.archive;

import dev.orbit.config.NodeConfig;
import dev.orbit.node.backup.BackupCatalog;
import dev.orbit.node.backup.BackupException;
import dev.orbit.node.backup.BackupManifest;
import dev.orbit.node.backup.BackupRestore;
import dev.orbit.node.backup.BackupTarget;
import dev.orbit.node.backup.ObjectStore;
import dev.orbit.node.backup.TargetOwner;
import dev.orbit.node.storage.OfflineStore;
import dev.orbit.node.storage.StorageRoots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restore to a point in time: the newest base backup taken at or before the target time, then the
 * archived log entries after it, applied in log order through the store's own applier, up to the
 * last one appended at or before the target time. Without a target time, every archived entry is
 * applied (the newest point). Refuses before touching the data folders when the archive does not
 * reach the target time or has a hole.
 */
public final class PointInTimeRestore {
  private final NodeConfig config;
  private final PrintStream log;

  private String clusterUid;
  private String fromCluster;

  public PointInTimeRestore(NodeConfig config, PrintStream log) {
    this.config = config;
    this.log = log;
    this.clusterUid = config.backup.clusterUid();
  }

  /**
   * The cluster restored into ({@code backup.clusterUid} when null) and the one whose backup may be
   * restored although it is another ({@link TargetOwner#checkRestore}).
   */
  public PointInTimeRestore owners(String clusterUid, String fromCluster) {
    if (clusterUid != null) {
      this.clusterUid = clusterUid;
    }
    this.fromCluster = fromCluster;
    return this;
  }

  /** What was restored: the base backup and, per protocol, the last log index applied. */
  public record Result(BackupManifest base, Map<String, Long> appliedTo) {}

  /**
   * @param archive where the log archive is ({@code from} when null)
   * @param target the point in time, or null for the newest archived point
   * @return null when {@code once} and an earlier restore completed into these folders
   */
  public Result restore(
      BackupTarget from,
      BackupTarget archive,
      String id,
      Instant target,
      boolean force,
      boolean once) {
    Path marker = config.hotRoot().resolve(BackupRestore.RESTORED_MARKER); // as BackupRestore's
    if (once && Files.exists(marker)) {
      return null;
    }
    BackupManifest base;
    try (ObjectStore backups = from.open(config.backup)) {
      base = chooseBase(new BackupCatalog(backups), backups.describe(), id, target);
      TargetOwner.checkRestore(base, backups.describe(), clusterUid, fromCluster);
    }
    if (base.clusterUid() == null && target != null) {
      throw new BackupException(
          "backup "
              + base.id()
              + " was taken without backup.archive.clusterUid: no log archive continues it");
    }
    BackupTarget archiveAt = archive != null ? archive : from;
    try (ObjectStore store = archiveAt.open(config.backup)) {
      boolean archived = base.clusterUid() != null;
      for (String p : archived ? base.databases().keySet() : List.<String>of()) {
        check(store, base, p, target);
      }
      try (StorageRoots roots =
          StorageRoots.open(
              config.walRoot(), config.hotRoot(), config.warmRoot(), config.coldRoot())) {
        new BackupRestore(config.backup, log).restore(from, base.id(), roots, force || once);
      }
      Map<String, Long> appliedTo = new LinkedHashMap<>();
      for (String p : archived ? base.databases().keySet() : List.<String>of()) {
        appliedTo.put(p, replay(store, base.clusterUid(), p, target));
      }
      if (once) {
        try {
          Files.writeString(marker, base.id() + "\n");
        } catch (IOException e) {
          throw new BackupException("cannot write " + marker + ": " + e.getMessage(), e);
        }
      }
      return new Result(base, appliedTo);
    }
  }

  /** The backup to start from: {@code id}, else the newest taken at or before {@code target}. */
  static BackupManifest chooseBase(BackupCatalog catalog, String where, String id, Instant target) {
    if (id != null) {
      BackupManifest m = catalog.find(id);
      if (target != null && m.consistentAt().isAfter(target)) {
        throw new BackupException(
            "backup " + id + " was taken at " + m.consistentAt() + ", after target time " + target);
      }
      return m;
    }
    List<BackupManifest> all = catalog.list();
    BackupManifest best = null;
    for (BackupManifest m : all) {
      if (target == null || !m.consistentAt().isAfter(target)) {
        if (best == null || m.consistentAt().isAfter(best.consistentAt())) {
          best = m;
        }
      }
    }
    if (best == null) {
      throw new BackupException(
          all.isEmpty()
              ? "no backups in " + where
              : "no backup in "
                  + where
                  + " was taken at or before "
                  + target
                  + " (the oldest was taken at "
                  + all.stream().map(BackupManifest::consistentAt).min(Instant::compareTo).get()
                  + ")");
    }
    return best;
  }

  /** Refuses when the archive has a hole after the backup or does not reach the target time. */
  private static void check(ObjectStore store, BackupManifest base, String protocol, Instant t) {
    String uid = base.clusterUid();
    ArchiveLayout.Progress p = ArchiveLayout.progress(store, uid, protocol);
    long from = base.logIndex() == null ? 0 : base.logIndex().getOrDefault(protocol, 0L);
    if (t != null) {
      long target = t.toEpochMilli();
      if (p == null || (p.coveredAt() < target && p.lastEntryTime() <= target)) {
        throw new BackupException(
            "the "
                + protocol
                + " log archive in "
                + store.describe()
                + " does not reach "
                + t
                + ": it holds every entry committed up to "
                + (p == null ? "nothing (it is empty)" : LogArchiver.at(p.coveredAt()))
                + " (choose an earlier target time, or wait for the next archive pass)");
      }
    }
    long need = from + 1;
    long last = p == null ? 0 : p.lastIndex();
    for (ArchiveLayout.SegmentRef s : ArchiveLayout.segments(store, uid, protocol)) {
      if (need > last) {
        break;
      }
      if (s.last() < need) {
        continue;
      }
      if (s.first() > need) {
        throw new BackupException(
            "the "
                + protocol
                + " log archive in "
                + store.describe()
                + " lacks entries "
                + need
                + ".."
                + (s.first() - 1)
                + " after backup "
                + base.id()
                + " (consistent at index "
                + from
                + ")");
      }
      need = s.last() + 1;
    }
    if (need <= last) {
      throw new BackupException(
          "the " + protocol + " log archive lacks segments after index " + (need - 1));
    }
  }

  /** Applies the selected archived entries to the restored store; returns the last index. */
  private long replay(ObjectStore store, String uid, String protocol, Instant t) {
    try (OfflineStore s = OfflineStore.open(config, protocol)) {
      long base = s.appliedIndex();
      EntrySelector sel =
          new EntrySelector(protocol, base, t == null ? Long.MAX_VALUE : t.toEpochMilli());
      int applied = 0;
      segments:
      for (ArchiveLayout.SegmentRef ref : ArchiveLayout.segments(store, uid, protocol)) {
        if (ref.last() <= sel.lastApplied()) {
          continue;
        }
        byte[] bytes = store.get(ref.key());
        if (bytes == null) {
          throw new BackupException("archive segment " + ref.key() + " disappeared");
        }
        for (ArchivedEntry e : Segment.decode(ref.key(), bytes)) {
          switch (sel.offer(e)) {
            case SKIP -> {}
            case APPLY -> {
              if (e.data() != null) {
                s.apply(ByteBuffer.wrap(e.data()), e.term(), e.index());
              }
              applied++;
            }
            case STOP -> {
              break segments;
            }
          }
        }
      }
      log.printf(
          "%s: applied %d archived log entries after index %d, up to index %d%s%n",
          protocol,
          applied,
          base,
          sel.lastApplied(),
          t == null ? " (the newest archived)" : " (the last at or before " + t + ")");
      return sel.lastApplied();
    }
  }
}
