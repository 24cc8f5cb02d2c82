package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.BackupTargetSpec;

/**
 * The backup a new cluster restores before its nodes start, resolved from {@code
 * spec.bootstrap.fromBackup}: its target, the URI of the backups in it, and the id (null: the
 * newest).
 */
public record BootstrapSource(BackupTargetSpec target, String uri, String backupId) {}
