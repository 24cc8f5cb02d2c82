package dev.orbit.node.sql.types;

import static dev.orbit.node.sql.types.DateTimeTokens.*;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's interval input (DecodeInterval, DecodeISO8601Interval): "1 day 2 hours", "@ 1 min
 * ago", "1-2" (years-months), "3 4:05:06", "P1Y2M3DT4H5M6S", SQL-standard forms, with the field
 * range of a typmod (INTERVAL DAY TO SECOND, …) deciding what a bare number means.
 */
final class IntervalParser {
  private IntervalParser() {}

  /** Accumulated parts (pg_itm_in). */
  static final class Itm {
    long usec;
    int mday;
    int mon;
    int year;
  }

  static int mask(int field) {
    return 1 << field;
  }

  static final int FULL_RANGE = 0x7FFF;

  static Itm parse(String s, int range, boolean sqlStandard) {
    List<String> field = new ArrayList<>();
    List<Integer> ftype = new ArrayList<>();
    Itm itm = new Itm();
    int err;
    if (DateTimeParser.parseFields(s, field, ftype)) {
      err = decode(field, ftype, range, sqlStandard, itm);
    } else {
      err = DTERR_BAD_FORMAT;
    }
    if (err == DTERR_BAD_FORMAT) {
      itm = new Itm();
      err = decodeIso8601(s, itm);
    }
    if (err != 0) {
      throw new DateTimeParser.Bad(err == DTERR_FIELD_OVERFLOW ? DTERR_INTERVAL_OVERFLOW : err);
    }
    return itm;
  }

