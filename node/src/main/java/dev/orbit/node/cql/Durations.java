package dev.orbit.node.cql;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration type: months, days and nanoseconds serialized as three signed vints (Cassandra's
 * encoding), written as {@code 1y2mo3d4h5m6s7ms8us9ns} (also ISO 8601 {@code P…}) and printed as
 * Cassandra prints it.
 */
final class Durations {
  private static final long MICRO = 1000L;
  private static final long MILLI = 1000 * MICRO;
  private static final long SECOND = 1000 * MILLI;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final Pattern STANDARD =
      Pattern.compile("\\G(\\d+)(y|mo|w|d|h|s|ms|us|µs|ns|m)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ISO =
      Pattern.compile("P((\\d+)Y)?((\\d+)M)?((\\d+)D)?(T((\\d+)H)?((\\d+)M)?((\\d+)S)?)?");
  private static final Pattern ISO_WEEK = Pattern.compile("P(\\d+)W");
  private static final Pattern ISO_ALT =
      Pattern.compile("P(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})");
  private static final String[] UNITS = {
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
    "microseconds",
    "nanoseconds"
  };

  private Durations() {}

  /** The serialized duration written as {@code text}, or an error naming it. */
  static byte[] parse(String text) {
    boolean neg = text.startsWith("-");
    String src = neg ? text.substring(1) : text;
    Builder b = new Builder(text);
    try {
      if (src.startsWith("P")) {
        Matcher m;
        if (src.endsWith("W") && (m = ISO_WEEK.matcher(src)).matches()) {
          b.add(2, Long.parseLong(m.group(1)));
        } else if (src.contains("-") && (m = ISO_ALT.matcher(src)).matches()) {
          for (int g = 1; g <= 6; g++) {
            b.add(g <= 2 ? g - 1 : g, Long.parseLong(m.group(g)));
          }
        } else if ((m = ISO.matcher(src)).matches()) {
          int[] unitOfGroup = {0, 1, 3, 4, 5, 6};
          int[] group = {2, 4, 6, 9, 11, 13};
          for (int i = 0; i < group.length; i++) {
            if (m.group(group[i]) != null) {
              b.add(unitOfGroup[i], Long.parseLong(m.group(group[i])));
            }
          }
        } else {
          throw unable(text);
        }
      } else {
        Matcher m = STANDARD.matcher(src);
        int end = 0;
        while (m.find()) {
          b.add(unit(m.group(2)), Long.parseLong(m.group(1)));
          end = m.end();
        }
        if (end == 0 || end != src.length()) {
          throw unable(text);
        }
      }
    } catch (NumberFormatException e) {
      throw unable(text);
    }
    return neg ? encode(-b.months, -b.days, -b.nanos) : encode(b.months, b.days, b.nanos);
  }

  private static int unit(String symbol) {
    return switch (symbol.toLowerCase(Locale.ROOT)) {
      case "y" -> 0;
      case "mo" -> 1;
      case "w" -> 2;
      case "d" -> 3;
      case "h" -> 4;
      case "m" -> 5;
      case "s" -> 6;
      case "ms" -> 7;
      case "us", "µs" -> 8;
      default -> 9;
    };
  }

  private static CqlException unable(String text) {
    return CqlException.invalid("Unable to convert '" + text + "' to a duration");
  }

  /** Adds units in Cassandra's order (each once, largest first), checking the totals' range. */
  private static final class Builder {
    final String text;
    long months;
    long days;
    long nanos;
    int last = -1;

    Builder(String text) {
      this.text = text;
    }

    void add(int unit, long n) {
      if (unit <= last) {
        throw CqlException.invalid(
            "Invalid duration. The "
                + UNITS[unit]
                + " are specified after the "
                + UNITS[last]
                + " ("
                + text
                + ")");
      }
      last = unit;
      try {
        switch (unit) {
          case 0 -> months = Math.addExact(months, Math.multiplyExact(n, 12));
          case 1 -> months = Math.addExact(months, n);
          case 2 -> days = Math.addExact(days, Math.multiplyExact(n, 7));
          case 3 -> days = Math.addExact(days, n);
          default -> {
            long[] per = {HOUR, MINUTE, SECOND, MILLI, MICRO, 1};
            nanos = Math.addExact(nanos, Math.multiplyExact(n, per[unit - 4]));
          }
        }
      } catch (ArithmeticException e) {
        throw CqlException.invalid("Invalid duration. The total is too large (" + text + ")");
      }
      if (months > Integer.MAX_VALUE || days > Integer.MAX_VALUE) {
        throw CqlException.invalid(
            "Invalid duration. The total number of "
                + (months > Integer.MAX_VALUE ? "months" : "days")
                + " must be less or equal to 2147483647");
      }
    }
  }

  static byte[] encode(long months, long days, long nanos) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(12);
    for (long v : new long[] {months, days, nanos}) {
      long u = (v << 1) ^ (v >> 63);
      int size = (639 - Long.numberOfLeadingZeros(u | 1) * 9) >> 6;
      if (size == 1) {
        out.write((int) u);
        continue;
      }
      int extra = size - 1;
      byte[] b = new byte[size];
      for (int i = size - 1; i >= 0; i--) {
        b[i] = (byte) u;
        u >>>= 8;
      }
      b[0] |= (byte) ~(0xff >> extra);
      out.write(b, 0, size);
    }
    return out.toByteArray();
  }

