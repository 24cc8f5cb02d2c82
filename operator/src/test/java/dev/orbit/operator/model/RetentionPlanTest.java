package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.operator.api.v1alpha1.RetentionSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  static List<RetentionPlan.Completed> fourBackups() {
    return List.of(
        new RetentionPlan.Completed("b1", NOW.minusSeconds(4 * 3600)),
        new RetentionPlan.Completed("b3", NOW.minusSeconds(2 * 3600)),
        new RetentionPlan.Completed("b2", NOW.minusSeconds(3 * 3600)),
        new RetentionPlan.Completed("b4", NOW.minusSeconds(3600)));
  }

  @Test
  void keepLastDeletesTheOldestBeyondTheCount() {
    var r = new RetentionSpec();
    r.keepLast = 2;
    assertEquals(List.of("b2", "b1"), RetentionPlan.toDelete(r, fourBackups(), NOW));
  }

  @Test
  void maxAgeDeletesOlderOnesButNeverTheNewest() {
    var r = new RetentionSpec();
    r.maxAge = "150m";
    assertEquals(List.of("b2", "b1"), RetentionPlan.toDelete(r, fourBackups(), NOW));
    r.maxAge = "1m"; // every backup is older, yet the newest stays: it is what a restore needs
    assertEquals(List.of("b3", "b2", "b1"), RetentionPlan.toDelete(r, fourBackups(), NOW));
  }
}