  private static int decode(
      List<String> field, List<Integer> ftype, int range, boolean sqlStandard, Itm itm) {
    boolean forceNegative = false;
    boolean isBefore = false;
    int fmask = 0;
    int tmask;
    int type = IGNORE_DTF;
    int nf = field.size();
    if (sqlStandard && nf > 0 && field.get(0).charAt(0) == '-') {
      forceNegative = true;
      for (int i = 1; i < nf; i++) {
        char c = field.get(i).charAt(0);
        if (c == '-' || c == '+') {
          forceNegative = false;
          break;
        }
      }
    }
    try {
      for (int i = nf - 1; i >= 0; i--) {
        String f = field.get(i);
        int ft = ftype.get(i);
        tmask = 0;
        if (ft == DTK_TIME) {
          int e = decodeTimeForInterval(f, range, itm);
          if (e != 0) {
            return e;
          }
          if (forceNegative && itm.usec > 0) {
            itm.usec = -itm.usec;
          }
          type = DTK_DAY;
        } else if (ft == DTK_TZ
            && f.indexOf(':', 1) >= 0
            && decodeTimeForInterval(f.substring(1), range, itm) == 0) {
          if (f.charAt(0) == '-') {
            itm.usec = -itm.usec;
          }
          if (forceNegative && itm.usec > 0) {
            itm.usec = -itm.usec;
          }
          type = DTK_DAY;
        } else if (ft == DTK_TZ || ft == DTK_DATE || ft == DTK_NUMBER) {
          if (type == IGNORE_DTF) {
            type = defaultUnit(range);
          }
          long[] r = DateTimeParser.strtol(f, 0);
          if (r[2] != 0) {
            return DTERR_FIELD_OVERFLOW;
          }
          long val = r[0];
          int cp = (int) r[1];
          double fval;
          if (cp < f.length() && f.charAt(cp) == '-') {
            int[] end = new int[1];
            int val2 = DateTimeParser.strtoint(f, cp + 1, end);
            if (val2 < 0 || val2 >= 12) {
              return DTERR_FIELD_OVERFLOW;
            }
            if (end[0] != f.length()) {
              return DTERR_BAD_FORMAT;
            }
            type = DTK_MONTH;
            if (f.charAt(0) == '-') {
              val2 = -val2;
            }
            val = Math.addExact(Math.multiplyExact(val, 12), val2);
            fval = 0;
          } else if (cp < f.length() && f.charAt(cp) == '.') {
            fval = DateTimeParser.parseFraction(f, cp);
            if (f.charAt(0) == '-') {
              fval = -fval;
            }
          } else if (cp == f.length()) {
            fval = 0;
          } else {
            return DTERR_BAD_FORMAT;
          }
          if (forceNegative) {
            if (val > 0) {
              val = -val;
            }
            if (fval > 0) {
              fval = -fval;
            }
          }
          switch (type) {
            case DTK_MICROSEC -> {
              adjustMicroseconds(val, fval, 1, itm);
              tmask = mask(MICROSECOND);
            }
            case DTK_MILLISEC -> {
              adjustMicroseconds(val, fval, 1000, itm);
              tmask = mask(MILLISECOND);
            }
            case DTK_SECOND -> {
              adjustMicroseconds(val, fval, Calendar.USECS_PER_SEC, itm);
              tmask = fval == 0 ? mask(SECOND) : DTK_ALL_SECS_M;
            }
            case DTK_MINUTE -> {
              adjustMicroseconds(val, fval, Calendar.USECS_PER_MINUTE, itm);
              tmask = mask(MINUTE);
            }
            case DTK_HOUR -> {
              adjustMicroseconds(val, fval, Calendar.USECS_PER_HOUR, itm);
              tmask = mask(HOUR);
              type = DTK_DAY;
            }
            case DTK_DAY -> {
              adjustDays(val, 1, itm);
              adjustFractMicroseconds(fval, Calendar.USECS_PER_DAY, itm);
              tmask = mask(DAY);
            }
            case DTK_WEEK -> {
              adjustDays(val, 7, itm);
              adjustFractDays(fval, 7, itm);
              tmask = mask(WEEK);
            }
            case DTK_MONTH -> {
              adjustMonths(val, itm);
              adjustFractDays(fval, Calendar.DAYS_PER_MONTH, itm);
              tmask = mask(MONTH);
            }
            case DTK_YEAR -> {
              adjustYears(val, 1, itm);
              adjustFractYears(fval, 1, itm);
              tmask = mask(YEAR);
            }
            case DTK_DECADE -> {
              adjustYears(val, 10, itm);
              adjustFractYears(fval, 10, itm);
              tmask = mask(DECADE);
            }
            case DTK_CENTURY -> {
              adjustYears(val, 100, itm);
              adjustFractYears(fval, 100, itm);
              tmask = mask(CENTURY);
            }
            case DTK_MILLENNIUM -> {
              adjustYears(val, 1000, itm);
              adjustFractYears(fval, 1000, itm);
              tmask = mask(MILLENNIUM);
            }
            default -> {
              return DTERR_BAD_FORMAT;
            }
          }
        } else if (ft == DTK_STRING || ft == DTK_SPECIAL) {
          Tok t = lookup(DELTA_TOKENS, f);
          int utype = t == null ? UNKNOWN_FIELD : t.type();
          int uval = t == null ? 0 : t.value();
          if (utype == IGNORE_DTF) {
            continue;
          }
          switch (utype) {
            case UNITS -> type = uval;
            case AGO -> {
              isBefore = true;
              type = uval;
            }
            default -> {
              return DTERR_BAD_FORMAT;
            }
          }
        } else {
          return DTERR_BAD_FORMAT;
        }
        if ((tmask & fmask) != 0) {
          return DTERR_BAD_FORMAT;
        }
        fmask |= tmask;
      }
    } catch (ArithmeticException e) {
      return DTERR_FIELD_OVERFLOW;
    }
    if (fmask == 0) {
      return DTERR_BAD_FORMAT;
    }
    if (isBefore) {
      itm.usec = -itm.usec;
      itm.mday = -itm.mday;
      itm.mon = -itm.mon;
      itm.year = -itm.year;
    }
    return 0;
  }

  private static int defaultUnit(int range) {
    if (range == mask(YEAR)) {
      return DTK_YEAR;
    }
    if (range == mask(MONTH) || range == (mask(YEAR) | mask(MONTH))) {
      return DTK_MONTH;
    }
    if (range == mask(DAY)) {
      return DTK_DAY;
    }
    if (range == mask(HOUR) || range == (mask(DAY) | mask(HOUR))) {
      return DTK_HOUR;
    }
    if (range == mask(MINUTE)
        || range == (mask(HOUR) | mask(MINUTE))
        || range == (mask(DAY) | mask(HOUR) | mask(MINUTE))) {
      return DTK_MINUTE;
    }
    return DTK_SECOND;
  }

  /** hh:mm[:ss[.f]] in an interval: any number of hours; mm:ss for MINUTE TO SECOND. */
  private static int decodeTimeForInterval(String str, int range, Itm itm) {
    long[] h = DateTimeParser.strtol(str, 0);
    if (h[2] != 0) {
      return DTERR_FIELD_OVERFLOW;
    }
    int cp = (int) h[1];
    if (cp >= str.length() || str.charAt(cp) != ':') {
      return DTERR_BAD_FORMAT;
    }
    long hour = h[0];
    int[] end = new int[1];
    int min;
    try {
      min = DateTimeParser.strtoint(str, cp + 1, end);
    } catch (DateTimeParser.Bad b) {
      return b.code;
    }
    long[] t = new long[4];
    int e =
        DateTimeParser.decodeTimeRest(
            str, end[0], hour, min, range == (mask(MINUTE) | mask(SECOND)), t);
    if (e != 0) {
      return e;
    }
    try {
      long us = Math.multiplyExact(t[0], Calendar.USECS_PER_HOUR);
      us =
          Math.addExact(
              us, t[1] * Calendar.USECS_PER_MINUTE + t[2] * Calendar.USECS_PER_SEC + t[3]);
      itm.usec = us;
    } catch (ArithmeticException ex) {
      return DTERR_FIELD_OVERFLOW;
    }
    return 0;
  }

