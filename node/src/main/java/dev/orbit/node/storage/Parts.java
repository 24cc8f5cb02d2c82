package dev.orbit.node.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Write sets larger than one log entry (a 512 MiB Redis value, a large load commit): the leader
 * sends the write set's bytes in {@code PART} entries ({@code id, offset, bytes}), which every
 * member writes at their offset into {@code <hot>/staged/<id>-part} (a replayed part rewrites its
 * own bytes), then a {@code JOIN} entry ({@code id, length}) whose apply reads the file back and
 * applies it as the one entry it stands for. Nothing of it is visible before the join; a write set
 * whose join never comes is removed with the staged files of unfinished loads (an abort entry).
 */
final class Parts {
  /** Bytes of a write set per part entry (the log's entries stay well below its 8 MiB buffer). */
  static final int PART_BYTES = 4 << 20;

  private final Path dir;

  Parts(Path stagedDir) {
    this.dir = stagedDir;
  }

  /** The part entry carrying {@code n} bytes of {@code entry} from {@code from}. */
  static byte[] part(long id, byte[] entry, int from, int n) {
    LogOps.Writer w = new LogOps.Writer(n + 32);
    w.op(LogOps.PART).l(id).l(from - 1);
    byte[] chunk = new byte[n];
    System.arraycopy(entry, from, chunk, 0, n);
    return w.bytes(chunk).toBytes();
  }

  /** The join entry of the write set {@code entry} (format byte included) sent in parts. */
  static byte[] join(long id, byte[] entry) {
    return new LogOps.Writer(24).op(LogOps.JOIN).l(id).l(entry.length - 1L).toBytes();
  }

  /** The staged file of write set {@code id}. */
  static String fileName(long id) {
    return String.format("%016x-part", id);
  }

  /** Applies a part entry: its bytes at their offset in the write set's file, synced. */
  void write(LogOps.Reader r) {
    long id = r.l();
    long offset = r.l();
    byte[] bytes = r.bytes();
    Path file = dir.resolve(fileName(id));
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long at = offset;
        while (b.hasRemaining()) {
          at += ch.write(b, at);
        }
        ch.force(false);
      }
    } catch (IOException e) {
      throw new StorageException("cannot write staged part " + file + ": " + e, e);
    }
  }

  /** True when {@code entry} is a join entry. */
  static boolean isJoin(ByteBuffer entry) {
    return entry.remaining() > 1 && entry.get(entry.position() + 1) == LogOps.JOIN;
  }

  /** Reads a join entry's write set back: the entry it stands for, format byte first. */
  ByteBuffer joined(ByteBuffer joinEntry, long[] idOut) {
    LogOps.Reader r = new LogOps.Reader(joinEntry);
    r.op();
    long id = r.l();
    long length = r.l();
    idOut[0] = id;
    Path file = dir.resolve(fileName(id));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() < length || length > Integer.MAX_VALUE - 16) {
        throw new StorageException(
            "the staged parts of a large write set are incomplete: "
                + file
                + " holds "
                + ch.size()
                + " of "
                + length
                + " bytes");
      }
      ByteBuffer out = ByteBuffer.allocate((int) length + 1);
      out.put(LogOps.FORMAT);
      long at = 0;
      while (out.hasRemaining()) {
        int n = ch.read(out, at);
        if (n < 0) {
          throw new StorageException("staged part " + file + " ended early");
        }
        at += n;
      }
      return out.flip();
    } catch (IOException e) {
      throw new StorageException("cannot read staged parts " + file + ": " + e, e);
    }
  }

  /** Removes the staged file of write set {@code id} (applied, or given up). */
  void drop(long id) {
    try {
      Files.deleteIfExists(dir.resolve(fileName(id)));
    } catch (IOException e) {
      throw new StorageException("cannot remove staged part of " + id + ": " + e, e);
    }
  }
}
