package dev.orbit.node.admin;

import dev.orbit.config.NodeConfig;
import dev.orbit.node.backup.BackupTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the admin API may put backups: inside one of {@code backup.allowedRoots} (default: {@code
 * <dataDir>/backups} only), never inside or around a storage root, never through a {@code ..}
 * segment. Symbolic links are followed before comparing, so a link cannot lead outside.
 */
final class BackupRoots {
  private final List<Path> allowed = new ArrayList<>();
  private final List<Path> storage;

  BackupRoots(NodeConfig c) {
    if (c.backup.allowedRoots.isEmpty()) {
      allowed.add(Path.of(c.dataDir).toAbsolutePath().normalize().resolve("backups"));
    } else {
      c.backup.allowedRoots.forEach(r -> allowed.add(Path.of(r).normalize()));
    }
    this.storage = List.of(c.walRoot(), c.hotRoot(), c.warmRoot(), c.coldRoot());
  }

  /** Refuses (403) a target outside the allowed roots or overlapping a storage root. */
  void check(BackupTarget target) {
    Path dir = target.dir();
    for (Path part : dir) {
      if (part.toString().equals("..")) {
        throw new AdminException(400, "backup target " + target.uri() + " must not contain '..'");
      }
    }
    Path real = real(dir.toAbsolutePath().normalize());
    if (allowed.stream().noneMatch(a -> real.startsWith(real(a)))) {
      throw new AdminException(
          403,
          "backup target "
              + target.uri()
              + " is outside the folders backups may be written to "
              + allowed
              + " (backup.allowedRoots)");
    }
    for (Path s : storage) {
      Path rs = real(s);
      if (real.startsWith(rs) || rs.startsWith(real)) {
        throw new AdminException(
            403, "backup target " + target.uri() + " overlaps the storage folder " + s);
      }
    }
  }

  /** {@code p} with the symbolic links of its longest existing ancestor resolved. */
  static Path real(Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return p;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(p));
    } catch (IOException e) {
      return p;
    }
  }
}
