package dev.orbit.node.sql.types;

import static dev.orbit.node.sql.types.DateTimeTokens.*;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's date/time input (datetime.c): ParseDateTime splits the text into typed fields;
 * DecodeDateTime and DecodeTimeOnly assign them to date, time and zone parts with the same rules
 * (ISO, SQL, Postgres and German forms, month names, AM/PM, BC, Julian days, "y2001m02d04", zone
 * names and abbreviations, special values).
 */
final class DateTimeParser {
  static final int MAXDATEFIELDS = 25;

  /** What decoding produced. */
  static final class Result {
    int dtype;
    final Tm tm = new Tm();
    Integer tz;
  }

  /** Context of a parse: session zone, field order (MDY/DMY/YMD), the statement's time. */
  record Context(ZoneId zone, int dateOrder, long nowMicros) {}

  static final int DATEORDER_YMD = 0;
  static final int DATEORDER_DMY = 1;
  static final int DATEORDER_MDY = 2;

  private final Context ctx;
  private final List<String> field = new ArrayList<>();
  private final List<Integer> ftype = new ArrayList<>();
  private boolean is2digits;

  /** The decode's zone offset (seconds west) and whether a Julian day was given (one per parse). */
  private int tz;

  private boolean isjulian;

  private DateTimeParser(Context ctx) {
    this.ctx = ctx;
  }

  /** Thrown with a DTERR code; callers turn it into PostgreSQL's message for their type. */
  static final class Bad extends RuntimeException {
    final int code;

    Bad(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }

  private static void check(int err) {
    if (err < 0) {
      throw new Bad(err);
    }
  }

  // ---- ParseDateTime ----

