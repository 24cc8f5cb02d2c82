package dev.orbit.node.sql.types;

/**
 * PostgreSQL's date/time output (EncodeDateOnly, EncodeTimeOnly, EncodeDateTime, EncodeInterval).
 */
final class DateTimeOut {
  static final int USE_POSTGRES_DATES = 0;
  static final int USE_ISO_DATES = 1;
  static final int USE_SQL_DATES = 2;
  static final int USE_GERMAN_DATES = 3;
  static final int USE_XSD_DATES = 4;

  static final int INTSTYLE_POSTGRES = 0;
  static final int INTSTYLE_POSTGRES_VERBOSE = 1;
  static final int INTSTYLE_SQL_STANDARD = 2;
  static final int INTSTYLE_ISO_8601 = 3;

  static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

  private DateTimeOut() {}

  static void pad(StringBuilder b, long v, int width) {
    String s = Long.toString(v);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    b.append(s);
  }

  private static int displayYear(Tm tm) {
    return tm.year > 0 ? tm.year : -(tm.year - 1);
  }

  static String date(Tm tm, int style, int order) {
    StringBuilder b = new StringBuilder();
    switch (style) {
      case USE_ISO_DATES, USE_XSD_DATES -> {
        pad(b, displayYear(tm), 4);
        b.append('-');
        pad(b, tm.mon, 2);
        b.append('-');
        pad(b, tm.mday, 2);
      }
      case USE_SQL_DATES -> {
        dayMonth(b, tm, order, '/');
        b.append('/');
        pad(b, displayYear(tm), 4);
      }
      case USE_GERMAN_DATES -> {
        pad(b, tm.mday, 2);
        b.append('.');
        pad(b, tm.mon, 2);
        b.append('.');
        pad(b, displayYear(tm), 4);
      }
      default -> {
        dayMonth(b, tm, order, '-');
        b.append('-');
        pad(b, displayYear(tm), 4);
      }
    }
    if (tm.year <= 0) {
      b.append(" BC");
    }
    return b.toString();
  }

  private static void dayMonth(StringBuilder b, Tm tm, int order, char sep) {
    if (order == DateTimeParser.DATEORDER_DMY) {
      pad(b, tm.mday, 2);
      b.append(sep);
      pad(b, tm.mon, 2);
    } else {
      pad(b, tm.mon, 2);
      b.append(sep);
      pad(b, tm.mday, 2);
    }
  }

  static String time(Tm tm, boolean printTz, int tz, int style) {
    StringBuilder b = new StringBuilder();
    pad(b, tm.hour, 2);
    b.append(':');
    pad(b, tm.min, 2);
    b.append(':');
    appendSeconds(b, tm.sec, tm.fsec, 6, true);
    if (printTz) {
      timezone(b, tz, style);
    }
    return b.toString();
  }

  static String dateTime(Tm tm, boolean printTz, int tz, String tzn, int style, int order) {
    if (tm.isdst < 0) {
      printTz = false;
    }
    StringBuilder b = new StringBuilder();
    switch (style) {
      case USE_ISO_DATES, USE_XSD_DATES -> {
        pad(b, displayYear(tm), 4);
        b.append('-');
        pad(b, tm.mon, 2);
        b.append('-');
        pad(b, tm.mday, 2);
        b.append(style == USE_ISO_DATES ? ' ' : 'T');
        hms(b, tm);
        if (printTz) {
          timezone(b, tz, style);
        }
      }
      case USE_SQL_DATES -> {
        dayMonth(b, tm, order, '/');
        b.append('/');
        pad(b, displayYear(tm), 4);
        b.append(' ');
        hms(b, tm);
        zoneName(b, printTz, tz, tzn, style);
      }
      case USE_GERMAN_DATES -> {
        pad(b, tm.mday, 2);
        b.append('.');
        pad(b, tm.mon, 2);
        b.append('.');
        pad(b, displayYear(tm), 4);
        b.append(' ');
        hms(b, tm);
        zoneName(b, printTz, tz, tzn, style);
      }
      default -> {
        int day = Calendar.date2j(tm.year, tm.mon, tm.mday);
        b.append(DAYS[Calendar.j2day(day)]).append(' ');
        if (order == DateTimeParser.DATEORDER_DMY) {
          pad(b, tm.mday, 2);
          b.append(' ').append(MONTHS[tm.mon - 1]);
        } else {
          b.append(MONTHS[tm.mon - 1]).append(' ');
          pad(b, tm.mday, 2);
        }
        b.append(' ');
        hms(b, tm);
        b.append(' ');
        pad(b, displayYear(tm), 4);
        if (printTz) {
          if (tzn != null) {
            b.append(' ').append(tzn);
          } else {
            b.append(' ');
            timezone(b, tz, style);
          }
        }
      }
    }
    if (tm.year <= 0) {
      b.append(" BC");
    }
    return b.toString();
  }

