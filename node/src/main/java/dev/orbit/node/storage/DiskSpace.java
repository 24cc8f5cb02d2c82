package dev.orbit.node.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free space on the WAL volume, checked before each log append: an append that would leave less
 * than a reserve (10% of the volume, 1 to 64 MiB) is refused with a "No space left on device"
 * error, so a full volume fails writes cleanly (reads go on) instead of failing the log mid-write
 * (Ratis stops a group whose log cannot be written; the node must then be restarted with more
 * room).
 */
final class DiskSpace {
  /** Room kept free for log segments, RocksDB's WAL and memtable flushes: 10% of the volume. */
  private static final long MIN_RESERVE = 1L << 20;

  private static final long MAX_RESERVE = 64L << 20;

  private final String protocol;
  private final Path dir;
  private FileStore store;
  private long reserve = MIN_RESERVE;
  private long usable = Long.MAX_VALUE;

  DiskSpace(String protocol, Path dir) {
    this.protocol = protocol;
    this.dir = dir;
  }

  /**
   * Throws a {@link StorageException} when an entry of {@code bytes} would eat into the reserve,
   * counting what the entries still in flight ({@code inFlight} bytes) will take: each may take
   * about three times its size (the log, a bulk load's staged file, room to ingest it). Small
   * entries (up to 64 KiB: client writes, an abort that frees a load's files) may use most of it.
   */
  synchronized void check(long bytes, long inFlight) {
    long needed = (bytes <= (64 << 10) ? reserve / 8 : reserve) + 3 * (bytes + inFlight);
    // every append looks again (one statvfs): other files may have filled the volume a moment ago,
    // and an append that fails in the log stops the whole group
    refresh();
    if (usable < needed) {
      throw new StorageException(
          "cannot write the "
              + protocol
              + " log at "
              + dir
              + ": No space left on device ("
              + usable
              + " bytes free)");
    }
  }

  /** True when a client write would be refused for want of room now (looks again each time). */
  synchronized boolean full() {
    refresh();
    return usable < reserve / 8 + (3L << 16);
  }

  private synchronized void refresh() {
    try {
      if (store == null) {
        store = Files.getFileStore(dir);
        reserve = Math.max(MIN_RESERVE, Math.min(MAX_RESERVE, store.getTotalSpace() / 10));
      }
      usable = store.getUsableSpace();
    } catch (IOException e) {
      usable = Long.MAX_VALUE; // cannot tell: let the write try
    }
  }
}