  private static void adjustFractMicroseconds(double frac, long scale, Itm itm) {
    if (frac == 0) {
      return;
    }
    frac *= scale;
    long usec = (long) frac;
    frac -= usec;
    if (frac > 0.5) {
      usec++;
    } else if (frac < -0.5) {
      usec--;
    }
    itm.usec = Math.addExact(itm.usec, usec);
  }

  private static void adjustFractDays(double frac, int scale, Itm itm) {
    if (frac == 0) {
      return;
    }
    frac *= scale;
    int extra = (int) frac;
    itm.mday = Math.addExact(itm.mday, extra);
    frac -= extra;
    adjustFractMicroseconds(frac, Calendar.USECS_PER_DAY, itm);
  }

  private static void adjustFractYears(double frac, int scale, Itm itm) {
    int extra = (int) Math.rint(frac * scale * 12);
    itm.mon = Math.addExact(itm.mon, extra);
  }

  private static void adjustMicroseconds(long val, double fval, long scale, Itm itm) {
    itm.usec = Math.addExact(itm.usec, Math.multiplyExact(val, scale));
    adjustFractMicroseconds(fval, scale, itm);
  }

  private static void adjustDays(long val, int scale, Itm itm) {
    itm.mday = Math.addExact(itm.mday, Math.multiplyExact(Math.toIntExact(val), scale));
  }

  private static void adjustMonths(long val, Itm itm) {
    itm.mon = Math.addExact(itm.mon, Math.toIntExact(val));
  }

  private static void adjustYears(long val, int scale, Itm itm) {
    itm.year = Math.addExact(itm.year, Math.multiplyExact(Math.toIntExact(val), scale));
  }

  // ---- ISO 8601 ----

