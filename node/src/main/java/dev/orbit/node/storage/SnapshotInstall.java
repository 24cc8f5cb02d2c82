package dev.orbit.node.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot fetched from the leader, waiting to replace a store's databases: its files sit in
 * {@code <tier root>/.orbit-install/<protocol>/} on each tier's volume, and a marker {@code <hot
 * root>/.orbit-install/<protocol>.complete} (term and index) says all of them arrived and were
 * verified. The swap happens when the node starts, before the databases open ({@link #swapIn}).
 */
public final class SnapshotInstall {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotInstall.class);
  static final String DIR = ".orbit-install";

  private SnapshotInstall() {}

  /** Where the fetched files of {@code protocol}'s database of {@code tier} go. */
  public static Path dir(Path tierRoot, String protocol) {
    return tierRoot.resolve(DIR).resolve(protocol);
  }

  /** The marker written once every file arrived and matched its checksum. */
  public static Path marker(Path hotRoot, String protocol) {
    return hotRoot.resolve(DIR).resolve(protocol + ".complete");
  }

  /**
   * Before {@code protocol}'s databases open: a complete install replaces them (their RocksDB WALs
   * too) and the group's log segments are removed, so the log continues from the snapshot's index
   * (the Raft term and vote, kept in the same folder, stay); an incomplete one is removed. Each
   * step can be repeated, so a crash in the middle is finished by the next start.
   */
  static void swapIn(StorageRoots roots, String protocol, Path raftDir) {
    Path marker = marker(roots.tier(Tier.HOT), protocol);
    if (!Files.exists(marker)) {
      for (Tier t : Tier.values()) {
        FileTrees.deleteTree(dir(roots.tier(t), protocol));
      }
      return;
    }
    try {
      String at = Files.readString(marker).trim();
      for (Tier t : Tier.values()) {
        Path fetched = dir(roots.tier(t), protocol);
        Path db = roots.dbDir(protocol, t);
        Path wal = roots.walDir(protocol, t);
        if (Files.isDirectory(fetched)) {
          FileTrees.deleteTree(db);
          FileTrees.deleteTree(wal);
          Files.move(fetched, db, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.createDirectories(wal);
        for (Path log : list(db)) {
          if (log.getFileName().toString().endsWith(".log")) {
            Files.move(log, wal.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      // the log's entries up to the snapshot are in the databases now, and later ones come from
      // the leader; entries of the old log may disagree with the leader's, so none is kept
      for (Path group : list(raftDir)) {
        for (Path f : list(group.resolve("current"))) {
          if (f.getFileName().toString().startsWith("log_")) {
            Files.delete(f);
          }
        }
      }
      Files.delete(marker);
      LOG.info("{} store: installed the snapshot fetched from the leader ({})", protocol, at);
    } catch (IOException e) {
      throw new StorageException(
          "cannot install the " + protocol + " snapshot fetched from the leader: " + e, e);
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
