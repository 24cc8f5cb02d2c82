package dev.orbit.node.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four storage roots (wal, hot, warm, cold), each checked and locked for this process at open.
 * A root that cannot be created, is not writable, or is held by another running node stops startup
 * with a message naming its path; there is no fallback.
 */
public final class StorageRoots implements AutoCloseable {
  static final String LOCK_FILE = ".orbit.lock";

  private final Path wal;
  private final Map<Tier, Path> tiers;
  private final List<FileChannel> lockChannels = new ArrayList<>();

  private StorageRoots(Path wal, Path hot, Path warm, Path cold) {
    this.wal = wal;
    this.tiers = new LinkedHashMap<>();
    tiers.put(Tier.HOT, hot);
    tiers.put(Tier.WARM, warm);
    tiers.put(Tier.COLD, cold);
  }

  /** Creates (if needed), probes and locks every root. */
  public static StorageRoots open(Path wal, Path hot, Path warm, Path cold) {
    StorageRoots roots = new StorageRoots(wal, hot, warm, cold);
    try {
      roots.prepare("wal", wal);
      for (Map.Entry<Tier, Path> e : roots.tiers.entrySet()) {
        roots.prepare(e.getKey().label(), e.getValue());
      }
      return roots;
    } catch (RuntimeException e) {
      roots.close();
      throw e;
    }
  }

  public Path wal() {
    return wal;
  }

  public Path tier(Tier tier) {
    return tiers.get(tier);
  }

  /** Where protocol {@code p}'s database of {@code tier} lives. */
  public Path dbDir(String protocol, Tier tier) {
    return tiers.get(tier).resolve(protocol);
  }

  /** Where protocol {@code p}'s database of {@code tier} writes its WAL: under {@code wal/p/}. */
  public Path walDir(String protocol, Tier tier) {
    return wal.resolve(protocol).resolve(tier.label());
  }

  private void prepare(String name, Path dir) {
    String what = "storage root '" + name + "' at " + dir;
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new StorageException(what + " is not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException(what + " does not exist and cannot be created: " + describe(e), e);
    }
    Path probe = dir.resolve(".orbit-write-probe");
    try {
      Files.write(probe, new byte[] {1});
      Files.delete(probe);
    } catch (IOException e) {
      throw new StorageException(what + " is not writable: " + describe(e), e);
    }
    Path lockPath = dir.resolve(LOCK_FILE);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock();
      if (lock == null) {
        throw locked(what, lockPath);
      }
      lockChannels.add(ch);
    } catch (OverlappingFileLockException e) {
      closeQuietly(ch);
      throw locked(what, lockPath);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new StorageException(what + ": cannot lock " + lockPath + ": " + describe(e), e);
    } catch (StorageException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static StorageException locked(String what, Path lockPath) {
    return new StorageException(
        what + " is locked by another running orbit-node (lock file " + lockPath + ")");
  }

  private static String describe(IOException e) {
    String type = e.getClass().getSimpleName().replace("Exception", "");
    return e.getMessage() == null ? type : type + " " + e.getMessage();
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // the lock goes with the channel; nothing else to release
      }
    }
  }

  @Override
  public void close() {
    for (FileChannel ch : lockChannels) {
      closeQuietly(ch);
    }
    lockChannels.clear();
  }
}
