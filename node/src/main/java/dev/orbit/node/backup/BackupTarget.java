package dev.orbit.node.backup;

import java.net.URI;
import java.nio.file.Path;

/** Where backups go. Only {@code file://} targets exist so far. */
public record BackupTarget(URI uri, Path dir) {
  public static BackupTarget parse(String text) {
    if (text == null || text.isBlank()) {
      throw new BackupException("backup target is required, e.g. file:///var/backups/orbit");
    }
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      throw new BackupException("backup target '" + text + "' is not a URI: " + e.getMessage());
    }
    if (!"file".equals(uri.getScheme()) || uri.getPath() == null || uri.getPath().isEmpty()) {
      throw new BackupException(
          "backup target '" + text + "' is not supported: use file:///absolute/path");
    }
    return new BackupTarget(uri, Path.of(uri.getPath()));
  }

  Path engineDir(String protocol, String tier) {
    return dir.resolve(protocol).resolve(tier);
  }

  Path manifests() {
    return dir.resolve("backups");
  }
}
