package dev.orbit.node.backup;

import java.util.List;
import java.util.Map;

/**
 * One complete node backup, stored as {@code backups/<id>.json} in the target once every file it
 * names is there: a backup without its manifest is not complete and is never listed.
 *
 * @param format layout version of the target (2: content-addressed files under {@code data/})
 * @param databases protocol → tier → the database's files and record count
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
    Map<String, Map<String, Database>> databases) {

  static final int FORMAT = 2;

  /** One (protocol, tier) RocksDB database: its records (default column family) and files. */
  public record Database(long records, List<FileEntry> files) {}

  /**
   * One file of a database checkpoint. {@code key} is the object holding it (its name, CRC32C and
   * size make the key, so an unchanged file is found and not sent again); {@code wal} files go to
   * the WAL folder on restore.
   */
  public record FileEntry(String name, String key, long size, String crc32c, boolean wal) {}

  /** Records of each protocol, all tiers together. */
  public Map<String, Long> recordsByProtocol() {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    databases.forEach(
        (p, tiers) -> out.put(p, tiers.values().stream().mapToLong(Database::records).sum()));
    return out;
  }
}
