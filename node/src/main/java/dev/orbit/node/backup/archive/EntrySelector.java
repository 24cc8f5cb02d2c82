package dev.orbit.node.backup.archive;

import dev.orbit.node.backup.BackupException;

/**
 * Chooses which archived entries a point-in-time restore applies, fed in log order: every entry
 * after the base backup's index up to the last one appended at or before the target time. An
 * entry's time is the running maximum of the append times seen so far (an entry without one, or
 * with a clock that stepped back, counts as appended with its predecessor), so the entries applied
 * are always a prefix of the log.
 */
public final class EntrySelector {
  private final String protocol;
  private final long targetMillis;
  private long next;
  private long time = Long.MIN_VALUE;
  private boolean reachedTarget;

  /**
   * @param baseIndex the log index the restored data already holds (entries up to it are skipped)
   * @param targetMillis the target time (epoch millis), or {@link Long#MAX_VALUE} for the end
   */
  public EntrySelector(String protocol, long baseIndex, long targetMillis) {
    this.protocol = protocol;
    this.next = baseIndex + 1;
    this.targetMillis = targetMillis;
  }

  /** What to do with an entry. */
  public enum Verdict {
    /** Before the next needed index (held by the base backup, or in an overlapping segment). */
    SKIP,
    APPLY,
    /** Appended after the target time: this and every later entry stay out. */
    STOP
  }

  public Verdict offer(ArchivedEntry e) {
    if (reachedTarget) {
      return Verdict.STOP;
    }
    if (e.index() < next) {
      return Verdict.SKIP;
    }
    if (e.index() > next) {
      throw new BackupException(
          "the "
              + protocol
              + " log archive lacks entries "
              + next
              + ".."
              + (e.index() - 1)
              + ": cannot restore past index "
              + (next - 1));
    }
    time = Math.max(time, e.time());
    if (time > targetMillis) {
      reachedTarget = true;
      return Verdict.STOP;
    }
    next++;
    return Verdict.APPLY;
  }

  /** True once an entry appended after the target time was seen: the target is covered. */
  public boolean reachedTarget() {
    return reachedTarget;
  }

  /** The index of the last entry applied (or the base index). */
  public long lastApplied() {
    return next - 1;
  }
}
