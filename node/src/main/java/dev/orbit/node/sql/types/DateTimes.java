package dev.orbit.node.sql.types;

import static dev.orbit.node.sql.types.DateTimeTokens.*;

import dev.orbit.node.sql.SqlException;
import dev.orbit.node.sql.types.DateTimeValues.PgDate;
import dev.orbit.node.sql.types.DateTimeValues.PgInterval;
import dev.orbit.node.sql.types.DateTimeValues.PgTime;
import dev.orbit.node.sql.types.DateTimeValues.PgTimeTz;
import dev.orbit.node.sql.types.DateTimeValues.PgTimestamp;
import dev.orbit.node.sql.types.DateTimeValues.PgTimestampTz;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Text input and output of date, time, timetz, timestamp, timestamptz and interval with
 * PostgreSQL's rules and messages, typmod precision, and the calendar arithmetic the operators use.
 */
public final class DateTimes {
  static final long EPOCH_OFFSET_MICROS =
      (long) (Calendar.POSTGRES_EPOCH_JDATE - Calendar.UNIX_EPOCH_JDATE) * Calendar.USECS_PER_DAY;
  private static final long[] SCALES = {1000000, 100000, 10000, 1000, 100, 10, 1};
  private static final long[] OFFSETS = {500000, 50000, 5000, 500, 50, 5, 0};

  private DateTimes() {}