  private static int decodeIso8601(String s, Itm itm) {
    String str = s.strip();
    if (str.length() < 2 || str.charAt(0) != 'P') {
      return DTERR_BAD_FORMAT;
    }
    int i = 1;
    boolean datepart = true;
    boolean havefield = false;
    int n = str.length();
    try {
      while (i < n) {
        if (str.charAt(i) == 'T') {
          datepart = false;
          havefield = false;
          i++;
          continue;
        }
        int fieldstart = i;
        double[] num = new double[2];
        int e = isoNumber(str, i, num);
        if (e < 0) {
          return e;
        }
        i = e;
        long val = (long) num[0];
        double fval = num[1];
        char unit = i < n ? str.charAt(i++) : '\0';
        if (datepart) {
          switch (unit) {
            case 'Y' -> {
              adjustYears(val, 1, itm);
              adjustFractYears(fval, 1, itm);
            }
            case 'M' -> {
              adjustMonths(val, itm);
              adjustFractDays(fval, Calendar.DAYS_PER_MONTH, itm);
            }
            case 'W' -> {
              adjustDays(val, 7, itm);
              adjustFractDays(fval, 7, itm);
            }
            case 'D' -> {
              adjustDays(val, 1, itm);
              adjustFractMicroseconds(fval, Calendar.USECS_PER_DAY, itm);
            }
            case 'T', '\0', '-' -> {
              if ((unit == 'T' || unit == '\0')
                  && integerWidth(str, fieldstart) == 8
                  && !havefield) {
                adjustYears(val / 10000, 1, itm);
                adjustMonths((val / 100) % 100, itm);
                adjustDays(val % 100, 1, itm);
                adjustFractMicroseconds(fval, Calendar.USECS_PER_DAY, itm);
                if (unit == '\0') {
                  return 0;
                }
                datepart = false;
                havefield = false;
                continue;
              }
              if (havefield) {
                return DTERR_BAD_FORMAT;
              }
              adjustYears(val, 1, itm);
              adjustFractYears(fval, 1, itm);
              if (unit == '\0') {
                return 0;
              }
              if (unit == 'T') {
                datepart = false;
                havefield = false;
                continue;
              }
              e = isoNumber(str, i, num);
              if (e < 0) {
                return e;
              }
              i = e;
              adjustMonths((long) num[0], itm);
              adjustFractDays(num[1], Calendar.DAYS_PER_MONTH, itm);
              if (i >= n) {
                return 0;
              }
              if (str.charAt(i) == 'T') {
                datepart = false;
                havefield = false;
                i++;
                continue;
              }
              if (str.charAt(i) != '-') {
                return DTERR_BAD_FORMAT;
              }
              i++;
              e = isoNumber(str, i, num);
              if (e < 0) {
                return e;
              }
              i = e;
              adjustDays((long) num[0], 1, itm);
              adjustFractMicroseconds(num[1], Calendar.USECS_PER_DAY, itm);
              if (i >= n) {
                return 0;
              }
              if (str.charAt(i) == 'T') {
                datepart = false;
                havefield = false;
                i++;
                continue;
              }
              return DTERR_BAD_FORMAT;
            }
            default -> {
              return DTERR_BAD_FORMAT;
            }
          }
        } else {
          switch (unit) {
            case 'H' -> adjustMicroseconds(val, fval, Calendar.USECS_PER_HOUR, itm);
            case 'M' -> adjustMicroseconds(val, fval, Calendar.USECS_PER_MINUTE, itm);
            case 'S' -> adjustMicroseconds(val, fval, Calendar.USECS_PER_SEC, itm);
            case '\0', ':' -> {
              if (unit == '\0' && integerWidth(str, fieldstart) == 6 && !havefield) {
                adjustMicroseconds(val / 10000, 0, Calendar.USECS_PER_HOUR, itm);
                adjustMicroseconds((val / 100) % 100, 0, Calendar.USECS_PER_MINUTE, itm);
                adjustMicroseconds(val % 100, 0, Calendar.USECS_PER_SEC, itm);
                adjustFractMicroseconds(fval, 1, itm);
                return 0;
              }
              if (havefield) {
                return DTERR_BAD_FORMAT;
              }
              adjustMicroseconds(val, fval, Calendar.USECS_PER_HOUR, itm);
              if (unit == '\0') {
                return 0;
              }
              e = isoNumber(str, i, num);
              if (e < 0) {
                return e;
              }
              i = e;
              adjustMicroseconds((long) num[0], num[1], Calendar.USECS_PER_MINUTE, itm);
              if (i >= n) {
                return 0;
              }
              if (str.charAt(i) != ':') {
                return DTERR_BAD_FORMAT;
              }
              i++;
              e = isoNumber(str, i, num);
              if (e < 0) {
                return e;
              }
              i = e;
              adjustMicroseconds((long) num[0], num[1], Calendar.USECS_PER_SEC, itm);
              if (i >= n) {
                return 0;
              }
              return DTERR_BAD_FORMAT;
            }
            default -> {
              return DTERR_BAD_FORMAT;
            }
          }
        }
        havefield = true;
      }
    } catch (ArithmeticException ex) {
      return DTERR_FIELD_OVERFLOW;
    }
    return 0;
  }

  private static int integerWidth(String s, int from) {
    int i = from;
    if (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    int start = i;
    while (i < s.length() && DateTimeParser.isDigit(s.charAt(i))) {
      i++;
    }
    return i - start;
  }

  /** A number at s[i…]: its integer and fraction parts into out; returns the end, or an error. */
  private static int isoNumber(String s, int i, double[] out) {
    if (i >= s.length()) {
      return DTERR_BAD_FORMAT;
    }
    char c = s.charAt(i);
    if (!(DateTimeParser.isDigit(c) || c == '-' || c == '.')) {
      return DTERR_BAD_FORMAT;
    }
    int j = i;
    if (s.charAt(j) == '-' || s.charAt(j) == '+') {
      j++;
    }
    while (j < s.length() && (DateTimeParser.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
      j++;
    }
    if (j < s.length()
        && (s.charAt(j) == 'e' || s.charAt(j) == 'E')
        && j + 1 < s.length()
        && (DateTimeParser.isDigit(s.charAt(j + 1))
            || s.charAt(j + 1) == '-'
            || s.charAt(j + 1) == '+')) {
      j += 2;
      while (j < s.length() && DateTimeParser.isDigit(s.charAt(j))) {
        j++;
      }
    }
    double val;
    try {
      val = Double.parseDouble(s.substring(i, j));
    } catch (NumberFormatException e) {
      return DTERR_BAD_FORMAT;
    }
    if (Double.isNaN(val) || val < -1.0e15 || val > 1.0e15) {
      return DTERR_FIELD_OVERFLOW;
    }
    double ip = val >= 0 ? Math.floor(val) : -Math.floor(-val);
    out[0] = ip;
    out[1] = val - ip;
    return j;
  }
}