  /** Splits text into fields; false when it cannot be split (bad format). */
  static boolean parseFields(String s, List<String> field, List<Integer> ftype) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (field.size() >= MAXDATEFIELDS) {
        return false;
      }
      StringBuilder b = new StringBuilder();
      int type;
      if (isDigit(c)) {
        b.append(c);
        i++;
        while (i < n && isDigit(s.charAt(i))) {
          b.append(s.charAt(i++));
        }
        if (i < n && s.charAt(i) == ':') {
          type = DTK_TIME;
          b.append(s.charAt(i++));
          while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '.')) {
            b.append(s.charAt(i++));
          }
        } else if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '/' || s.charAt(i) == '.')) {
          char delim = s.charAt(i);
          b.append(s.charAt(i++));
          if (i < n && isDigit(s.charAt(i))) {
            type = delim == '.' ? DTK_NUMBER : DTK_DATE;
            while (i < n && isDigit(s.charAt(i))) {
              b.append(s.charAt(i++));
            }
            if (i < n && s.charAt(i) == delim) {
              type = DTK_DATE;
              b.append(s.charAt(i++));
              while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == delim)) {
                b.append(s.charAt(i++));
              }
            }
          } else {
            type = DTK_DATE;
            while (i < n && (isAlnum(s.charAt(i)) || s.charAt(i) == delim)) {
              b.append(Character.toLowerCase(s.charAt(i++)));
            }
          }
        } else {
          type = DTK_NUMBER;
        }
      } else if (c == '.') {
        b.append(c);
        i++;
        while (i < n && isDigit(s.charAt(i))) {
          b.append(s.charAt(i++));
        }
        type = DTK_NUMBER;
      } else if (isAlpha(c)) {
        type = DTK_STRING;
        b.append(Character.toLowerCase(c));
        i++;
        while (i < n && isAlpha(s.charAt(i))) {
          b.append(Character.toLowerCase(s.charAt(i++)));
        }
        boolean isDate = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '/' || s.charAt(i) == '.')) {
          isDate = true;
        } else if (i < n && (s.charAt(i) == '+' || isDigit(s.charAt(i)))) {
          if (lookup(DATE_TOKENS, b.toString()) == null) {
            isDate = true;
          }
        }
        if (isDate) {
          type = DTK_DATE;
          do {
            b.append(Character.toLowerCase(s.charAt(i++)));
          } while (i < n
              && (s.charAt(i) == '+'
                  || s.charAt(i) == '-'
                  || s.charAt(i) == '/'
                  || s.charAt(i) == '_'
                  || s.charAt(i) == '.'
                  || s.charAt(i) == ':'
                  || isAlnum(s.charAt(i))));
        }
      } else if (c == '+' || c == '-') {
        b.append(c);
        i++;
        while (i < n && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i < n && isDigit(s.charAt(i))) {
          type = DTK_TZ;
          b.append(s.charAt(i++));
          while (i < n
              && (isDigit(s.charAt(i))
                  || s.charAt(i) == ':'
                  || s.charAt(i) == '.'
                  || s.charAt(i) == '-')) {
            b.append(s.charAt(i++));
          }
        } else if (i < n && isAlpha(s.charAt(i))) {
          type = DTK_SPECIAL;
          b.append(Character.toLowerCase(s.charAt(i++)));
          while (i < n && isAlpha(s.charAt(i))) {
            b.append(Character.toLowerCase(s.charAt(i++)));
          }
        } else {
          return false;
        }
      } else if (isPunct(c)) {
        i++;
        continue;
      } else {
        return false;
      }
      field.add(b.toString());
      ftype.add(type);
    }
    return true;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
  }

  static boolean isAlnum(char c) {
    return isDigit(c) || isAlpha(c);
  }

  static boolean isPunct(char c) {
    return c > ' ' && c < 0x7f && !isAlnum(c);
  }

  // ---- strtoint helpers ----

  /** Parses a leading signed integer at s[from…]: {value, end}; end == from when none. */
  static long[] strtol(String s, int from) {
    int i = from;
    int n = s.length();
    while (i < n && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    boolean neg = false;
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      neg = s.charAt(i) == '-';
      i++;
    }
    int start = i;
    long v = 0;
    boolean overflow = false;
    while (i < n && isDigit(s.charAt(i))) {
      if (v > (Long.MAX_VALUE - 9) / 10) {
        overflow = true;
      } else {
        v = v * 10 + (s.charAt(i) - '0');
      }
      i++;
    }
    if (i == start) {
      return new long[] {0, from, 0};
    }
    return new long[] {neg ? -v : v, i, overflow ? 1 : 0};
  }

  static int strtoint(String s, int from, int[] end) {
    long[] r = strtol(s, from);
    end[0] = (int) r[1];
    if (r[2] != 0 || r[0] > Integer.MAX_VALUE || r[0] < Integer.MIN_VALUE) {
      throw new Bad(DTERR_FIELD_OVERFLOW);
    }
    return (int) r[0];
  }

  /** ".123" → microseconds, rounded. */
  static long parseFractionalSecond(String s, int from) {
    return Math.round(parseFraction(s, from) * 1_000_000);
  }

  static double parseFraction(String s, int from) {
    if (from + 1 >= s.length()) {
      return 0;
    }
    String frac = s.substring(from);
    for (int k = 1; k < frac.length(); k++) {
      if (!isDigit(frac.charAt(k))) {
        throw new Bad(DTERR_BAD_FORMAT);
      }
    }
    return Double.parseDouble("0" + frac);
  }

  // ---- entry points ----

  static Result decodeDateTime(String s, Context ctx, boolean withTz) {
    DateTimeParser p = new DateTimeParser(ctx);
    if (!parseFields(s, p.field, p.ftype)) {
      throw new Bad(DTERR_BAD_FORMAT);
    }
    Result r = new Result();
    int err = p.decodeDateTime(r, withTz);
    check(err);
    if (err > 0) {
      throw new Bad(DTERR_BAD_FORMAT);
    }
    return r;
  }

  static Result decodeTimeOnly(String s, Context ctx, boolean withTz) {
    DateTimeParser p = new DateTimeParser(ctx);
    if (!parseFields(s, p.field, p.ftype)) {
      throw new Bad(DTERR_BAD_FORMAT);
    }
    Result r = new Result();
    check(p.decodeTimeOnly(r, withTz));
    return r;
  }

  // ---- DecodeDateTime ----

  private int decodeDateTime(Result r, boolean tzAllowed) {
    Tm tm = r.tm;
    int fmask = 0;
    int tmask;
    int type;
    int ptype = 0;
    int mer = HR24;
    boolean haveTextMonth = false;
    boolean bc = false;
    ZoneId namedTz = null;
    ZoneId abbrevTz = null;
    r.dtype = DTK_DATE;
    tm.hour = 0;
    tm.min = 0;
    tm.sec = 0;
    tm.fsec = 0;
    tm.isdst = -1;
    int nf = field.size();
    for (int i = 0; i < nf; i++) {
      String f = field.get(i);
      tmask = 0;
      switch (ftype.get(i)) {
        case DTK_DATE:
          if (ptype == DTK_JULIAN) {
            if (!tzAllowed) {
              return DTERR_BAD_FORMAT;
            }
            int[] end = new int[1];
            int val = strtoint(f, 0, end);
            if (val < 0) {
              return DTERR_FIELD_OVERFLOW;
            }
            setJulian(tm, val);
            isjulian = true;
            tz = decodeTimezone(f.substring(end[0]));
            tmask = DTK_DATE_M | DTK_TIME_M | m(TZ);
            ptype = 0;
            break;
          } else if (ptype != 0 || ((fmask & (m(MONTH) | m(DAY))) == (m(MONTH) | m(DAY)))) {
            if (!tzAllowed) {
              return DTERR_BAD_FORMAT;
            }
            if (isDigit(f.charAt(0)) || ptype != 0) {
              if (ptype != 0) {
                if (ptype != DTK_TIME) {
                  return DTERR_BAD_FORMAT;
                }
                ptype = 0;
              }
              if ((fmask & DTK_TIME_M) == DTK_TIME_M) {
                return DTERR_BAD_FORMAT;
              }
              int dash = f.indexOf('-');
              if (dash < 0) {
                return DTERR_BAD_FORMAT;
              }
              tz = decodeTimezone(f.substring(dash));
              String rest = f.substring(0, dash);
              int[] tm2 = new int[1];
              int e = decodeNumberField(rest.length(), rest, fmask, tm2, tm);
              if (e < 0) {
                return e;
              }
              tmask = tm2[0] | m(TZ);
            } else {
              namedTz = Zones.find(f);
              if (namedTz == null) {
                throw new dev.orbit.node.sql.SqlException(
                    "22023", "time zone \"" + f + "\" not recognized");
              }
              tmask = m(TZ);
            }
          } else {
            int[] tm2 = new int[1];
            int e = decodeDate(f, fmask, tm2, tm);
            if (e != 0) {
              return e;
            }
            tmask = tm2[0];
          }
          break;
        case DTK_TIME:
          if (ptype != 0) {
            if (ptype != DTK_TIME) {
              return DTERR_BAD_FORMAT;
            }
            ptype = 0;
          }
          {
            int e = decodeTime(f, tm);
            if (e != 0) {
              return e;
            }
            tmask = DTK_TIME_M;
            if (timeOverflows(tm.hour, tm.min, tm.sec, tm.fsec)) {
              return DTERR_FIELD_OVERFLOW;
            }
          }
          break;
        case DTK_TZ:
          if (!tzAllowed) {
            return DTERR_BAD_FORMAT;
          }
          tz = decodeTimezone(f);
          tmask = m(TZ);
          break;
        case DTK_NUMBER:
          if (ptype != 0) {
            int[] tm2 = new int[1];
            int e = decodePrefixedNumber(ptype, i, fmask, false, tm2, tm);
            if (e != 0) {
              return e;
            }
            tmask = tm2[0];
            ptype = 0;
            r.dtype = DTK_DATE;
          } else {
            int flen = f.length();
            int dot = f.indexOf('.');
            int[] tm2 = new int[1];
            int e;
            if (dot >= 0 && (fmask & DTK_DATE_M) == 0) {
              e = decodeDate(f, fmask, tm2, tm);
              if (e != 0) {
                return e;
              }
            } else if (dot >= 0 && dot > 2) {
              e = decodeNumberField(flen, f, fmask, tm2, tm);
              if (e < 0) {
                return e;
              }
            } else if (flen >= 6 && ((fmask & DTK_DATE_M) == 0 || (fmask & DTK_TIME_M) == 0)) {
              e = decodeNumberField(flen, f, fmask, tm2, tm);
              if (e < 0) {
                return e;
              }
            } else {
              e = decodeNumber(flen, f, haveTextMonth, fmask, tm2, tm);
              if (e != 0) {
                return e;
              }
            }
            tmask = tm2[0];
          }
          break;
        case DTK_STRING:
        case DTK_SPECIAL:
          {
            Abbrev ab = ABBREVS.get(f);
            int val;
            if (ab != null) {
              if (ab.zone() != null) {
                type = DYNTZ;
                val = 0;
              } else {
                type = ab.dst() ? DTZ : TZ;
                val = ab.offset();
              }
            } else {
              Tok t = lookup(DATE_TOKENS, f);
              if (t == null) {
                type = UNKNOWN_FIELD;
                val = 0;
              } else {
                type = t.type();
                val = t.value();
              }
            }
            if (type == IGNORE_DTF) {
              continue;
            }
            tmask = m(type);
            switch (type) {
              case RESERV:
                switch (val) {
                  case DTK_NOW -> {
                    tmask = DTK_DATE_M | DTK_TIME_M | m(TZ);
                    r.dtype = DTK_DATE;
                    Tm now = Calendar.timestamp2tm(ctx.nowMicros(), ctx.zone());
                    copyDateTime(now, tm);
                    tz = now.tz;
                  }
                  case DTK_YESTERDAY, DTK_TODAY, DTK_TOMORROW -> {
                    tmask = DTK_DATE_M;
                    r.dtype = DTK_DATE;
                    Tm now = Calendar.timestamp2tm(ctx.nowMicros(), ctx.zone());
                    int j =
                        Calendar.date2j(now.year, now.mon, now.mday)
                            + (val == DTK_YESTERDAY ? -1 : val == DTK_TOMORROW ? 1 : 0);
                    setJulian(tm, j);
                  }
                  case DTK_ZULU -> {
                    tmask = DTK_TIME_M | m(TZ);
                    r.dtype = DTK_DATE;
                    tm.hour = 0;
                    tm.min = 0;
                    tm.sec = 0;
                    tz = 0;
                  }
                  default -> r.dtype = val;
                }
                break;
              case MONTH:
                if ((fmask & m(MONTH)) != 0
                    && !haveTextMonth
                    && (fmask & m(DAY)) == 0
                    && tm.mon >= 1
                    && tm.mon <= 31) {
                  tm.mday = tm.mon;
                  tmask = m(DAY);
                }
                haveTextMonth = true;
                tm.mon = val;
                break;
              case DTZMOD:
                tmask |= m(DTZ);
                tm.isdst = 1;
                if (!tzAllowed) {
                  return DTERR_BAD_FORMAT;
                }
                tz -= val;
                break;
              case DTZ:
                tmask |= m(TZ);
                tm.isdst = 1;
                if (!tzAllowed) {
                  return DTERR_BAD_FORMAT;
                }
                tz = -val;
                break;
              case TZ:
                tm.isdst = 0;
                if (!tzAllowed) {
                  return DTERR_BAD_FORMAT;
                }
                tz = -val;
                break;
              case DYNTZ:
                tmask |= m(TZ);
                if (!tzAllowed) {
                  return DTERR_BAD_FORMAT;
                }
                abbrevTz = Zones.find(ab.zone());
                break;
              case AMPM:
                mer = val;
                break;
              case ADBC:
                bc = val == BC;
                break;
              case DOW:
                tm.wday = val;
                break;
              case UNITS:
                tmask = 0;
                ptype = val;
                break;
              case ISOTIME:
                tmask = 0;
                if ((fmask & DTK_DATE_M) != DTK_DATE_M) {
                  return DTERR_BAD_FORMAT;
                }
                if (i >= nf - 1
                    || (ftype.get(i + 1) != DTK_NUMBER
                        && ftype.get(i + 1) != DTK_TIME
                        && ftype.get(i + 1) != DTK_DATE)) {
                  return DTERR_BAD_FORMAT;
                }
                ptype = val;
                break;
              case UNKNOWN_FIELD:
                namedTz = Zones.find(f);
                if (namedTz == null) {
                  return DTERR_BAD_FORMAT;
                }
                tmask = m(TZ);
                break;
              default:
                return DTERR_BAD_FORMAT;
            }
          }
          break;
        default:
          return DTERR_BAD_FORMAT;
      }
      if ((tmask & fmask) != 0) {
        return DTERR_BAD_FORMAT;
      }
      fmask |= tmask;
    }
    int e = validateDateAndMeridian(fmask, bc, mer, tm);
    if (e != 0) {
      return e;
    }
    if (r.dtype == DTK_DATE) {
      if ((fmask & DTK_DATE_M) != DTK_DATE_M) {
        if ((fmask & DTK_TIME_M) == DTK_TIME_M) {
          return 1;
        }
        return DTERR_BAD_FORMAT;
      }
      if (namedTz != null) {
        if ((fmask & m(DTZMOD)) != 0) {
          return DTERR_BAD_FORMAT;
        }
        tz = Calendar.determineOffset(tm, namedTz);
      }
      if (abbrevTz != null) {
        if ((fmask & m(DTZMOD)) != 0) {
          return DTERR_BAD_FORMAT;
        }
        tz = Calendar.determineOffset(tm, abbrevTz);
      }
      if (tzAllowed && (fmask & m(TZ)) == 0) {
        if ((fmask & m(DTZMOD)) != 0) {
          return DTERR_BAD_FORMAT;
        }
        tz = Calendar.determineOffset(tm, ctx.zone());
        r.tz = tz;
        r.tm.tz = tz;
        return 0;
      }
      r.tz = tzAllowed ? tz : null;
      r.tm.tz = tz;
    }
    return 0;
  }

  /**
   * A number after an ISO 8601 prefix field ({@code ptype}: y, m, d, h, mm, s, j, t, z) in field
   * {@code i}: sets the part of {@code tm} it names and the mask of what it set; 0 or a DTERR code.
   * After "t", a run-together time's field type is noted when {@code noteType}, as PostgreSQL's
   * DecodeTimeOnly does and its DecodeDateTime does not.
   */
  private int decodePrefixedNumber(
      int ptype, int i, int fmask, boolean noteType, int[] tmaskOut, Tm tm) {
    String f = field.get(i);
    int[] end = new int[1];
    int val = strtoint(f, 0, end);
    int cp = end[0];
    if (cp < f.length() && f.charAt(cp) == '.') {
      if (ptype != DTK_JULIAN && ptype != DTK_TIME && ptype != DTK_SECOND) {
        return DTERR_BAD_FORMAT;
      }
    } else if (cp != f.length()) {
      return DTERR_BAD_FORMAT;
    }
    switch (ptype) {
      case DTK_YEAR -> {
        tm.year = val;
        tmaskOut[0] = m(YEAR);
      }
      case DTK_MONTH -> {
        if ((fmask & m(MONTH)) != 0 && (fmask & m(HOUR)) != 0) {
          tm.min = val;
          tmaskOut[0] = m(MINUTE);
        } else {
          tm.mon = val;
          tmaskOut[0] = m(MONTH);
        }
      }
      case DTK_DAY -> {
        tm.mday = val;
        tmaskOut[0] = m(DAY);
      }
      case DTK_HOUR -> {
        tm.hour = val;
        tmaskOut[0] = m(HOUR);
      }
      case DTK_MINUTE -> {
        tm.min = val;
        tmaskOut[0] = m(MINUTE);
      }
      case DTK_SECOND -> {
        tm.sec = val;
        tmaskOut[0] = m(SECOND);
        if (cp < f.length() && f.charAt(cp) == '.') {
          tm.fsec = parseFractionalSecond(f, cp);
          tmaskOut[0] = DTK_ALL_SECS_M;
        }
      }
      case DTK_TZ -> {
        tmaskOut[0] = m(TZ);
        tz = decodeTimezone(f);
      }
      case DTK_JULIAN -> {
        if (val < 0) {
          return DTERR_FIELD_OVERFLOW;
        }
        tmaskOut[0] = DTK_DATE_M;
        setJulian(tm, val);
        isjulian = true;
        if (cp < f.length() && f.charAt(cp) == '.') {
          double time = parseFraction(f, cp) * Calendar.USECS_PER_DAY;
          Calendar.dt2time((long) time, tm);
          tmaskOut[0] |= DTK_TIME_M;
        }
      }
      case DTK_TIME -> {
        int[] tm2 = new int[1];
        int e = decodeNumberField(f.length(), f, fmask | DTK_DATE_M, tm2, tm);
        if (e < 0) {
          return e;
        }
        if (noteType) {
          ftype.set(i, e);
        }
        tmaskOut[0] = tm2[0];
        if (tmaskOut[0] != DTK_TIME_M) {
          return DTERR_BAD_FORMAT;
        }
      }
      default -> {
        return DTERR_BAD_FORMAT;
      }
    }
    return 0;
  }

  private static void copyDateTime(Tm from, Tm to) {
    to.year = from.year;
    to.mon = from.mon;
    to.mday = from.mday;
    to.hour = from.hour;
    to.min = from.min;
    to.sec = from.sec;
    to.fsec = from.fsec;
    to.isdst = from.isdst;
  }

  private static void setJulian(Tm tm, int j) {
    int[] ymd = Calendar.j2date(j);
    tm.year = ymd[0];
    tm.mon = ymd[1];
    tm.mday = ymd[2];
  }

  static boolean timeOverflows(int hour, int min, int sec, long fsec) {
    if (hour < 0
        || hour > 24
        || min < 0
        || min > 59
        || sec < 0
        || sec > 60
        || fsec < 0
        || fsec > Calendar.USECS_PER_SEC) {
      return true;
    }
    return Calendar.time2t(hour, min, sec, fsec) > Calendar.USECS_PER_DAY;
  }

  // ---- DecodeTimeOnly ----

  private int decodeTimeOnly(Result r, boolean tzAllowed) {
    Tm tm = r.tm;
    int fmask = 0;
    int tmask;
    int type;
    int ptype = 0;
    boolean bc = false;
    int mer = HR24;
    ZoneId namedTz = null;
    ZoneId abbrevTz = null;
    r.dtype = DTK_TIME;
    tm.isdst = -1;
    int nf = field.size();
    for (int i = 0; i < nf; i++) {
      String f = field.get(i);
      tmask = 0;
      switch (ftype.get(i)) {
        case DTK_DATE:
          if (!tzAllowed) {
            return DTERR_BAD_FORMAT;
          }
          if (i == 0 && nf >= 2 && (ftype.get(nf - 1) == DTK_DATE || ftype.get(1) == DTK_TIME)) {
            int[] tm2 = new int[1];
            int e = decodeDate(f, fmask, tm2, tm);
            if (e != 0) {
              return e;
            }
            tmask = tm2[0];
          } else if (isDigit(f.charAt(0))) {
            if ((fmask & DTK_TIME_M) == DTK_TIME_M) {
              return DTERR_BAD_FORMAT;
            }
            int dash = f.indexOf('-');
            if (dash < 0) {
              return DTERR_BAD_FORMAT;
            }
            tz = decodeTimezone(f.substring(dash));
            String rest = f.substring(0, dash);
            int[] tm2 = new int[1];
            int e = decodeNumberField(rest.length(), rest, fmask | DTK_DATE_M, tm2, tm);
            if (e < 0) {
              return e;
            }
            ftype.set(i, e);
            tmask = tm2[0] | m(TZ);
          } else {
            namedTz = Zones.find(f);
            if (namedTz == null) {
              throw new dev.orbit.node.sql.SqlException(
                  "22023", "time zone \"" + f + "\" not recognized");
            }
            ftype.set(i, DTK_TZ);
            tmask = m(TZ);
          }
          break;
        case DTK_TIME:
          {
            int e = decodeTime(f, tm);
            if (e != 0) {
              return e;
            }
            tmask = DTK_TIME_M;
          }
          break;
        case DTK_TZ:
          if (!tzAllowed) {
            return DTERR_BAD_FORMAT;
          }
          tz = decodeTimezone(f);
          tmask = m(TZ);
          break;
        case DTK_NUMBER:
          if (ptype != 0) {
            if ((ptype == DTK_JULIAN || ptype == DTK_YEAR || ptype == DTK_MONTH || ptype == DTK_DAY)
                && !tzAllowed) {
              return DTERR_BAD_FORMAT;
            }
            int[] tm2 = new int[1];
            int e = decodePrefixedNumber(ptype, i, fmask, true, tm2, tm);
            if (e != 0) {
              return e;
            }
            tmask = tm2[0];
            ptype = 0;
            r.dtype = DTK_DATE;
          } else {
            int flen = f.length();
            int dot = f.indexOf('.');
            int[] tm2 = new int[1];
            if (dot >= 0) {
              if (i == 0 && nf >= 2 && ftype.get(nf - 1) == DTK_DATE) {
                int e = decodeDate(f, fmask, tm2, tm);
                if (e != 0) {
                  return e;
                }
              } else if (dot > 2) {
                int e = decodeNumberField(flen, f, fmask | DTK_DATE_M, tm2, tm);
                if (e < 0) {
                  return e;
                }
                ftype.set(i, e);
              } else {
                return DTERR_BAD_FORMAT;
              }
            } else if (flen > 4) {
              int e = decodeNumberField(flen, f, fmask | DTK_DATE_M, tm2, tm);
              if (e < 0) {
                return e;
              }
              ftype.set(i, e);
            } else {
              int e = decodeNumber(flen, f, false, fmask | DTK_DATE_M, tm2, tm);
              if (e != 0) {
                return e;
              }
            }
            tmask = tm2[0];
          }
          break;
        case DTK_STRING:
        case DTK_SPECIAL:
          {
            Abbrev ab = ABBREVS.get(f);
            int val;
            if (ab != null) {
              if (ab.zone() != null) {
                type = DYNTZ;
                val = 0;
              } else {
                type = ab.dst() ? DTZ : TZ;
                val = ab.offset();
              }
            } else {
              Tok t = lookup(DATE_TOKENS, f);
              type = t == null ? UNKNOWN_FIELD : t.type();
              val = t == null ? 0 : t.value();
            }
            if (type == IGNORE_DTF) {
              continue;
            }
            tmask = m(type);
            switch (type) {
              case RESERV:
                switch (val) {
                  case DTK_NOW -> {
                    tmask = DTK_TIME_M;
                    r.dtype = DTK_TIME;
                    Tm now = Calendar.timestamp2tm(ctx.nowMicros(), ctx.zone());
                    tm.hour = now.hour;
                    tm.min = now.min;
                    tm.sec = now.sec;
                    tm.fsec = now.fsec;
                  }
                  case DTK_ZULU -> {
                    tmask = DTK_TIME_M | m(TZ);
                    r.dtype = DTK_TIME;
                    tm.hour = 0;
                    tm.min = 0;
                    tm.sec = 0;
                    tm.isdst = 0;
                  }
                  default -> {
                    return DTERR_BAD_FORMAT;
                  }
                }
                break;
              case DTZMOD:
                tmask |= m(DTZ);
                tm.isdst = 1;
                if (!tzAllowed) {
                  return DTERR_BAD_FORMAT;
                }
                tz -= val;
                break;
              case DTZ:
                tmask |= m(TZ);
                tm.isdst = 1;
                if (!tzAllowed) {
                  return DTERR_BAD_FORMAT;
                }
                tz = -val;
                ftype.set(i, DTK_TZ);
                break;
              case TZ:
                tm.isdst = 0;
                if (!tzAllowed) {
                  return DTERR_BAD_FORMAT;
                }
                tz = -val;
                ftype.set(i, DTK_TZ);
                break;
              case DYNTZ:
                tmask |= m(TZ);
                if (!tzAllowed) {
                  return DTERR_BAD_FORMAT;
                }
                abbrevTz = Zones.find(ab.zone());
                ftype.set(i, DTK_TZ);
                break;
              case AMPM:
                mer = val;
                break;
              case ADBC:
                bc = val == BC;
                break;
              case UNITS:
                tmask = 0;
                ptype = val;
                break;
              case ISOTIME:
                tmask = 0;
                if (i >= nf - 1
                    || (ftype.get(i + 1) != DTK_NUMBER
                        && ftype.get(i + 1) != DTK_TIME
                        && ftype.get(i + 1) != DTK_DATE)) {
                  return DTERR_BAD_FORMAT;
                }
                ptype = val;
                break;
              case UNKNOWN_FIELD:
                namedTz = Zones.find(f);
                if (namedTz == null) {
                  return DTERR_BAD_FORMAT;
                }
                tmask = m(TZ);
                break;
              default:
                return DTERR_BAD_FORMAT;
            }
          }
          break;
        default:
          return DTERR_BAD_FORMAT;
      }
      if ((tmask & fmask) != 0) {
        return DTERR_BAD_FORMAT;
      }
      fmask |= tmask;
    }
    int e = validateDateAndMeridian(fmask, bc, mer, tm);
    if (e != 0) {
      return e;
    }
    if (timeOverflows(tm.hour, tm.min, tm.sec, tm.fsec)) {
      return DTERR_FIELD_OVERFLOW;
    }
    if ((fmask & DTK_TIME_M) != DTK_TIME_M) {
      return DTERR_BAD_FORMAT;
    }
    if (namedTz != null) {
      if ((fmask & m(DTZMOD)) != 0) {
        return DTERR_BAD_FORMAT;
      }
      if (namedTz instanceof java.time.ZoneOffset o) {
        tz = -o.getTotalSeconds();
      } else if (namedTz.getRules().isFixedOffset()) {
        tz = -namedTz.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds();
      } else {
        if ((fmask & DTK_DATE_M) != DTK_DATE_M) {
          return DTERR_BAD_FORMAT;
        }
        tz = Calendar.determineOffset(tm, namedTz);
      }
    }
    if (abbrevTz != null || (tzAllowed && (fmask & m(TZ)) == 0)) {
      if ((fmask & m(DTZMOD)) != 0) {
        return DTERR_BAD_FORMAT;
      }
      Tm tmp;
      if ((fmask & DTK_DATE_M) == 0) {
        tmp = Calendar.timestamp2tm(ctx.nowMicros(), ctx.zone());
      } else {
        if ((fmask & DTK_DATE_M) != DTK_DATE_M) {
          return DTERR_BAD_FORMAT;
        }
        tmp = new Tm();
        tmp.year = tm.year;
        tmp.mon = tm.mon;
        tmp.mday = tm.mday;
      }
      tmp.hour = tm.hour;
      tmp.min = tm.min;
      tmp.sec = tm.sec;
      tz = Calendar.determineOffset(tmp, abbrevTz != null ? abbrevTz : ctx.zone());
      tm.isdst = tmp.isdst;
    }
    r.tz = tzAllowed ? tz : null;
    tm.tz = tz;
    return 0;
  }

  // ---- helpers ----

  /** Checks the date fields, then turns a 12-hour clock hour ({@code mer}: AM/PM) into 0-23. */
  private int validateDateAndMeridian(int fmask, boolean bc, int mer, Tm tm) {
    int e = validateDate(fmask, isjulian, bc, tm);
    if (e != 0) {
      return e;
    }
    if (mer != HR24 && tm.hour > 12) {
      return DTERR_FIELD_OVERFLOW;
    }
    if (mer == AM && tm.hour == 12) {
      tm.hour = 0;
    } else if (mer == PM && tm.hour != 12) {
      tm.hour += 12;
    }
    return 0;
  }

  private int validateDate(int fmask, boolean isjulian, boolean bc, Tm tm) {
    if ((fmask & m(YEAR)) != 0) {
      if (isjulian) {
        // tm_year is correct and should not be touched
      } else if (bc) {
        if (tm.year <= 0) {
          return DTERR_FIELD_OVERFLOW;
        }
        tm.year = -(tm.year - 1);
      } else if (is2digits) {
        if (tm.year < 0) {
          return DTERR_FIELD_OVERFLOW;
        }
        if (tm.year < 70) {
          tm.year += 2000;
        } else if (tm.year < 100) {
          tm.year += 1900;
        }
      } else {
        if (tm.year <= 0) {
          return DTERR_FIELD_OVERFLOW;
        }
      }
    }
    if ((fmask & m(DOY)) != 0) {
      setJulian(tm, Calendar.date2j(tm.year, 1, 1) + tm.yday - 1);
    }
    if ((fmask & m(MONTH)) != 0 && (tm.mon < 1 || tm.mon > 12)) {
      return DTERR_MD_FIELD_OVERFLOW;
    }
    if ((fmask & m(DAY)) != 0 && (tm.mday < 1 || tm.mday > 31)) {
      return DTERR_MD_FIELD_OVERFLOW;
    }
    if ((fmask & DTK_DATE_M) == DTK_DATE_M) {
      if (tm.mday > Calendar.daysInMonth(tm.year, tm.mon)) {
        return DTERR_FIELD_OVERFLOW;
      }
    }
    return 0;
  }

  /** A date field such as 2001-02-03, 02/03/2001, feb-03-2001. */
  private int decodeDate(String str, int fmask, int[] tmaskOut, Tm tm) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    int n = str.length();
    while (i < n && parts.size() < MAXDATEFIELDS) {
      while (i < n && !isAlnum(str.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return DTERR_BAD_FORMAT;
      }
      int start = i;
      if (isDigit(str.charAt(i))) {
        while (i < n && isDigit(str.charAt(i))) {
          i++;
        }
      } else if (isAlpha(str.charAt(i))) {
        while (i < n && isAlpha(str.charAt(i))) {
          i++;
        }
      }
      parts.add(str.substring(start, i));
      if (i < n) {
        i++; // the separator
      }
    }
    boolean haveTextMonth = false;
    int dmask;
    for (int k = 0; k < parts.size(); k++) {
      String p = parts.get(k);
      if (!p.isEmpty() && isAlpha(p.charAt(0))) {
        Tok t = lookup(DATE_TOKENS, p);
        int type = t == null ? UNKNOWN_FIELD : t.type();
        if (type == IGNORE_DTF) {
          continue;
        }
        dmask = m(type);
        if (type != MONTH) {
          return DTERR_BAD_FORMAT;
        }
        tm.mon = t.value();
        haveTextMonth = true;
        if ((fmask & dmask) != 0) {
          return DTERR_BAD_FORMAT;
        }
        fmask |= dmask;
        tmaskOut[0] |= dmask;
        parts.set(k, null);
      }
    }
    for (String p : parts) {
      if (p == null) {
        continue;
      }
      if (p.isEmpty()) {
        return DTERR_BAD_FORMAT;
      }
      int[] dm = new int[1];
      int e = decodeNumber(p.length(), p, haveTextMonth, fmask, dm, tm);
      if (e != 0) {
        return e;
      }
      if ((fmask & dm[0]) != 0) {
        return DTERR_BAD_FORMAT;
      }
      fmask |= dm[0];
      tmaskOut[0] |= dm[0];
    }
    if ((fmask & ~(m(DOY) | m(TZ))) != DTK_DATE_M) {
      return DTERR_BAD_FORMAT;
    }
    return 0;
  }

  /** hh:mm[:ss[.fff]] (or mm:ss.fff). */
  static int decodeTime(String str, Tm tm) {
    int[] end = new int[1];
    long[] h = strtol(str, 0);
    if (h[2] != 0) {
      return DTERR_FIELD_OVERFLOW;
    }
    int cp = (int) h[1];
    if (cp >= str.length() || str.charAt(cp) != ':') {
      return DTERR_BAD_FORMAT;
    }
    int min = strtoint(str, cp + 1, end);
    long[] t = new long[4];
    int e = decodeTimeRest(str, end[0], h[0], min, false, t);
    if (e != 0) {
      return e;
    }
    if (t[0] > Integer.MAX_VALUE) {
      return DTERR_FIELD_OVERFLOW;
    }
    tm.hour = (int) t[0];
    tm.min = (int) t[1];
    tm.sec = (int) t[2];
    tm.fsec = t[3];
    return 0;
  }

  /**
   * The rest of hh:mm[:ss[.fff]] from {@code cp}, just after the minutes: {hour, min, sec, fsec}
   * into {@code out}, checked except for the hour's upper bound (the caller's type sets it); 0 or a
   * DTERR code. A fraction right after the minutes makes the two fields mm:ss.fff, and so does the
   * end of the text when {@code minutesSeconds} (an interval MINUTE TO SECOND).
   */
  static int decodeTimeRest(
      String str, int cp, long hour, int min, boolean minutesSeconds, long[] out) {
    int[] end = new int[1];
    int sec = 0;
    long fsec = 0;
    if (cp == str.length()) {
      if (minutesSeconds) {
        sec = min;
        min = (int) hour;
        hour = 0;
      }
    } else if (str.charAt(cp) == '.') {
      fsec = parseFractionalSecond(str, cp);
      sec = min;
      min = (int) hour;
      hour = 0;
    } else if (str.charAt(cp) == ':') {
      sec = strtoint(str, cp + 1, end);
      cp = end[0];
      if (cp < str.length() && str.charAt(cp) == '.') {
        fsec = parseFractionalSecond(str, cp);
      } else if (cp != str.length()) {
        return DTERR_BAD_FORMAT;
      }
    } else {
      return DTERR_BAD_FORMAT;
    }
    if (hour < 0
        || min < 0
        || min > 59
        || sec < 0
        || sec > 60
        || fsec < 0
        || fsec > Calendar.USECS_PER_SEC) {
      return DTERR_FIELD_OVERFLOW;
    }
    out[0] = hour;
    out[1] = min;
    out[2] = sec;
    out[3] = fsec;
    return 0;
  }

  private int decodeNumber(
      int flen, String str, boolean haveTextMonth, int fmask, int[] tmask, Tm tm) {
    tmask[0] = 0;
    int[] end = new int[1];
    int val = strtoint(str, 0, end);
    int cp = end[0];
    if (cp == 0) {
      return DTERR_BAD_FORMAT;
    }
    if (cp < str.length() && str.charAt(cp) == '.') {
      if (cp > 2) {
        int e = decodeNumberField(flen, str, fmask | DTK_DATE_M, tmask, tm);
        return e < 0 ? e : 0;
      }
      tm.fsec = parseFractionalSecond(str, cp);
    } else if (cp != str.length()) {
      return DTERR_BAD_FORMAT;
    }
    if (flen == 3 && (fmask & DTK_DATE_M) == m(YEAR) && val >= 1 && val <= 366) {
      tmask[0] = m(DOY) | m(MONTH) | m(DAY);
      tm.yday = val;
      return 0;
    }
    int order = ctx.dateOrder();
    switch (fmask & DTK_DATE_M) {
      case 0:
        if (flen >= 3 || order == DATEORDER_YMD) {
          tmask[0] = m(YEAR);
          tm.year = val;
        } else if (order == DATEORDER_DMY) {
          tmask[0] = m(DAY);
          tm.mday = val;
        } else {
          tmask[0] = m(MONTH);
          tm.mon = val;
        }
        break;
      case 1 << YEAR:
        tmask[0] = m(MONTH);
        tm.mon = val;
        break;
      case 1 << MONTH:
        if (haveTextMonth) {
          if (flen >= 3 || order == DATEORDER_YMD) {
            tmask[0] = m(YEAR);
            tm.year = val;
          } else {
            tmask[0] = m(DAY);
            tm.mday = val;
          }
        } else {
          tmask[0] = m(DAY);
          tm.mday = val;
        }
        break;
      case (1 << YEAR) | (1 << MONTH):
        if (haveTextMonth) {
          if (flen >= 3 && is2digits) {
            tmask[0] = m(DAY);
            tm.mday = tm.year;
            tm.year = val;
            is2digits = false;
          } else {
            tmask[0] = m(DAY);
            tm.mday = val;
          }
        } else {
          tmask[0] = m(DAY);
          tm.mday = val;
        }
        break;
      case 1 << DAY:
        tmask[0] = m(MONTH);
        tm.mon = val;
        break;
      case (1 << MONTH) | (1 << DAY):
        tmask[0] = m(YEAR);
        tm.year = val;
        break;
      case (1 << YEAR) | (1 << MONTH) | (1 << DAY):
        {
          int e = decodeNumberField(flen, str, fmask, tmask, tm);
          return e < 0 ? e : 0;
        }
      default:
        return DTERR_BAD_FORMAT;
    }
    if (tmask[0] == m(YEAR)) {
      is2digits = flen <= 2;
    }
    return 0;
  }

  /** Run-together fields: yyyymmdd, yymmdd, hhmmss, hhmm, with a fraction. */
  private int decodeNumberField(int len, String str, int fmask, int[] tmask, Tm tm) {
    int dot = str.indexOf('.');
    if (dot >= 0) {
      if (dot + 1 >= str.length()) {
        tm.fsec = 0;
      } else {
        try {
          tm.fsec = Math.round(Double.parseDouble(str.substring(dot)) * 1_000_000);
        } catch (NumberFormatException e) {
          return DTERR_BAD_FORMAT;
        }
      }
      str = str.substring(0, dot);
      len = str.length();
    } else if ((fmask & DTK_DATE_M) != DTK_DATE_M) {
      if (len >= 6) {
        tmask[0] = DTK_DATE_M;
        tm.mday = Integer.parseInt(str.substring(len - 2));
        tm.mon = Integer.parseInt(str.substring(len - 4, len - 2));
        tm.year = parseIntPrefix(str.substring(0, len - 4));
        if (len - 4 == 2) {
          is2digits = true;
        }
        return DTK_DATE;
      }
    }
    if ((fmask & DTK_TIME_M) != DTK_TIME_M) {
      if (len == 6) {
        tmask[0] = DTK_TIME_M;
        tm.sec = Integer.parseInt(str.substring(4, 6));
        tm.min = Integer.parseInt(str.substring(2, 4));
        tm.hour = Integer.parseInt(str.substring(0, 2));
        return DTK_TIME;
      } else if (len == 4) {
        tmask[0] = DTK_TIME_M;
        tm.sec = 0;
        tm.min = Integer.parseInt(str.substring(2, 4));
        tm.hour = Integer.parseInt(str.substring(0, 2));
        return DTK_TIME;
      }
    }
    return DTERR_BAD_FORMAT;
  }

  private static int parseIntPrefix(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new Bad(DTERR_FIELD_OVERFLOW);
    }
  }

  /** +hh[:mm[:ss]] or +hhmm: seconds west of Greenwich. */
  static int decodeTimezone(String str) {
    if (str.isEmpty() || (str.charAt(0) != '+' && str.charAt(0) != '-')) {
      throw new Bad(DTERR_BAD_FORMAT);
    }
    int[] end = new int[1];
    int hr;
    int min;
    int sec = 0;
    try {
      hr = strtoint(str, 1, end);
    } catch (Bad b) {
      throw new Bad(DTERR_TZDISP_OVERFLOW);
    }
    int cp = end[0];
    if (cp == 1) {
      throw new Bad(DTERR_BAD_FORMAT);
    }
    if (cp < str.length() && str.charAt(cp) == ':') {
      min = strtoint(str, cp + 1, end);
      cp = end[0];
      if (cp < str.length() && str.charAt(cp) == ':') {
        sec = strtoint(str, cp + 1, end);
        cp = end[0];
      }
    } else if (cp == str.length() && str.length() > 3) {
      min = hr % 100;
      hr = hr / 100;
    } else {
      min = 0;
    }
    if (hr < 0 || hr > 15) {
      throw new Bad(DTERR_TZDISP_OVERFLOW);
    }
    if (min < 0 || min >= 60 || sec < 0 || sec >= 60) {
      throw new Bad(DTERR_TZDISP_OVERFLOW);
    }
    int tz = (hr * 60 + min) * 60 + sec;
    if (str.charAt(0) == '-') {
      tz = -tz;
    }
    if (cp != str.length()) {
      throw new Bad(DTERR_BAD_FORMAT);
    }
    return -tz;
  }
}
