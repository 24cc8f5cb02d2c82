package dev.orbit.node.sql.types;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * PostgreSQL's calendar arithmetic: Julian day numbers (date2j/j2date), timestamps as microseconds
 * since 2000-01-01, and the offset of a local time in a zone (with PostgreSQL's choice inside DST
 * gaps and overlaps).
 */
final class Calendar {
  static final int POSTGRES_EPOCH_JDATE = 2451545;
  static final int UNIX_EPOCH_JDATE = 2440588;
  static final long USECS_PER_DAY = 86_400_000_000L;
  static final long USECS_PER_HOUR = 3_600_000_000L;
  static final long USECS_PER_MINUTE = 60_000_000L;
  static final long USECS_PER_SEC = 1_000_000L;
  static final int SECS_PER_DAY = 86400;
  static final int DAYS_PER_MONTH = 30;
  static final int MONTHS_PER_YEAR = 12;

  /** First valid Julian day: 4714-11-24 BC. */
  static final int JULIAN_MINJDATE = 0;

  /** Timestamps end before 294277-01-01; dates before 5874898-01-01. */
  static final long MIN_TIMESTAMP = -211813488000000000L;

  static final long END_TIMESTAMP = 9223371331200000000L;
  static final int DATETIME_MIN_JULIAN = 0;
  static final int DATE_END_JULIAN = 2147483494;
  static final int TIMESTAMP_END_JULIAN = 109203528;

