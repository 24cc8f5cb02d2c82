package dev.orbit.node.backup;

import dev.orbit.node.storage.FileTrees;
import dev.orbit.node.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/** File helpers of backups: CRC32C checksums, object keys, and folder removal. */
final class BackupFiles {
  private BackupFiles() {}

  /** The CRC32C of {@code file} as 8 hex digits. */
  static String crc32c(Path file) {
    try {
      return FileTrees.crc32c(file);
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Copies {@code in} to {@code out}, reporting bytes; returns the CRC32C of what was copied. */
  static String copy(
      InputStream in, java.io.OutputStream out, java.util.function.LongConsumer progress)
      throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 20];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      crc.update(buf, 0, n);
      progress.accept(n);
    }
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }

  /** Content-addressed key: the same name, size and checksum always map to the same object. */
  static String dataKey(String protocol, String tier, String name, long size, String crc) {
    return BackupCatalog.DATA + protocol + "/" + tier + "/" + name + "." + crc + "." + size;
  }

  /** RocksDB WAL files (restored into the WAL folder, not the database folder). */
  static boolean isWal(String name) {
    return name.endsWith(".log");
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void deleteTree(Path dir) {
    try {
      FileTrees.deleteTree(dir);
    } catch (StorageException e) {
      throw new BackupException(e.getMessage(), e.getCause());
    }
  }
}
