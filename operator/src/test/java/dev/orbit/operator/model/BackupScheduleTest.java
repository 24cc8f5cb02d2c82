package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupScheduleTest {
  @Test
  void slotsMissedWhileTheOperatorWasDownRunOnceAsTheNewestSlot() {
    BackupSchedule hourly = BackupSchedule.parse("0 * * * *");
    Instant lastRun = Instant.parse("2026-11-20T03:00:00Z");
    Instant now = Instant.parse("2026-11-22T17:42:10Z"); // 62 slots missed
    assertEquals(Optional.of(Instant.parse("2026-11-22T17:00:00Z")), hourly.due(lastRun, now));
    // once that slot ran, nothing is due until the next one
    assertEquals(Optional.empty(), hourly.due(Instant.parse("2026-11-22T17:00:00Z"), now));
    assertEquals(Optional.of(Instant.parse("2026-11-22T18:00:00Z")), hourly.next(now));
  }

  @Test
  void aSlotExactlyNowIsDueAndSlotsBeforeTheClusterExistedAreNot() {
    BackupSchedule daily = BackupSchedule.parse("30 3 * * *");
    Instant slot = Instant.parse("2026-11-22T03:30:00Z");
    assertEquals(Optional.of(slot), daily.due(Instant.parse("2026-11-21T12:00:00Z"), slot));
    Instant created = Instant.parse("2026-11-22T04:00:00Z");
    assertTrue(daily.due(created, Instant.parse("2026-11-22T09:00:00Z")).isEmpty());
  }

  @Test
  void badCronIsNamed() {
    assertNull(BackupSchedule.problem("*/5 * * * *"));
    String p = BackupSchedule.problem("every day");
    assertNotNull(p);
    assertTrue(p.contains("'every day' is not a 5-field cron schedule"), p);
    assertNotNull(BackupSchedule.problem("0 0 * * * *"));
  }
}
