package dev.orbit.node.backup;

import dev.orbit.config.BackupSettings;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where backups go: {@code file:///absolute/path} (a mounted volume) or {@code
 * s3://bucket[/prefix]} (an S3-compatible object store configured by {@code backup.s3.*}).
 */
public record BackupTarget(String uri, String bucket, String prefix, Path dir) {
  public static BackupTarget parse(String text) {
    if (text == null || text.isBlank()) {
      throw new BackupException(
          "backup target is required, e.g. file:///var/backups/orbit or s3://bucket/prefix");
    }
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      throw new BackupException("backup target '" + text + "' is not a URI: " + e.getMessage());
    }
    if ("file".equals(uri.getScheme()) && uri.getPath() != null && uri.getPath().startsWith("/")) {
      return new BackupTarget(text.trim(), null, null, Path.of(uri.getPath()));
    }
    if ("s3".equals(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isEmpty()) {
      String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
      return new BackupTarget(text.trim(), uri.getHost(), prefix, null);
    }
    throw new BackupException(
        "backup target '"
            + text
            + "' is not supported: use file:///absolute/path or s3://bucket/prefix");
  }

  public boolean isS3() {
    return bucket != null;
  }

  /** Opens the target's object store; S3 settings come from {@code backup.*}. */
  public ObjectStore open(BackupSettings settings) {
    return isS3()
        ? new S3ObjectStore(bucket, prefix, settings, uri)
        : new FileObjectStore(dir, uri);
  }
}
