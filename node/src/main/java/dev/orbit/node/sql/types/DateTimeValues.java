package dev.orbit.node.sql.types;

/** The date/time value classes, with PostgreSQL's representations and orderings. */
public final class DateTimeValues {
  private DateTimeValues() {}

  /** date: days since 2000-01-01; Integer.MIN_VALUE / MAX_VALUE are -infinity / infinity. */
  public record PgDate(int days) implements Comparable<PgDate> {
    public static final PgDate NEG_INF = new PgDate(Integer.MIN_VALUE);
    public static final PgDate POS_INF = new PgDate(Integer.MAX_VALUE);

    public boolean finite() {
      return days != Integer.MIN_VALUE && days != Integer.MAX_VALUE;
    }

    @Override
    public int compareTo(PgDate o) {
      return Integer.compare(days, o.days);
    }
  }

  /** timestamp: microseconds since 2000-01-01 00:00; Long.MIN/MAX_VALUE are ∓infinity. */
  public record PgTimestamp(long micros) implements Comparable<PgTimestamp> {
    public boolean finite() {
      return micros != Long.MIN_VALUE && micros != Long.MAX_VALUE;
    }

    @Override
    public int compareTo(PgTimestamp o) {
      return Long.compare(micros, o.micros);
    }
  }

  /** timestamptz: microseconds since 2000-01-01 00:00 UTC; Long.MIN/MAX_VALUE are ∓infinity. */
  public record PgTimestampTz(long micros) implements Comparable<PgTimestampTz> {
    public boolean finite() {
      return micros != Long.MIN_VALUE && micros != Long.MAX_VALUE;
    }

    @Override
    public int compareTo(PgTimestampTz o) {
      return Long.compare(micros, o.micros);
    }
  }

  /** time: microseconds since midnight (24:00:00 allowed). */
  public record PgTime(long micros) implements Comparable<PgTime> {
    @Override
    public int compareTo(PgTime o) {
      return Long.compare(micros, o.micros);
    }
  }

  /** timetz: local microseconds and the zone in seconds west of Greenwich. */
  public record PgTimeTz(long micros, int zone) implements Comparable<PgTimeTz> {
    @Override
    public int compareTo(PgTimeTz o) {
      // timetz_cmp: by UTC time, then by zone
      long a = micros + zone * 1_000_000L;
      long b = o.micros + o.zone * 1_000_000L;
      int c = Long.compare(a, b);
      return c != 0 ? c : Integer.compare(zone, o.zone);
    }
  }

  /** interval: months, days and microseconds kept apart, as PostgreSQL does. */
  public record PgInterval(long micros, int days, int months) implements Comparable<PgInterval> {
    /** Whole days and remaining microseconds, counting a month as 30 days (interval_cmp_value). */
    private long[] span() {
      long d = days + (long) months * 30;
      long extra = Math.floorDiv(micros, Calendar.USECS_PER_DAY);
      long rem = Math.floorMod(micros, Calendar.USECS_PER_DAY);
      return new long[] {d + extra, rem};
    }

    @Override
    public int compareTo(PgInterval o) {
      long[] a = span();
      long[] b = o.span();
      int c = Long.compare(a[0], b[0]);
      return c != 0 ? c : Long.compare(a[1], b[1]);
    }

    /** Equal intervals (1 day = 24 hours) have equal keys. */
    public Object key() {
      long[] s = span();
      return java.util.List.of(s[0], s[1]);
    }
  }
}
