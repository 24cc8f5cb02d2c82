package dev.orbit.node.admin;

import dev.orbit.node.backup.archive.LogArchiver;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code archive} part of {@code /v1/status}: continuous archiving of each store's log. */
final class ArchiveStatus {
  private ArchiveStatus() {}

  static Map<String, Object> of(LogArchiver archiver) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, LogArchiver.State> e : archiver.status().entrySet()) {
      LogArchiver.State s = e.getValue();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lastIndex", s.lastIndex());
      m.put("lastEntryTime", s.lastEntryTime() < 0 ? null : time(s.lastEntryTime()));
      m.put("coveredAt", s.coveredAt() <= 0 ? null : time(s.coveredAt()));
      m.put("lagEntries", s.lagEntries());
      m.put("error", s.error());
      out.put(e.getKey(), m);
    }
    return out;
  }

  private static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
