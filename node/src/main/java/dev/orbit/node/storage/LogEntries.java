package dev.orbit.node.storage;

import java.nio.ByteBuffer;

/** What code outside storage may learn from a replicated log entry's bytes. */
public final class LogEntries {
  private LogEntries() {}

  /**
   * The leader's wall-clock time (epoch millis) when it appended the entry, or -1 for an entry
   * without one (written before entries carried it, or not by the proposer).
   */
  public static long appendTime(ByteBuffer data) {
    ByteBuffer b = data.slice();
    if (b.remaining() < 10 || b.get() != LogOps.FORMAT || b.get() != LogOps.TIME) {
      return -1;
    }
    return b.getLong();
  }
}
