package dev.orbit.operator.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes. */
public final class Await {
  private Await() {}

  /**
   * Waits up to two minutes: a loaded CI machine is slow, and fabric8's mock API server can sit on
   * a request for about 20 s before the operator's retry goes through (seen on a status patch built
   * from a stale copy), so a 20 s deadline failed tests whose state arrived a moment later.
   */
  public static <T> T until(String what, Supplier<T> value, java.util.function.Predicate<T> ok) {
    return until(what, value, ok, DEFAULT);
  }

  /** The deadline of {@link #until(String, Supplier, java.util.function.Predicate)}. */
  public static final Duration DEFAULT = Duration.ofSeconds(120);

  public static <T> T until(
      String what, Supplier<T> value, java.util.function.Predicate<T> ok, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = value.get();
        if (last != null && ok.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        // not there yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
    throw new AssertionError("timed out waiting for " + what + "; last value: " + last);
  }
}
