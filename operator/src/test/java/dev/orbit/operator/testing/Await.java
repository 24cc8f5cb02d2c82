package dev.orbit.operator.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes. */
public final class Await {
  private Await() {}

  public static <T> T until(String what, Supplier<T> value, java.util.function.Predicate<T> ok) {
    return until(what, value, ok, Duration.ofSeconds(20));
  }

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