  /** The current time as microseconds since 2000-01-01 UTC. */
  public static long nowMicros() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000 - EPOCH_OFFSET_MICROS;
  }

  private static DateTimeParser.Context ctx(IoContext c) {
    return new DateTimeParser.Context(c.zone(), c.dateOrder(), c.now().getAsLong());
  }

  static SqlException parseError(int code, String s, String type) {
    return switch (code) {
      case DTERR_FIELD_OVERFLOW ->
          new SqlException("22008", "date/time field value out of range: \"" + s + "\"");
      case DTERR_MD_FIELD_OVERFLOW ->
          new SqlException("22008", "date/time field value out of range: \"" + s + "\"")
              .withHint("Perhaps you need a different \"datestyle\" setting.");
      case DTERR_INTERVAL_OVERFLOW ->
          new SqlException("22015", "interval field value out of range: \"" + s + "\"");
      case DTERR_TZDISP_OVERFLOW ->
          new SqlException("22009", "time zone displacement out of range: \"" + s + "\"");
      default ->
          new SqlException("22007", "invalid input syntax for type " + type + ": \"" + s + "\"");
    };
  }

  private static DateTimeParser.Result decode(String s, IoContext c, String type, boolean tz) {
    try {
      return DateTimeParser.decodeDateTime(s, ctx(c), tz);
    } catch (DateTimeParser.Bad b) {
      throw parseError(b.code, s, type);
    } catch (NumberFormatException e) {
      throw parseError(DTERR_BAD_FORMAT, s, type);
    }
  }

  // ---- date ----

  public static PgDate parseDate(String s, IoContext c) {
    DateTimeParser.Result r = decode(s, c, "date", true);
    Tm tm = r.tm;
    switch (r.dtype) {
      case DTK_DATE:
        break;
      case DTK_EPOCH:
        return new PgDate(Calendar.UNIX_EPOCH_JDATE - Calendar.POSTGRES_EPOCH_JDATE);
      case DTK_LATE:
        return PgDate.POS_INF;
      case DTK_EARLY:
        return PgDate.NEG_INF;
      default:
        throw parseError(DTERR_BAD_FORMAT, s, "date");
    }
    if (!Calendar.validJulianDate(tm.year, tm.mon, tm.mday)) {
      throw new SqlException("22008", "date out of range: \"" + s + "\"");
    }
    return new PgDate(Calendar.date2j(tm.year, tm.mon, tm.mday) - Calendar.POSTGRES_EPOCH_JDATE);
  }

  public static String format(PgDate d, IoContext c) {
    if (d.days() == Integer.MIN_VALUE) {
      return "-infinity";
    }
    if (d.days() == Integer.MAX_VALUE) {
      return "infinity";
    }
    Tm tm = dateTm(d.days());
    return DateTimeOut.date(tm, c.dateStyle(), c.dateOrder());
  }

  static Tm dateTm(int days) {
    int[] ymd = Calendar.j2date(days + Calendar.POSTGRES_EPOCH_JDATE);
    Tm tm = new Tm();
    tm.year = ymd[0];
    tm.mon = ymd[1];
    tm.mday = ymd[2];
    return tm;
  }

  // ---- time ----

  public static PgTime parseTime(String s, int typmod, IoContext c) {
    DateTimeParser.Result r;
    try {
      r = DateTimeParser.decodeTimeOnly(s, ctx(c), true);
    } catch (DateTimeParser.Bad b) {
      throw parseError(b.code, s, "time without time zone");
    } catch (NumberFormatException e) {
      throw parseError(DTERR_BAD_FORMAT, s, "time without time zone");
    }
    Tm tm = r.tm;
    long t = Calendar.time2t(tm.hour, tm.min, tm.sec, tm.fsec);
    return new PgTime(adjustTime(t, typmod));
  }

  public static PgTimeTz parseTimeTz(String s, int typmod, IoContext c) {
    DateTimeParser.Result r;
    try {
      r = DateTimeParser.decodeTimeOnly(s, ctx(c), true);
    } catch (DateTimeParser.Bad b) {
      throw parseError(b.code, s, "time with time zone");
    } catch (NumberFormatException e) {
      throw parseError(DTERR_BAD_FORMAT, s, "time with time zone");
    }
    Tm tm = r.tm;
    long t = Calendar.time2t(tm.hour, tm.min, tm.sec, tm.fsec);
    return new PgTimeTz(adjustTime(t, typmod), r.tz == null ? 0 : r.tz);
  }

  static long adjustTime(long t, int typmod) {
    if (typmod >= 0 && typmod <= 6) {
      if (t >= 0) {
        t = ((t + OFFSETS[typmod]) / SCALES[typmod]) * SCALES[typmod];
      } else {
        t = -((((-t) + OFFSETS[typmod]) / SCALES[typmod]) * SCALES[typmod]);
      }
    }
    return t;
  }

  public static String format(PgTime t, IoContext c) {
    Tm tm = new Tm();
    Calendar.dt2time(t.micros(), tm);
    return DateTimeOut.time(tm, false, 0, c.dateStyle());
  }

  public static String format(PgTimeTz t, IoContext c) {
    Tm tm = new Tm();
    Calendar.dt2time(t.micros(), tm);
    return DateTimeOut.time(tm, true, t.zone(), c.dateStyle());
  }

  // ---- timestamp ----

  public static PgTimestamp parseTimestamp(String s, int typmod, IoContext c) {
    return new PgTimestamp(timestamp(s, typmod, c, "timestamp without time zone", false));
  }

  public static PgTimestampTz parseTimestampTz(String s, int typmod, IoContext c) {
    return new PgTimestampTz(timestamp(s, typmod, c, "timestamp with time zone", true));
  }

  /**
   * The microseconds of timestamp text; {@code withZone}: a zone in it (or the session's) counts.
   */
  private static long timestamp(String s, int typmod, IoContext c, String type, boolean withZone) {
    DateTimeParser.Result r = decode(s, c, type, true);
    switch (r.dtype) {
      case DTK_DATE:
        {
          Long v = Calendar.tm2timestamp(r.tm, r.tm.fsec, withZone ? r.tz : null);
          if (v == null) {
            throw new SqlException("22008", "timestamp out of range: \"" + s + "\"");
          }
          return adjustTimestamp(v, typmod);
        }
      case DTK_EPOCH:
        return -EPOCH_OFFSET_MICROS;
      case DTK_LATE:
        return Long.MAX_VALUE;
      case DTK_EARLY:
        return Long.MIN_VALUE;
      default:
        throw parseError(DTERR_BAD_FORMAT, s, type);
    }
  }

  public static long adjustTimestamp(long t, int typmod) {
    if (t == Long.MIN_VALUE || t == Long.MAX_VALUE || typmod < 0 || typmod > 6) {
      return t;
    }
    if (t >= 0) {
      return ((t + OFFSETS[typmod]) / SCALES[typmod]) * SCALES[typmod];
    }
    return -((((-t) + OFFSETS[typmod]) / SCALES[typmod]) * SCALES[typmod]);
  }

  public static String format(PgTimestamp t, IoContext c) {
    if (t.micros() == Long.MIN_VALUE) {
      return "-infinity";
    }
    if (t.micros() == Long.MAX_VALUE) {
      return "infinity";
    }
    Tm tm = Calendar.timestamp2tm(t.micros());
    if (tm == null) {
      throw new SqlException("22008", "timestamp out of range");
    }
    return DateTimeOut.dateTime(tm, false, 0, null, c.dateStyle(), c.dateOrder());
  }

  public static String format(PgTimestampTz t, IoContext c) {
    if (t.micros() == Long.MIN_VALUE) {
      return "-infinity";
    }
    if (t.micros() == Long.MAX_VALUE) {
      return "infinity";
    }
    Tm tm = Calendar.timestamp2tm(t.micros(), c.zone());
    if (tm == null) {
      throw new SqlException("22008", "timestamp out of range");
    }
    return DateTimeOut.dateTime(tm, true, tm.tz, tm.zone, c.dateStyle(), c.dateOrder());
  }

  // ---- interval ----

  /** Interval typmod: field range (high 16 bits) and precision (low 16 bits). */
  public static int intervalTypmod(int range, int precision) {
    return (range << 16) | (precision & 0xFFFF);
  }

  public static int intervalRange(int typmod) {
    return typmod < 0 ? IntervalParser.FULL_RANGE : (typmod >> 16) & 0x7FFF;
  }

  public static int intervalPrecision(int typmod) {
    return typmod < 0 ? 0xFFFF : typmod & 0xFFFF;
  }

  public static PgInterval parseInterval(String s, int typmod, IoContext c) {
    IntervalParser.Itm itm;
    try {
      itm =
          IntervalParser.parse(
              s, intervalRange(typmod), c.intervalStyle() == DateTimeOut.INTSTYLE_SQL_STANDARD);
    } catch (DateTimeParser.Bad b) {
      throw parseError(b.code, s, "interval");
    } catch (NumberFormatException e) {
      throw parseError(DTERR_BAD_FORMAT, s, "interval");
    }
    int months;
    try {
      months = Math.addExact(Math.multiplyExact(itm.year, 12), itm.mon);
    } catch (ArithmeticException e) {
      throw new SqlException("22008", "interval out of range");
    }
    return adjustInterval(new PgInterval(itm.usec, itm.mday, months), typmod);
  }

  public static PgInterval adjustInterval(PgInterval v, int typmod) {
    if (typmod < 0) {
      return v;
    }
    int range = intervalRange(typmod);
    int precision = intervalPrecision(typmod);
    long time = v.micros();
    int day = v.days();
    int month = v.months();
    int y = IntervalParser.mask(YEAR);
    int mo = IntervalParser.mask(MONTH);
    int d = IntervalParser.mask(DAY);
    int h = IntervalParser.mask(HOUR);
    int mi = IntervalParser.mask(MINUTE);
    if (range == IntervalParser.FULL_RANGE) {
      // nothing
    } else if (range == y) {
      month = (month / 12) * 12;
      day = 0;
      time = 0;
    } else if (range == mo || range == (y | mo)) {
      day = 0;
      time = 0;
    } else if (range == d) {
      time = 0;
    } else if (range == h || range == (d | h)) {
      time = (time / Calendar.USECS_PER_HOUR) * Calendar.USECS_PER_HOUR;
    } else if (range == mi || range == (d | h | mi) || range == (h | mi)) {
      time = (time / Calendar.USECS_PER_MINUTE) * Calendar.USECS_PER_MINUTE;
    }
    if (precision != 0xFFFF) {
      if (precision < 0 || precision > 6) {
        throw new SqlException(
            "22023", "interval(" + precision + ") precision must be between 0 and 6");
      }
      if (time >= 0) {
        time = ((time + OFFSETS[precision]) / SCALES[precision]) * SCALES[precision];
      } else {
        time = -(((-time + OFFSETS[precision]) / SCALES[precision]) * SCALES[precision]);
      }
    }
    return new PgInterval(time, day, month);
  }

  public static String format(PgInterval v, IoContext c) {
    return DateTimeOut.interval(v, c.intervalStyle());
  }

  /** Range mask of interval field words, for INTERVAL 'x' DAY TO SECOND typmods. */
  public static int fieldsMask(String fields) {
    if (fields == null) {
      return IntervalParser.FULL_RANGE;
    }
    String[] p = fields.split(" to ");
    int from = fieldBit(p[0]);
    if (p.length == 1) {
      return IntervalParser.mask(from);
    }
    int to = fieldBit(p[1]);
    int m = 0;
    int[] order = {YEAR, MONTH, DAY, HOUR, MINUTE, SECOND};
    boolean in = false;
    for (int f : order) {
      if (f == from) {
        in = true;
      }
      if (in) {
        m |= IntervalParser.mask(f);
      }
      if (f == to) {
        break;
      }
    }
    return m;
  }

  private static int fieldBit(String w) {
    return switch (w) {
      case "year" -> YEAR;
      case "month" -> MONTH;
      case "day" -> DAY;
      case "hour" -> HOUR;
      case "minute" -> MINUTE;
      default -> SECOND;
    };
  }

  /** The text format_type() shows for an interval typmod ("interval day to second(3)"). */
  public static String intervalTypmodText(int typmod) {
    if (typmod < 0) {
      return "";
    }
    int range = intervalRange(typmod);
    int prec = intervalPrecision(typmod);
    String fields = "";
    if (range != IntervalParser.FULL_RANGE) {
      String[] names = {"year", "month", "day", "hour", "minute", "second"};
      int[] bits = {YEAR, MONTH, DAY, HOUR, MINUTE, SECOND};
      String first = null;
      String last = null;
      for (int i = 0; i < bits.length; i++) {
        if ((range & IntervalParser.mask(bits[i])) != 0) {
          if (first == null) {
            first = names[i];
          }
          last = names[i];
        }
      }
      fields = " " + first + (last.equals(first) ? "" : " to " + last);
    }
    return fields + (prec != 0xFFFF ? "(" + prec + ")" : "");
  }

  // ---- conversions and arithmetic helpers used by casts and operators ----

  /** The zone's offset (seconds west) for a UTC timestamp. */
  static int offsetAt(long utcMicros, ZoneId zone) {
    long epochSec = Math.floorDiv(utcMicros + EPOCH_OFFSET_MICROS, 1_000_000L);
    try {
      return -zone.getRules().getOffset(Instant.ofEpochSecond(epochSec)).getTotalSeconds();
    } catch (java.time.DateTimeException e) {
      return 0;
    }
  }

  /** timestamptz → timestamp in zone. */
  public static long toLocal(long utc, ZoneId zone) {
    if (utc == Long.MIN_VALUE || utc == Long.MAX_VALUE) {
      return utc;
    }
    return utc - offsetAt(utc, zone) * Calendar.USECS_PER_SEC;
  }

  /** timestamp (local in zone) → timestamptz. */
  public static long toUtc(long local, ZoneId zone) {
    if (local == Long.MIN_VALUE || local == Long.MAX_VALUE) {
      return local;
    }
    Tm tm = Calendar.timestamp2tm(local);
    if (tm == null) {
      throw new SqlException("22008", "timestamp out of range");
    }
    int tz = Calendar.determineOffset(tm, zone);
    long r = local + tz * Calendar.USECS_PER_SEC;
    if (!Calendar.validTimestamp(r)) {
      throw new SqlException("22008", "timestamp out of range");
    }
    return r;
  }

  /** timestamp + interval with PostgreSQL's month/day/time steps (timestamp_pl_interval). */
  public static long plusInterval(long ts, PgInterval iv, ZoneId zoneOrNull) {
    if (ts == Long.MIN_VALUE || ts == Long.MAX_VALUE) {
      return ts;
    }
    if (iv.months() != 0) {
      Tm tm =
          zoneOrNull == null ? Calendar.timestamp2tm(ts) : Calendar.timestamp2tm(ts, zoneOrNull);
      if (tm == null) {
        throw outOfRange();
      }
      tm.mon += iv.months();
      if (tm.mon > 12) {
        tm.year += (tm.mon - 1) / 12;
        tm.mon = ((tm.mon - 1) % 12) + 1;
      } else if (tm.mon < 1) {
        tm.year += tm.mon / 12 - 1;
        tm.mon = tm.mon % 12 + 12;
      }
      int dim = Calendar.daysInMonth(tm.year, tm.mon);
      if (tm.mday > dim) {
        tm.mday = dim;
      }
      Long r;
      if (zoneOrNull == null) {
        r = Calendar.tm2timestamp(tm, tm.fsec, null);
      } else {
        int tz = Calendar.determineOffset(tm, zoneOrNull);
        r = Calendar.tm2timestamp(tm, tm.fsec, tz);
      }
      if (r == null) {
        throw outOfRange();
      }
      ts = r;
    }
    if (iv.days() != 0) {
      Tm tm =
          zoneOrNull == null ? Calendar.timestamp2tm(ts) : Calendar.timestamp2tm(ts, zoneOrNull);
      if (tm == null) {
        throw outOfRange();
      }
      int julian = Calendar.date2j(tm.year, tm.mon, tm.mday) + iv.days();
      int[] ymd = Calendar.j2date(julian);
      tm.year = ymd[0];
      tm.mon = ymd[1];
      tm.mday = ymd[2];
      Long r;
      if (zoneOrNull == null) {
        r = Calendar.tm2timestamp(tm, tm.fsec, null);
      } else {
        int tz = Calendar.determineOffset(tm, zoneOrNull);
        r = Calendar.tm2timestamp(tm, tm.fsec, tz);
      }
      if (r == null) {
        throw outOfRange();
      }
      ts = r;
    }
    try {
      ts = Math.addExact(ts, iv.micros());
    } catch (ArithmeticException e) {
      throw outOfRange();
    }
    if (!Calendar.validTimestamp(ts)) {
      throw outOfRange();
    }
    return ts;
  }

  public static SqlException outOfRange() {
    return new SqlException("22008", "timestamp out of range");
  }

  public static PgInterval negate(PgInterval v) {
    if (v.months() == Integer.MIN_VALUE
        || v.days() == Integer.MIN_VALUE
        || v.micros() == Long.MIN_VALUE) {
      throw new SqlException("22008", "interval out of range");
    }
    return new PgInterval(-v.micros(), -v.days(), -v.months());
  }

  /** date → timestamp at midnight. */
  public static long dateToTimestamp(PgDate d) {
    if (d.days() == Integer.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    if (d.days() == Integer.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    if (d.days() >= Calendar.TIMESTAMP_END_JULIAN - Calendar.POSTGRES_EPOCH_JDATE) {
      throw new SqlException("22008", "date out of range for timestamp");
    }
    return d.days() * Calendar.USECS_PER_DAY;
  }

  /** date → timestamptz at local midnight. */
  public static long dateToTimestampTz(PgDate d, ZoneId zone) {
    if (!d.finite()) {
      return dateToTimestamp(d);
    }
    Tm tm = dateTm(d.days());
    int tz = Calendar.determineOffset(tm, zone);
    Long r = Calendar.tm2timestamp(tm, 0, tz);
    if (r == null) {
      throw new SqlException("22008", "date out of range for timestamp");
    }
    return r;
  }

  public static PgDate timestampToDate(long ts) {
    if (ts == Long.MIN_VALUE) {
      return PgDate.NEG_INF;
    }
    if (ts == Long.MAX_VALUE) {
      return PgDate.POS_INF;
    }
    return new PgDate((int) Math.floorDiv(ts, Calendar.USECS_PER_DAY));
  }

  public static long timeOfDay(long ts) {
    return Math.floorMod(ts, Calendar.USECS_PER_DAY);
  }
}
