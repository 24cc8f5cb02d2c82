package dev.orbit.node.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Opens a checkpoint or a restored database read-only (paranoid checks on) and counts the entries
 * of its record column family; {@code verify} also checks every file's block checksums.
 */
final class RecordCounter {
  private RecordCounter() {}

  static long count(Path dbDir, Path walDir, boolean verifyChecksums) {
    List<ColumnFamilyDescriptor> cfs = new ArrayList<>();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (org.rocksdb.Options lo = new org.rocksdb.Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(lo, dbDir.toString())) {
        cfs.add(new ColumnFamilyDescriptor(name));
      }
    } catch (RocksDBException e) {
      throw new BackupException("cannot open database " + dbDir + ": " + e.getMessage(), e);
    }
    try (DBOptions o = new DBOptions().setParanoidChecks(true)) {
      if (walDir != null) {
        o.setWalDir(walDir.toString());
      }
      try (RocksDB db = RocksDB.openReadOnly(o, dbDir.toString(), cfs, handles);
          ReadOptions ro = new ReadOptions().setFillCache(false).setVerifyChecksums(true)) {
        try {
          if (verifyChecksums) {
            db.verifyChecksum();
          }
          long n = 0;
          try (RocksIterator it = db.newIterator(handles.get(0), ro)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
              n++;
            }
            it.status();
          }
          return n;
        } finally {
          handles.forEach(ColumnFamilyHandle::close);
        }
      }
    } catch (RocksDBException e) {
      throw new BackupException(
          "database "
              + dbDir
              + " failed "
              + (verifyChecksums ? "verification" : "to open")
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
