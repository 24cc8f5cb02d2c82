package dev.orbit.node.backup;

import dev.orbit.node.storage.StorageRoots;
import dev.orbit.node.storage.Tier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RestoreOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** Offline restore of a node backup into storage roots, and verification of a backup. */
public final class BackupRestore {
  private BackupRestore() {}

  /**
   * Restores backup {@code id} (newest when null) into {@code roots}. Refuses when a protocol's
   * folders already hold data, unless {@code force}, which replaces them.
   */
  public static BackupManifest restore(
      BackupTarget target, String id, StorageRoots roots, boolean force) {
    BackupManifest m = BackupService.find(target, id);
    for (String protocol : m.engines().keySet()) {
      for (Tier t : Tier.values()) {
        for (Path dir : List.of(roots.dbDir(protocol, t), roots.walDir(protocol, t))) {
          if (!isEmpty(dir)) {
            if (!force) {
              throw new BackupException(
                  "refusing to restore into "
                      + dir
                      + ": it already holds data (use --force to replace it)");
            }
            deleteTree(dir);
          }
        }
      }
    }
    for (Map.Entry<String, Map<String, Integer>> p : m.engines().entrySet()) {
      for (Map.Entry<String, Integer> t : p.getValue().entrySet()) {
        Tier tier = Tier.valueOf(t.getKey().toUpperCase(java.util.Locale.ROOT));
        restoreOne(
            target.engineDir(p.getKey(), t.getKey()),
            t.getValue(),
            roots.dbDir(p.getKey(), tier),
            roots.walDir(p.getKey(), tier));
      }
    }
    return m;
  }

  /**
   * Restores backup {@code id} into a scratch folder and opens every database with full checksum
   * verification of every file. Returns the number of databases verified.
   */
  public static int verify(BackupTarget target, String id, Path scratch) {
    BackupManifest m = BackupService.find(target, id);
    int verified = 0;
    try {
      for (Map.Entry<String, Map<String, Integer>> p : m.engines().entrySet()) {
        for (Map.Entry<String, Integer> t : p.getValue().entrySet()) {
          Path db = scratch.resolve(p.getKey()).resolve(t.getKey());
          Path wal = scratch.resolve("wal").resolve(p.getKey()).resolve(t.getKey());
          restoreOne(target.engineDir(p.getKey(), t.getKey()), t.getValue(), db, wal);
          checkDatabase(db, wal);
          verified++;
        }
      }
    } finally {
      deleteTree(scratch);
    }
    return verified;
  }

  private static void restoreOne(Path engineDir, int engineId, Path dbDir, Path walDir) {
    try (BackupService.Engine e = BackupService.open(engineDir);
        RestoreOptions ro = new RestoreOptions(false)) {
      Files.createDirectories(dbDir);
      Files.createDirectories(walDir);
      e.engine().restoreDbFromBackup(engineId, dbDir.toString(), walDir.toString(), ro);
    } catch (RocksDBException | IOException ex) {
      throw new BackupException(
          "cannot restore backup "
              + engineId
              + " of "
              + engineDir
              + " into "
              + dbDir
              + ": "
              + ex.getMessage(),
          ex);
    }
  }

  private static void checkDatabase(Path dbDir, Path walDir) {
    List<ColumnFamilyDescriptor> cfs =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
            new ColumnFamilyDescriptor("age".getBytes(StandardCharsets.UTF_8)));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions o = new DBOptions().setWalDir(walDir.toString()).setParanoidChecks(true);
        RocksDB db = RocksDB.openReadOnly(o, dbDir.toString(), cfs, handles)) {
      try {
        db.verifyChecksum();
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    } catch (RocksDBException e) {
      throw new BackupException(
          "backup database " + dbDir + " failed verification: " + e.getMessage(), e);
    }
  }

  private static boolean isEmpty(Path dir) {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new BackupException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new BackupException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
