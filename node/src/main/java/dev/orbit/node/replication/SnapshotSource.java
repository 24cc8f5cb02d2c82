package dev.orbit.node.replication;

import dev.orbit.node.storage.FileTrees;
import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.StorageException;
import dev.orbit.node.storage.Tier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The leader's side of snapshot installation: a checkpoint of a store's three tier databases (and
 * its staged parts), taken while no log entry is applied so all of them stand at one applied index,
 * in {@code <tier root>/.orbit-snapshot/<protocol>/<index>/} on each tier's own volume (hard links:
 * a memtable flush, not a copy). A member that fell behind the purged log reads it in bounded
 * ranges ({@link #read}). The newest two checkpoints of a store are kept.
 */
final class SnapshotSource {
  static final String DIR = ".orbit-snapshot";

  /** The largest range one read returns. */
  static final int RANGE = 4 << 20;

  /** The folder of staged parts within the hot database's folder, shipped along. */
  static final String STAGED = "staged";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** One file of a checkpoint: its part (a tier's label, or {@code staged}), name, size, CRC. */
  record FileEntry(String part, String name, long size, String crc32c) {}

  /** A checkpoint: the term and index of the last entry it holds, and its files. */
  record Manifest(String protocol, long term, long index, List<FileEntry> files) {}

  private SnapshotSource() {}

  /** Takes a checkpoint of {@code machine}'s store at its applied index and describes it. */
  static Manifest take(StoreStateMachine machine) {
    ProtocolStore store = machine.store();
    long[] at =
        machine.whileNothingApplies(
            () -> {
              long[] applied = store.applied();
              for (Tier t : Tier.values()) {
                Path dir = dir(store, t, applied[1]);
                deleteTree(dir);
                mkdirs(dir.getParent());
                store.db(t).checkpointTo(dir);
              }
              linkStaged(store, applied[1]);
              return applied;
            });
    keepNewest(store, 2);
    List<FileEntry> files = new ArrayList<>();
    for (Tier t : Tier.values()) {
      files.addAll(describe(t.label(), dir(store, t, at[1])));
    }
    files.addAll(describe(STAGED, dir(store, Tier.HOT, at[1]).resolve(STAGED)));
    return new Manifest(store.protocol(), at[0], at[1], files);
  }

  /**
   * Up to {@link #RANGE} bytes of one checkpoint file from {@code offset} (empty at its end); a
   * file or checkpoint that is not there (any more) is a {@link java.nio.file.NoSuchFileException}.
   */
  static byte[] read(ProtocolStore store, long index, String part, String name, long offset)
      throws IOException {
    Path file = file(store, index, part, name);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (offset < 0 || offset > size) {
        throw new IllegalArgumentException("offset " + offset + " is outside " + name);
      }
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(RANGE, size - offset));
      while (buf.hasRemaining()) {
        if (ch.read(buf, offset + buf.position()) < 0) {
          break;
        }
      }
      return buf.position() == buf.capacity()
          ? buf.array()
          : java.util.Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /** Where {@code part}/{@code name} of checkpoint {@code index} is; refuses any other path. */
  static Path file(ProtocolStore store, long index, String part, String name) {
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException("no such checkpoint file: " + name);
    }
    if (part.equals(STAGED)) {
      return dir(store, Tier.HOT, index).resolve(STAGED).resolve(name);
    }
    for (Tier t : Tier.values()) {
      if (t.label().equals(part)) {
        return dir(store, t, index).resolve(name);
      }
    }
    throw new IllegalArgumentException(
        "no such checkpoint part: " + part + " (hot, warm, cold or staged)");
  }

  /** Removes every checkpoint of {@code store} (at startup: a crash may have left some). */
  static void removeAll(ProtocolStore store) {
    for (Tier t : Tier.values()) {
      deleteTree(root(store, t));
    }
  }

  private static Path root(ProtocolStore store, Tier t) {
    return store.db(t).dir().getParent().resolve(DIR).resolve(store.protocol());
  }

  private static Path dir(ProtocolStore store, Tier t, long index) {
    return root(store, t).resolve(Long.toString(index));
  }

  /** Hard links to the staged parts of loads and large write sets not yet joined. */
  private static void linkStaged(ProtocolStore store, long index) {
    Path from = store.db(Tier.HOT).dir().resolve(STAGED);
    Path to = dir(store, Tier.HOT, index).resolve(STAGED);
    mkdirs(to);
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        Files.createLink(to.resolve(f.getFileName()), f);
      }
    } catch (IOException e) {
      throw new StorageException("cannot link staged files into a checkpoint: " + e, e);
    }
  }

  private static void keepNewest(ProtocolStore store, int keep) {
    for (Tier t : Tier.values()) {
      Path root = root(store, t);
      List<Path> all;
      try (Stream<Path> s = Files.list(root)) {
        all =
            s.filter(p -> p.getFileName().toString().matches("[0-9]+"))
                .sorted(
                    Comparator.comparingLong((Path p) -> Long.parseLong(p.getFileName().toString()))
                        .reversed())
                .toList();
      } catch (IOException e) {
        continue; // nothing to remove
      }
      all.stream().skip(keep).forEach(SnapshotSource::deleteTree);
    }
  }

  private static List<FileEntry> describe(String part, Path dir) {
    List<FileEntry> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        out.add(
            new FileEntry(part, f.getFileName().toString(), Files.size(f), FileTrees.crc32c(f)));
      }
    } catch (IOException e) {
      throw new StorageException("cannot list checkpoint " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  static void deleteTree(Path dir) {
    FileTrees.deleteTree(dir);
  }
}
