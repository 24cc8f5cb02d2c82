package dev.orbit.node.sql.types;

import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * The session settings that text input and output of values depend on: DateStyle (style and field
 * order), IntervalStyle, TimeZone, extra_float_digits, bytea_output, and the current transaction's
 * start time (for 'now', 'today').
 */
public record IoContext(
    int dateStyle,
    int dateOrder,
    int intervalStyle,
    ZoneId zone,
    int extraFloatDigits,
    boolean byteaHex,
    LongSupplier now) {

  /** ISO dates, MDY, postgres intervals, UTC. */
  public static final IoContext DEFAULT =
      new IoContext(
          DateTimeOut.USE_ISO_DATES,
          DateTimeParser.DATEORDER_MDY,
          DateTimeOut.INTSTYLE_POSTGRES,
          java.time.ZoneOffset.UTC,
          1,
          true,
          DateTimes::nowMicros);

  public IoContext withZone(ZoneId z) {
    return new IoContext(dateStyle, dateOrder, intervalStyle, z, extraFloatDigits, byteaHex, now);
  }

  public IoContext withNow(LongSupplier n) {
    return new IoContext(dateStyle, dateOrder, intervalStyle, zone, extraFloatDigits, byteaHex, n);
  }

  /** Parses a DateStyle setting ("ISO, MDY", "Postgres", "SQL, DMY", "German", …). */
  public static int[] parseDateStyle(String value, int[] current) {
    int style = current[0];
    int order = current[1];
    boolean styleSeen = false;
    boolean orderSeen = false;
    for (String part : value.split("[,\\s]+")) {
      String p = part.trim().toLowerCase();
      if (p.isEmpty()) {
        continue;
      }
      switch (p) {
        case "iso" -> {
          if (styleSeen && style != DateTimeOut.USE_ISO_DATES) {
            return null;
          }
          style = DateTimeOut.USE_ISO_DATES;
          styleSeen = true;
        }
        case "sql" -> {
          if (styleSeen && style != DateTimeOut.USE_SQL_DATES) {
            return null;
          }
          style = DateTimeOut.USE_SQL_DATES;
          styleSeen = true;
        }
        case "postgres" -> {
          if (styleSeen && style != DateTimeOut.USE_POSTGRES_DATES) {
            return null;
          }
          style = DateTimeOut.USE_POSTGRES_DATES;
          styleSeen = true;
        }
        case "german" -> {
          if (styleSeen && style != DateTimeOut.USE_GERMAN_DATES) {
            return null;
          }
          style = DateTimeOut.USE_GERMAN_DATES;
          styleSeen = true;
          if (!orderSeen) {
            order = DateTimeParser.DATEORDER_DMY;
          }
        }
        case "ymd" -> {
          if (orderSeen && order != DateTimeParser.DATEORDER_YMD) {
            return null;
          }
          order = DateTimeParser.DATEORDER_YMD;
          orderSeen = true;
        }
        case "dmy", "euro", "european" -> {
          if (orderSeen && order != DateTimeParser.DATEORDER_DMY) {
            return null;
          }
          order = DateTimeParser.DATEORDER_DMY;
          orderSeen = true;
        }
        case "mdy", "us", "noneuro", "noneuropean" -> {
          if (orderSeen && order != DateTimeParser.DATEORDER_MDY) {
            return null;
          }
          order = DateTimeParser.DATEORDER_MDY;
          orderSeen = true;
        }
        case "default" -> {
          style = DateTimeOut.USE_ISO_DATES;
          order = DateTimeParser.DATEORDER_MDY;
        }
        default -> {
          return null;
        }
      }
    }
    return new int[] {style, order};
  }

  /** The canonical DateStyle text PostgreSQL shows ("ISO, MDY"). */
  public static String dateStyleName(int style, int order) {
    String s =
        switch (style) {
          case DateTimeOut.USE_POSTGRES_DATES -> "Postgres";
          case DateTimeOut.USE_SQL_DATES -> "SQL";
          case DateTimeOut.USE_GERMAN_DATES -> "German";
          default -> "ISO";
        };
    String o =
        switch (order) {
          case DateTimeParser.DATEORDER_YMD -> "YMD";
          case DateTimeParser.DATEORDER_DMY -> "DMY";
          default -> "MDY";
        };
    return s + ", " + o;
  }

  /** IntervalStyle by name; -1 when unknown. */
  public static int intervalStyle(String name) {
    return switch (name.trim().toLowerCase()) {
      case "postgres" -> DateTimeOut.INTSTYLE_POSTGRES;
      case "postgres_verbose" -> DateTimeOut.INTSTYLE_POSTGRES_VERBOSE;
      case "sql_standard" -> DateTimeOut.INTSTYLE_SQL_STANDARD;
      case "iso_8601" -> DateTimeOut.INTSTYLE_ISO_8601;
      default -> -1;
    };
  }
}