  private static void zoneName(StringBuilder b, boolean printTz, int tz, String tzn, int style) {
    if (printTz) {
      if (tzn != null) {
        b.append(' ').append(tzn);
      } else {
        timezone(b, tz, style);
      }
    }
  }

  private static void hms(StringBuilder b, Tm tm) {
    pad(b, tm.hour, 2);
    b.append(':');
    pad(b, tm.min, 2);
    b.append(':');
    appendSeconds(b, tm.sec, tm.fsec, 6, true);
  }

  /** +hh[:mm[:ss]] for tz seconds west. */
  static void timezone(StringBuilder b, int tz, int style) {
    int sec = Math.abs(tz);
    int min = sec / 60;
    sec -= min * 60;
    int hour = min / 60;
    min -= hour * 60;
    b.append(tz <= 0 ? '+' : '-');
    if (sec != 0) {
      pad(b, hour, 2);
      b.append(':');
      pad(b, min, 2);
      b.append(':');
      pad(b, sec, 2);
    } else if (min != 0 || style == USE_XSD_DATES) {
      pad(b, hour, 2);
      b.append(':');
      pad(b, min, 2);
    } else {
      pad(b, hour, 2);
    }
  }

  /** Seconds with up to {@code precision} fraction digits, trailing zeros dropped. */
  static void appendSeconds(StringBuilder b, long sec, long fsec, int precision, boolean fill) {
    if (fill) {
      pad(b, Math.abs(sec), 2);
    } else {
      b.append(Math.abs(sec));
    }
    if (fsec != 0) {
      long value = Math.abs(fsec);
      String digits = Long.toString(value);
      if (digits.length() > precision) {
        b.append('.').append(digits);
        return;
      }
      StringBuilder frac = new StringBuilder("0".repeat(precision - digits.length()) + digits);
      while (frac.length() > 0 && frac.charAt(frac.length() - 1) == '0') {
        frac.setLength(frac.length() - 1);
      }
      b.append('.').append(frac);
    }
  }

  // ---- intervals ----

  static String interval(DateTimeValues.PgInterval v, int style) {
    int year = v.months() / 12;
    int mon = v.months() % 12;
    long mday = v.days();
    long time = v.micros();
    long hour = time / Calendar.USECS_PER_HOUR;
    time -= hour * Calendar.USECS_PER_HOUR;
    int min = (int) (time / Calendar.USECS_PER_MINUTE);
    time -= min * Calendar.USECS_PER_MINUTE;
    int sec = (int) (time / Calendar.USECS_PER_SEC);
    long fsec = time - sec * Calendar.USECS_PER_SEC;
    StringBuilder b = new StringBuilder();
    switch (style) {
      case INTSTYLE_SQL_STANDARD -> sqlStandard(b, year, mon, mday, hour, min, sec, fsec);
      case INTSTYLE_ISO_8601 -> {
        if (year == 0 && mon == 0 && mday == 0 && hour == 0 && min == 0 && sec == 0 && fsec == 0) {
          return "PT0S";
        }
        b.append('P');
        iso(b, year, 'Y');
        iso(b, mon, 'M');
        iso(b, mday, 'D');
        if (hour != 0 || min != 0 || sec != 0 || fsec != 0) {
          b.append('T');
        }
        iso(b, hour, 'H');
        iso(b, min, 'M');
        if (sec != 0 || fsec != 0) {
          if (sec < 0 || fsec < 0) {
            b.append('-');
          }
          appendSeconds(b, sec, fsec, 6, false);
          b.append('S');
        }
      }
      case INTSTYLE_POSTGRES -> {
        boolean[] zeroBefore = {true, false};
        postgresPart(b, year, "year", zeroBefore);
        postgresPart(b, mon, "mon", zeroBefore);
        postgresPart(b, mday, "day", zeroBefore);
        if (zeroBefore[0] || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
          boolean minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
          b.append(zeroBefore[0] ? "" : " ").append(minus ? "-" : zeroBefore[1] ? "+" : "");
          pad(b, Math.abs(hour), 2);
          b.append(':');
          pad(b, Math.abs(min), 2);
          b.append(':');
          appendSeconds(b, sec, fsec, 6, true);
        }
      }
      default -> {
        boolean[] zb = {true, false};
        b.append('@');
        verbosePart(b, year, "year", zb);
        verbosePart(b, mon, "mon", zb);
        verbosePart(b, mday, "day", zb);
        verbosePart(b, hour, "hour", zb);
        verbosePart(b, min, "min", zb);
        if (sec != 0 || fsec != 0) {
          b.append(' ');
          if (sec < 0 || (sec == 0 && fsec < 0)) {
            if (zb[0]) {
              zb[1] = true;
            } else if (!zb[1]) {
              b.append('-');
            }
          } else if (zb[1]) {
            b.append('-');
          }
          appendSeconds(b, sec, fsec, 6, false);
          b.append(" sec").append(Math.abs(sec) != 1 || fsec != 0 ? "s" : "");
          zb[0] = false;
        }
        if (zb[0]) {
          b.append(" 0");
        }
        if (zb[1]) {
          b.append(" ago");
        }
      }
    }
    return b.toString();
  }

