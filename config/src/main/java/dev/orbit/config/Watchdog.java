package dev.orbit.config;

import java.time.Duration;

/** When a stalled I/O event loop makes the node unready, and when it makes it fail liveness. */
public final class Watchdog {
  /** A loop that has not run its tasks for this long fails {@code /readyz}. */
  public Duration readinessStall = Duration.ofSeconds(5);

  /** A loop that has not run its tasks for this long fails {@code /livez} (a restart). */
  public Duration livenessStall = Duration.ofSeconds(60);
}
