package dev.orbit.operator.model;

import dev.orbit.config.Durations;
import dev.orbit.operator.api.v1alpha1.RetentionSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which completed backups retention deletes: those beyond the newest {@code keepLast} and those
 * completed more than {@code maxAge} ago. The newest completed backup is always kept (it is the
 * base every restore needs). Pure.
 */
public final class RetentionPlan {
  private RetentionPlan() {}

  /** A completed backup: its OrbitBackup name and completion time. */
  public record Completed(String name, Instant completedAt) {}

  public static List<String> toDelete(RetentionSpec r, List<Completed> completed, Instant now) {
    var sorted = new ArrayList<>(completed);
    sorted.sort(Comparator.comparing(Completed::completedAt).reversed());
    var out = new ArrayList<String>();
    Duration maxAge = r.maxAge == null ? null : Durations.parse(r.maxAge);
    for (int i = 1; i < sorted.size(); i++) { // index 0, the newest, is always kept
      Completed c = sorted.get(i);
      boolean beyondCount = r.keepLast != null && i >= r.keepLast;
      boolean tooOld = maxAge != null && c.completedAt().plus(maxAge).isBefore(now);
      if (beyondCount || tooOld) {
        out.add(c.name());
      }
    }
    return out;
  }
}