  private static void iso(StringBuilder b, long v, char unit) {
    if (v != 0) {
      b.append(v).append(unit);
    }
  }

  private static void postgresPart(StringBuilder b, long value, String units, boolean[] zb) {
    if (value == 0) {
      return;
    }
    b.append(!zb[0] ? " " : "")
        .append(zb[1] && value > 0 ? "+" : "")
        .append(value)
        .append(' ')
        .append(units)
        .append(value != 1 ? "s" : "");
    zb[1] = value < 0;
    zb[0] = false;
  }

  private static void verbosePart(StringBuilder b, long value, String units, boolean[] zb) {
    if (value == 0) {
      return;
    }
    if (zb[0]) {
      zb[1] = value < 0;
      value = Math.abs(value);
    } else if (zb[1]) {
      value = -value;
    }
    b.append(' ').append(value).append(' ').append(units).append(value == 1 ? "" : "s");
    zb[0] = false;
  }

  private static void sqlStandard(
      StringBuilder b, int year, int mon, long mday, long hour, int min, int sec, long fsec) {
    boolean hasNegative =
        year < 0 || mon < 0 || mday < 0 || hour < 0 || min < 0 || sec < 0 || fsec < 0;
    boolean hasPositive =
        year > 0 || mon > 0 || mday > 0 || hour > 0 || min > 0 || sec > 0 || fsec > 0;
    boolean hasYearMonth = year != 0 || mon != 0;
    boolean hasDayTime = mday != 0 || hour != 0 || min != 0 || sec != 0 || fsec != 0;
    boolean hasDay = mday != 0;
    boolean standard = !(hasNegative && hasPositive) && !(hasYearMonth && hasDayTime);
    if (hasNegative && standard) {
      b.append('-');
      year = -year;
      mon = -mon;
      mday = -mday;
      hour = -hour;
      min = -min;
      sec = -sec;
      fsec = -fsec;
    }
    if (!hasNegative && !hasPositive) {
      b.append('0');
    } else if (!standard) {
      char yearSign = (year < 0 || mon < 0) ? '-' : '+';
      char daySign = mday < 0 ? '-' : '+';
      char secSign = (hour < 0 || min < 0 || sec < 0 || fsec < 0) ? '-' : '+';
      b.append(yearSign)
          .append(Math.abs(year))
          .append('-')
          .append(Math.abs(mon))
          .append(' ')
          .append(daySign)
          .append(Math.abs(mday))
          .append(' ')
          .append(secSign)
          .append(Math.abs(hour))
          .append(':');
      pad(b, Math.abs(min), 2);
      b.append(':');
      appendSeconds(b, sec, fsec, 6, true);
    } else if (hasYearMonth) {
      b.append(year).append('-').append(mon);
    } else if (hasDay) {
      b.append(mday).append(' ').append(hour).append(':');
      pad(b, min, 2);
      b.append(':');
      appendSeconds(b, sec, fsec, 6, true);
    } else {
      b.append(hour).append(':');
      pad(b, min, 2);
      b.append(':');
      appendSeconds(b, sec, fsec, 6, true);
    }
  }
}
