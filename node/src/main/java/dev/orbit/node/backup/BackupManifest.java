package dev.orbit.node.backup;

import java.util.Map;

/**
 * One node backup: for every protocol and tier, the id of its RocksDB BackupEngine backup in the
 * target. Stored as {@code backups/<id>.json} in the target.
 */
public record BackupManifest(
    String id,
    String createdAt,
    long sizeBytes,
    long addedBytes,
    Map<String, Map<String, Integer>> engines) {}
