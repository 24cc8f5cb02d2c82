package dev.orbit.node.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** File helpers shared by snapshots, checkpoints and backups: file checksums, folder removal. */
public final class FileTrees {
  private FileTrees() {}

  /** The CRC32C of {@code file} as 8 hex digits. */
  public static String crc32c(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        crc.update(buf, 0, n);
      }
    }
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }

  /** Removes {@code dir} and everything below it; nothing happens when it is not there. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new StorageException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
