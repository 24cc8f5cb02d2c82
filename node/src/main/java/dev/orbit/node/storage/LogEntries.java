package dev.orbit.node.storage;

import java.nio.ByteBuffer;

/** What code outside storage may learn from a replicated log entry's bytes. */
public final class LogEntries {
  private LogEntries() {}

  /**
   * The leader's wall-clock time (epoch millis) when it appended the entry, or -1 for an entry
   * without one: written before entries carried it, not by the proposer, or a part of a large write
   * set other than its first (the first part carries the write set's time; its join none).
   */
  public static long appendTime(ByteBuffer data) {
    ByteBuffer b = data.slice();
    try {
      if (b.remaining() < 10 || b.get() != LogOps.FORMAT) {
        return -1;
      }
      byte op = b.get();
      if (op == LogOps.TIME) {
        return b.getLong();
      }
      if (op != LogOps.PART) {
        return -1;
      }
      LogOps.Reader r = new LogOps.Reader(data); // FORMAT, PART, id, offset, bytes
      r.op();
      r.l();
      if (r.l() != 0) {
        return -1;
      }
      byte[] chunk = r.bytes(); // the write set's entry from its first operation
      if (chunk == null || chunk.length < 9 || chunk[0] != LogOps.TIME) {
        return -1;
      }
      return ByteBuffer.wrap(chunk, 1, 8).getLong();
    } catch (RuntimeException e) {
      return -1; // not an entry this reads: no time
    }
  }
}
