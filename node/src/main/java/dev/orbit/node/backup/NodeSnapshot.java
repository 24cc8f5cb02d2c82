package dev.orbit.node.backup;

import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageEngine;
import dev.orbit.node.storage.Tier;
import dev.orbit.node.storage.TierDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checkpoints of every (protocol, tier) database. Each store's tiers are checkpointed between two
 * applied log entries with the tier mover paused, so they hold exactly the entries up to one log
 * index (recorded), and no record is lost or counted twice between tiers. Each checkpoint sits in
 * {@code <tier root>/.orbit-backup/<protocol>/} on the tier's own volume, where SST files are hard
 * links: taking it costs a memtable flush, not a copy. Moves resume as soon as the checkpoints
 * exist.
 */
final class NodeSnapshot implements AutoCloseable {
  static final String STAGING = ".orbit-backup";

  /** One database's checkpoint. */
  record Part(String protocol, Tier tier, Path dir) {}

  private final List<Part> parts;
  private final java.util.Map<String, Long> logIndex;

  private NodeSnapshot(List<Part> parts, java.util.Map<String, Long> logIndex) {
    this.parts = parts;
    this.logIndex = logIndex;
  }

  /** Per protocol: a log index whose every entry up to it the checkpoints hold. */
  java.util.Map<String, Long> logIndex() {
    return logIndex;
  }

  List<Part> parts() {
    return parts;
  }

  static NodeSnapshot take(StorageEngine engine) {
    List<ProtocolStore> stores = new ArrayList<>(engine.stores());
    for (ProtocolStore s : stores) {
      for (Tier t : Tier.values()) {
        BackupFiles.deleteTree(staging(s.db(t)));
      }
    }
    List<Part> parts = new ArrayList<>();
    java.util.Map<String, Long> logIndex = new java.util.LinkedHashMap<>();
    try {
      for (ProtocolStore s : stores) {
        // no entry is applied and no record moves while the tiers are checkpointed: every tier
        // holds exactly the entries up to this index
        s.atOneLogIndex(
            () -> {
              logIndex.put(s.protocol(), s.applied()[1]);
              for (Tier t : Tier.values()) {
                Path dir = staging(s.db(t));
                mkParent(dir);
                s.db(t).checkpointTo(dir);
                parts.add(new Part(s.protocol(), t, dir));
              }
              return null;
            });
      }
      return new NodeSnapshot(parts, logIndex);
    } catch (RuntimeException e) {
      new NodeSnapshot(parts, logIndex).close();
      throw e;
    }
  }

  /** Removes checkpoint folders a crashed backup left behind (their hard links hold disk space). */
  static void removeLeftovers(StorageEngine engine) {
    for (ProtocolStore s : engine.stores()) {
      for (Tier t : Tier.values()) {
        BackupFiles.deleteTree(staging(s.db(t)).getParent());
      }
    }
  }

  /** The staging folder on the hot volume (checkpoints, and scratch space of verifications). */
  static Path stagingRoot(StorageEngine engine) {
    return engine.roots().tier(Tier.HOT).resolve(STAGING);
  }

  private static Path staging(TierDb db) {
    return db.dir().getParent().resolve(STAGING).resolve(db.protocol());
  }

  private static void mkParent(Path dir) {
    try {
      Files.createDirectories(dir.getParent());
    } catch (IOException e) {
      throw new BackupException("cannot create " + dir.getParent() + ": " + e.getMessage(), e);
    }
  }

  /** The regular files of one checkpoint, by name. */
  static List<Path> files(Part p) {
    try (Stream<Path> s = Files.list(p.dir())) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new BackupException("cannot list checkpoint " + p.dir() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (Part p : parts) {
      BackupFiles.deleteTree(p.dir());
    }
  }
}
