package dev.orbit.operator.model;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A cron schedule in UTC (5 fields, parsed by cron-utils). {@link #due} answers the one slot to run
 * now: the newest slot not after {@code now} that is later than the last one run, so slots missed
 * while the operator was down run once, not once each. Pure.
 */
public final class BackupSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final ExecutionTime times;

  private BackupSchedule(ExecutionTime times) {
    this.times = times;
  }

  /** Parses {@code cron}; throws IllegalArgumentException naming the problem. */
  public static BackupSchedule parse(String cron) {
    try {
      return new BackupSchedule(ExecutionTime.forCron(PARSER.parse(cron.trim()).validate()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + cron + "' is not a 5-field cron schedule: " + e.getMessage(), e);
    }
  }

  /** Null when {@code cron} is valid, else why not (for spec validation). */
  public static String problem(String cron) {
    try {
      parse(cron);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * The slot to run now, if any: the newest slot in ({@code lastRun}, {@code now}]. {@code lastRun}
   * is the last slot run, or the cluster's creation when none ran (slots before a cluster existed
   * are not owed).
   */
  public Optional<Instant> due(Instant lastRun, Instant now) {
    Optional<ZonedDateTime> last = times.lastExecution(utc(now).plusNanos(1));
    return last.map(ZonedDateTime::toInstant).filter(t -> t.isAfter(lastRun));
  }

  /** The first slot after {@code now}. */
  public Optional<Instant> next(Instant now) {
    return times.nextExecution(utc(now)).map(ZonedDateTime::toInstant);
  }

  private static ZonedDateTime utc(Instant t) {
    return t.atZone(ZoneOffset.UTC);
  }
}
