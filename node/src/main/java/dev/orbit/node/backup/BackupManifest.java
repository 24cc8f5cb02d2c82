package dev.orbit.node.backup;

import java.util.List;
import java.util.Map;

/**
 * One complete node backup, stored as {@code backups/<id>.json} in the target once every file it
 * names is there: a backup without its manifest is not complete and is never listed.
 *
 * @param format layout version of the target (2: content-addressed files under {@code data/})
 * @param databases protocol → tier → the database's files and record count
 * @param snapshotAt when the databases' checkpoints existed: every log entry they hold was appended
 *     before it (point-in-time recovery restores backups taken at or before its time)
 * @param clusterUid the cluster of the node ({@code backup.clusterUid} or {@code
 *     backup.archive.clusterUid}; its log archive continues this backup), null when unset
 * @param logIndex protocol → the log index the backup is consistent at: it holds every entry up to
 *     it and none after (backups of older nodes may hold later ones; replaying them again changes
 *     nothing)
 * @param member the replication member that took the backup, null for older nodes
 * @param role {@code follower} when it led none of the stores then, {@code leader} when it led all,
 *     else {@code leader of <protocols>}
 */
public record BackupManifest(
    int format,
    String id,
    String startedAt,
    String completedAt,
    long sizeBytes,
    long uploadedBytes,
    int files,
    int filesUploaded,
    List<String> protocols,
    List<String> tiers,
    Map<String, Map<String, Database>> databases,
    String snapshotAt,
    String clusterUid,
    Map<String, Long> logIndex,
    String member,
    String role) {

  static final int FORMAT = 2;

  /** One (protocol, tier) RocksDB database: its records (default column family) and files. */
  public record Database(long records, List<FileEntry> files) {}

  /**
   * One file of a database checkpoint. {@code key} is the object holding it (its name, CRC32C and
   * size make the key, so an unchanged file is found and not sent again); {@code wal} files go to
   * the WAL folder on restore.
   */
  public record FileEntry(String name, String key, long size, String crc32c, boolean wal) {}

  /** When the backup's data was taken (backups of older nodes: when they completed). */
  public java.time.Instant consistentAt() {
    return java.time.Instant.parse(snapshotAt != null ? snapshotAt : completedAt);
  }

  /** Records of each protocol, all tiers together. */
  public Map<String, Long> recordsByProtocol() {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    databases.forEach(
        (p, tiers) -> out.put(p, tiers.values().stream().mapToLong(Database::records).sum()));
    return out;
  }
}