  /** {months, days, nanoseconds}; an error for a malformed value. */
  static long[] decode(byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v);
    long[] out = new long[3];
    try {
      for (int i = 0; i < 3; i++) {
        byte first = b.get();
        long u;
        if (first >= 0) {
          u = first;
        } else {
          int extra = Integer.numberOfLeadingZeros(~first) - 24;
          if (extra > 8) {
            throw CqlException.invalid("Invalid duration value");
          }
          u = first & (0xff >> extra);
          for (int k = 0; k < extra; k++) {
            u = (u << 8) | (b.get() & 0xff);
          }
        }
        out[i] = (u >>> 1) ^ -(u & 1);
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw CqlException.invalid("Invalid duration value: not enough bytes");
    }
    if (b.hasRemaining()) {
      throw CqlException.invalid("Invalid duration value: unexpected extraneous bytes");
    }
    if (out[0] != (int) out[0] || out[1] != (int) out[1]) {
      throw CqlException.invalid("Invalid duration value: months or days out of range");
    }
    boolean anyNeg = out[0] < 0 || out[1] < 0 || out[2] < 0;
    boolean anyPos = out[0] > 0 || out[1] > 0 || out[2] > 0;
    if (anyNeg && anyPos) {
      throw CqlException.invalid(
          "The duration months, days and nanoseconds must be all of the same sign");
    }
    return out;
  }

  /** As Cassandra's Duration.toString: {@code -1y2mo3d4h5m6s7ms8us9ns}, units with a value only. */
  static String text(byte[] v) {
    long[] d = decode(v);
    StringBuilder b = new StringBuilder();
    if (d[0] < 0 || d[1] < 0 || d[2] < 0) {
      b.append('-');
    }
    long r = append(b, Math.abs(d[0]), 12, "y");
    append(b, r, 1, "mo");
    append(b, Math.abs(d[1]), 1, "d");
    if (d[2] != 0) {
      r = append(b, Math.abs(d[2]), HOUR, "h");
      r = append(b, r, MINUTE, "m");
      r = append(b, r, SECOND, "s");
      r = append(b, r, MILLI, "ms");
      r = append(b, r, MICRO, "us");
      append(b, r, 1, "ns");
    }
    return b.toString();
  }

  private static long append(StringBuilder b, long dividend, long divisor, String unit) {
    if (dividend == 0 || dividend < divisor) {
      return dividend;
    }
    b.append(dividend / divisor).append(unit);
    return dividend % divisor;
  }
}