  private static final int[][] DAY_TAB = {
    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0},
    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0}
  };

  private Calendar() {}

  static boolean isLeap(int y) {
    return (y % 4) == 0 && ((y % 100) != 0 || (y % 400) == 0);
  }

  static int daysInMonth(int year, int mon) {
    return DAY_TAB[isLeap(year) ? 1 : 0][mon - 1];
  }

  static int date2j(int year, int month, int day) {
    long y = year;
    long m = month;
    if (m > 2) {
      m += 1;
      y += 4800;
    } else {
      m += 13;
      y += 4799;
    }
    long century = y / 100;
    long julian = y * 365 - 32167;
    julian += y / 4 - century + century / 4;
    julian += 7834 * m / 256 + day;
    return (int) julian;
  }

  /** Julian day → {year, month, day}. */
  static int[] j2date(int jd) {
    long julian = Integer.toUnsignedLong(jd);
    julian += 32044;
    long quad = julian / 146097;
    long extra = (julian - quad * 146097) * 4 + 3;
    julian += 60 + quad * 3 + extra / 146097;
    quad = julian / 1461;
    julian -= quad * 1461;
    long y = julian * 4 / 1461;
    julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
    y += quad * 4;
    int year = (int) (y - 4800);
    quad = julian * 2141 / 65536;
    int day = (int) (julian - 7834 * quad / 256);
    int month = (int) ((quad + 10) % MONTHS_PER_YEAR + 1);
    return new int[] {year, month, day};
  }

  /** Day of week, 0 = Sunday. */
  static int j2day(int date) {
    int d = (date + 1) % 7;
    return d < 0 ? d + 7 : d;
  }

  static long time2t(int hour, int min, int sec, long fsec) {
    return (((hour * 60L) + min) * 60L + sec) * USECS_PER_SEC + fsec;
  }

  /** Splits time-of-day microseconds into tm's hour/min/sec/fsec. */
  static void dt2time(long time, Tm tm) {
    tm.hour = (int) (time / USECS_PER_HOUR);
    time -= tm.hour * USECS_PER_HOUR;
    tm.min = (int) (time / USECS_PER_MINUTE);
    time -= tm.min * USECS_PER_MINUTE;
    tm.sec = (int) (time / USECS_PER_SEC);
    tm.fsec = time - tm.sec * USECS_PER_SEC;
  }

  static boolean validJulianDate(int y, int m, int d) {
    return (y > -4713 || (y == -4713 && (m > 11 || (m == 11 && d >= 24))))
        && (y < 5874898 || (y == 5874898 && m < 6));
  }

  static boolean validTimestampJulian(int y, int m, int d) {
    return (y > -4713 || (y == -4713 && (m > 11 || (m == 11 && d >= 24)))) && y < 294277;
  }

  static boolean validTimestamp(long t) {
    return t >= MIN_TIMESTAMP && t < END_TIMESTAMP;
  }

  /** tm (local) → timestamp; null when out of range. tz is seconds west, or null for none. */
  static Long tm2timestamp(Tm tm, long fsec, Integer tz) {
    if (!validTimestampJulian(tm.year, tm.mon, tm.mday)) {
      return null;
    }
    long date = date2j(tm.year, tm.mon, tm.mday) - (long) POSTGRES_EPOCH_JDATE;
    long time = time2t(tm.hour, tm.min, tm.sec, fsec);
    long result;
    try {
      result = Math.addExact(Math.multiplyExact(date, USECS_PER_DAY), time);
    } catch (ArithmeticException e) {
      return null;
    }
    if (tz != null) {
      result = result + tz * USECS_PER_SEC;
    }
    if (!validTimestamp(result)) {
      return null;
    }
    return result;
  }

  /** timestamp → tm (no zone). Returns null when out of the Julian range. */
  static Tm timestamp2tm(long dt) {
    long date = Math.floorDiv(dt, USECS_PER_DAY);
    long time = dt - date * USECS_PER_DAY;
    date += POSTGRES_EPOCH_JDATE;
    if (date < 0 || date > Integer.MAX_VALUE) {
      return null;
    }
    Tm tm = new Tm();
    int[] ymd = j2date((int) date);
    tm.year = ymd[0];
    tm.mon = ymd[1];
    tm.mday = ymd[2];
    dt2time(time, tm);
    return tm;
  }

  /** timestamptz → local tm in zone, with tm.tz (seconds west) and tm.zone set. */
  static Tm timestamp2tm(long dt, ZoneId zone) {
    long epochSec =
        Math.floorDiv(dt, USECS_PER_SEC)
            + (long) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY;
    ZoneOffset off;
    boolean dst = false;
    try {
      Instant inst = Instant.ofEpochSecond(epochSec);
      ZoneRules rules = zone.getRules();
      off = rules.getOffset(inst);
      dst = rules.isDaylightSavings(inst);
    } catch (java.time.DateTimeException e) {
      off = ZoneOffset.UTC;
    }
    Tm tm = timestamp2tm(dt + off.getTotalSeconds() * USECS_PER_SEC);
    if (tm == null) {
      return null;
    }
    tm.tz = -off.getTotalSeconds();
    tm.isdst = dst ? 1 : 0;
    tm.zone = abbreviation(zone, off, dst, epochSec);
    return tm;
  }

  /** The abbreviation PostgreSQL prints for a zone at an instant (PST, CEST, +03, …). */
  static String abbreviation(ZoneId zone, ZoneOffset off, boolean dst, long epochSec) {
    if (zone instanceof ZoneOffset) {
      return offsetAbbrev(-off.getTotalSeconds());
    }
    String id = zone.getId();
    if (id.equals("UTC")
        || id.equals("Etc/UTC")
        || id.equals("Etc/UCT")
        || id.equals("UCT")
        || id.equals("Etc/Universal")
        || id.equals("Universal")
        || id.equals("Zulu")) {
      return "UTC";
    }
    if (id.equals("GMT") || id.startsWith("Etc/GMT") && id.length() == 7) {
      return "GMT";
    }
    List<ZoneOffsetTransition> trs = zone.getRules().getTransitions();
    if (!trs.isEmpty() && epochSec < trs.get(0).toEpochSecond()) {
      return "LMT"; // local mean time, before the zone's first standard offset
    }
    String n = TimeZone.getTimeZone(zone).getDisplayName(dst, TimeZone.SHORT, Locale.US);
    if (n.startsWith("GMT") && n.length() > 3) {
      return offsetAbbrev(-off.getTotalSeconds());
    }
    if (n.equals("GMT") && off.getTotalSeconds() != 0) {
      return offsetAbbrev(-off.getTotalSeconds());
    }
    return n;
  }

  /** +03, -0330: PostgreSQL's name for an offset without an abbreviation (tz seconds west). */
  static String offsetAbbrev(int tz) {
    int east = -tz;
    int a = Math.abs(east);
    String s = (east < 0 ? "-" : "+") + String.format("%02d", a / 3600);
    if (a % 3600 != 0) {
      s += String.format("%02d", (a % 3600) / 60);
    }
    return s;
  }

  /** The offset (seconds west) of local time tm in zone, choosing as PostgreSQL does. */
  static int determineOffset(Tm tm, ZoneId zone) {
    if (zone instanceof ZoneOffset o) {
      tm.isdst = 0;
      return -o.getTotalSeconds();
    }
    LocalDateTime ldt;
    try {
      int year = Math.max(-999_999_999, Math.min(999_999_999, tm.year));
      ldt =
          LocalDateTime.of(year, 1, 1, 0, 0)
              .plusMonths(tm.mon - 1)
              .plusDays(tm.mday - 1)
              .plusHours(tm.hour)
              .plusMinutes(tm.min)
              .plusSeconds(tm.sec);
    } catch (java.time.DateTimeException e) {
      tm.isdst = 0;
      return 0;
    }
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offs = rules.getValidOffsets(ldt);
    ZoneOffset off;
    if (offs.size() == 1) {
      off = offs.get(0);
    } else {
      ZoneOffsetTransition tr = rules.getTransition(ldt);
      // gap (spring forward): the offset before; overlap (fall back): the offset after
      off =
          tr == null
              ? rules.getOffset(ldt)
              : tr.isGap() ? tr.getOffsetBefore() : tr.getOffsetAfter();
    }
    Instant inst = ldt.toInstant(off);
    tm.isdst = rules.isDaylightSavings(inst) ? 1 : 0;
    return -off.getTotalSeconds();
  }

  /** Julian day of a timestamp's date part. */
  static int dayOf(long dt) {
    return (int) (Math.floorDiv(dt, USECS_PER_DAY) + POSTGRES_EPOCH_JDATE);
  }
}
