package dev.orbit.node.backup.archive;

import dev.orbit.node.backup.BackupException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * An archive segment: consecutive committed entries of one store in one object named {@code
 * <first>-<last>.seg} (zero-padded indexes, so names sort in log order), ending with a CRC32C of
 * everything before it.
 */
public final class Segment {
  static final int MAGIC = 0x4f534731; // "OSG1"

  private Segment() {}

  /** The object name of the segment holding entries {@code first..last}. */
  public static String name(long first, long last) {
    return String.format(Locale.ROOT, "%020d-%020d.seg", first, last);
  }

  /** First and last index of a segment object name, or null when it is not one. */
  public static long[] range(String name) {
    String n = name.substring(name.lastIndexOf('/') + 1);
    if (!n.matches("\\d{20}-\\d{20}\\.seg")) {
      return null;
    }
    return new long[] {Long.parseLong(n.substring(0, 20)), Long.parseLong(n.substring(21, 41))};
  }

  public static byte[] encode(List<ArchivedEntry> entries) {
    int size = 8;
    for (ArchivedEntry e : entries) {
      size += 28 + (e.data() == null ? 0 : e.data().length);
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(MAGIC);
    for (ArchivedEntry e : entries) {
      b.putLong(e.index()).putLong(e.term()).putLong(e.time());
      if (e.data() == null) {
        b.putInt(-1);
      } else {
        b.putInt(e.data().length).put(e.data());
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** Decodes segment {@code what}; a damaged one is refused. */
  public static List<ArchivedEntry> decode(String what, byte[] bytes) {
    if (bytes.length < 8) {
      throw damaged(what, "too short");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.getInt(bytes.length - 4) != (int) crc.getValue()) {
      throw damaged(what, "checksum mismatch");
    }
    if (b.getInt() != MAGIC) {
      throw damaged(what, "not an archive segment");
    }
    List<ArchivedEntry> out = new ArrayList<>();
    try {
      while (b.position() < bytes.length - 4) {
        long index = b.getLong();
        long term = b.getLong();
        long time = b.getLong();
        int n = b.getInt();
        byte[] data = null;
        if (n >= 0) {
          data = new byte[n];
          b.get(data);
        }
        out.add(new ArchivedEntry(index, term, time, data));
      }
    } catch (RuntimeException e) {
      throw damaged(what, e.toString());
    }
    return out;
  }

  private static BackupException damaged(String what, String why) {
    return new BackupException("archive segment " + what + " is damaged: " + why);
  }
}
