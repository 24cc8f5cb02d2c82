package dev.orbit.node.metrics;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * WARN lines about refused or failed client requests, at most {@link #PER_WINDOW} per ten seconds:
 * a flood of refused connections must not turn into a flood of log lines (the log is on a disk
 * too). Lines held back are counted and reported in the first line of the next window.
 */
public final class WarnLog {
  static final int PER_WINDOW = 20;
  private static final long WINDOW_NANOS = 10_000_000_000L;

  private final Logger log;
  private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
  private final AtomicLong inWindow = new AtomicLong();
  private final AtomicLong suppressed = new AtomicLong();

  public WarnLog(Logger log) {
    this.log = log;
  }

  /** Logs {@code format} (SLF4J style) at WARN unless this window's lines are used up. */
  public void warn(String format, Object... args) {
    long now = System.nanoTime();
    long start = windowStart.get();
    if (now - start > WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
      inWindow.set(0);
      long held = suppressed.getAndSet(0);
      if (held > 0) {
        log.warn("{} more such warnings were not logged in the last 10 s", held);
      }
    }
    if (inWindow.incrementAndGet() <= PER_WINDOW) {
      log.warn(format, args);
    } else {
      suppressed.incrementAndGet();
    }
  }
}
