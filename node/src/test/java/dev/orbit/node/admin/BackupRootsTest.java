package dev.orbit.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.config.ConfigLoader;
import dev.orbit.config.NodeConfig;
import dev.orbit.node.backup.BackupTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRootsTest {
  @TempDir Path dir;

  NodeConfig config(String... sets) {
    return ConfigLoader.load(null, dir.resolve("data").toString(), List.of(sets), Map.of());
  }

  static BackupTarget target(Path p) {
    return BackupTarget.parse("file://" + p);
  }

  int refusal(BackupRoots roots, Path p) {
    return assertThrows(AdminException.class, () -> roots.check(target(p))).status();
  }

  @Test
  void byDefaultOnlyTheBackupsFolderOfTheDataDirIsAllowed() {
    BackupRoots roots = new BackupRoots(config());
    roots.check(target(dir.resolve("data/backups")));
    roots.check(target(dir.resolve("data/backups/nightly")));
    assertEquals(403, refusal(roots, dir.resolve("elsewhere")));
    assertEquals(403, refusal(roots, Path.of("/etc/orbit")));
    assertEquals(403, refusal(roots, dir.resolve("data/hot")));
  }

  @Test
  void dotDotAndSymbolicLinksCannotLeadOutside() throws Exception {
    BackupRoots roots = new BackupRoots(config());
    assertEquals(400, refusal(roots, dir.resolve("data/backups/../../escape")));
    Files.createDirectories(dir.resolve("data/backups"));
    Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(dir.resolve("data/backups/link"), dir.resolve("outside"));
    assertEquals(403, refusal(roots, dir.resolve("data/backups/link/x")));
  }

  @Test
  void configuredRootsReplaceTheDefaultButNeverCoverStorage() {
    BackupRoots roots = new BackupRoots(config("backup.allowedRoots=/mnt/backups," + dir));
    roots.check(target(Path.of("/mnt/backups/orbit")));
    roots.check(target(dir.resolve("nightly")));
    assertEquals(403, refusal(roots, dir.resolve("data/wal/redis")), "inside a storage root");
    assertEquals(403, refusal(roots, dir.resolve("data")), "around the storage roots");
    AdminException e =
        assertThrows(AdminException.class, () -> roots.check(target(Path.of("/srv/x"))));
    assertTrue(e.getMessage().contains("backup.allowedRoots"), e.getMessage());
  }
}
