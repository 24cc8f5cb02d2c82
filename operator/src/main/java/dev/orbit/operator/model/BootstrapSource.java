package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.BackupTargetSpec;

/**
 * The backup a new cluster restores before its nodes start, resolved from {@code
 * spec.bootstrap.fromBackup}: its target, the URI of the backups in it, the id (null: the newest),
 * and the uid of the cluster the backup belongs to (null: not named, so only a backup of the
 * restoring cluster itself, or one that records no cluster, is restored).
 */
public record BootstrapSource(
    BackupTargetSpec target, String uri, String backupId, String sourceClusterUid) {}
