package dev.orbit.node.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Conversions of runtime values: Long (integers, oids), Double (floats), BigDecimal (numeric),
 * Boolean, String (text types, json), byte[] (bytea), LocalDate, LocalDateTime (timestamp),
 * OffsetDateTime in UTC (timestamptz), UUID, List (arrays); null is SQL NULL.
 */
public final class Values {
  private static final LocalDate PG_EPOCH = LocalDate.of(2000, 1, 1);
  private static final LocalDateTime PG_EPOCH_TS = PG_EPOCH.atStartOfDay();
  private static final DateTimeFormatter TS_OUT =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter TS_IN =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd")
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendPattern("HH:mm")
          .optionalStart()
          .appendPattern(":ss")
          .optionalEnd()
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:mm", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .toFormatter(Locale.ROOT);

  private Values() {}

  /**
   * The session's TimeZone, DateStyle and IntervalStyle for the statement this thread runs: a
   * timestamptz without a zone is read in it, and dates and timestamps are shown in it.
   */
  private static final ThreadLocal<dev.orbit.node.sql.types.IoContext> SESSION_IO =
      ThreadLocal.withInitial(() -> dev.orbit.node.sql.types.IoContext.DEFAULT);

  /** Sets the date/time settings of the session this thread works for. */
  public static void useSession(dev.orbit.node.sql.types.IoContext io) {
    SESSION_IO.set(io);
  }

  private static final long EPOCH_2000_SECONDS = 946_684_800L;

  private static OffsetDateTime fromMicros(long micros) {
    if (micros == Long.MIN_VALUE || micros == Long.MAX_VALUE) {
      throw SqlException.unsupported("infinite timestamps");
    }
    long secs = Math.floorDiv(micros, 1_000_000L) + EPOCH_2000_SECONDS;
    long nanos = Math.floorMod(micros, 1_000_000L) * 1000;
    return Instant.ofEpochSecond(secs, nanos).atOffset(ZoneOffset.UTC);
  }

  private static long toMicros(Instant i) {
    return (i.getEpochSecond() - EPOCH_2000_SECONDS) * 1_000_000L + i.getNano() / 1000;
  }

  // ---- text format ----

  /** The text a client sees for {@code v} of type {@code t}. */
  public static String toText(Object v, PgType t) {
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b ? "t" : "f";
    }
    if (v instanceof Double d) {
      return formatDouble(d, t == PgType.FLOAT4);
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof byte[] b) {
      return "\\x" + HexFormat.of().formatHex(b);
    }
    if (v instanceof LocalDateTime ts) {
      return dev.orbit.node.sql.types.DateTimes.format(
          new dev.orbit.node.sql.types.DateTimeValues.PgTimestamp(
              toMicros(ts.toInstant(ZoneOffset.UTC))),
          SESSION_IO.get());
    }
    if (v instanceof OffsetDateTime ts) {
      return dev.orbit.node.sql.types.DateTimes.format(
          new dev.orbit.node.sql.types.DateTimeValues.PgTimestampTz(toMicros(ts.toInstant())),
          SESSION_IO.get());
    }
    if (v instanceof LocalDate d) {
      return dev.orbit.node.sql.types.DateTimes.format(
          new dev.orbit.node.sql.types.DateTimeValues.PgDate(
              (int) ChronoUnit.DAYS.between(PG_EPOCH, d)),
          SESSION_IO.get());
    }
    if (v instanceof List<?> list) {
      // a real[]'s elements are shown as float4 (0.1, not 0.10000000149011612)
      PgType et = t != null && t.isArray() ? t.element() : PgType.TEXT;
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        Object e = list.get(i);
        String s = e == null ? "NULL" : toText(e, et);
        boolean quote = e != null && (s.isEmpty() || s.matches(".*[\\s,{}\"\\\\].*"));
        sb.append(quote ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : s);
      }
      return sb.append('}').toString();
    }
    return v.toString();
  }

  static String formatDouble(double d, boolean single) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    String s = single ? Float.toString((float) d) : Double.toString(d);
    int e = s.indexOf('E');
    if (e < 0) {
      return s;
    }
    String mant = s.substring(0, e);
    if (mant.endsWith(".0")) {
      mant = mant.substring(0, mant.length() - 2);
    }
    int exp = Integer.parseInt(s.substring(e + 1));
    return mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
  }

  /** Parses client text as a value of {@code t}; bad text fails with 22P02. */
  public static Object fromText(String s, PgType t) {
    if (s == null) {
      return null;
    }
    try {
      switch (t) {
        case INT2:
        case INT4:
        case INT8:
        case OID:
        case REGPROC:
        case REGTYPE:
          return parseInteger(s, t);
        case FLOAT4:
          return (double) dev.orbit.node.sql.types.Floats.parseFloat(s);
        case FLOAT8:
          return parseDouble(s);
        case NUMERIC:
          return new BigDecimal(s.trim());
        case BOOL:
          return parseBool(s);
        case BYTEA:
          return parseBytea(s);
        case DATE:
          {
            dev.orbit.node.sql.types.DateTimeValues.PgDate d =
                dev.orbit.node.sql.types.DateTimes.parseDate(s, SESSION_IO.get());
            if (!d.finite()) {
              throw SqlException.unsupported("infinite dates");
            }
            return PG_EPOCH.plusDays(d.days());
          }
        case TIMESTAMP:
          return fromMicros(
                  dev.orbit.node.sql.types.DateTimes.parseTimestamp(s, -1, SESSION_IO.get())
                      .micros())
              .toLocalDateTime();
        case TIMESTAMPTZ:
          return fromMicros(
              dev.orbit.node.sql.types.DateTimes.parseTimestampTz(s, -1, SESSION_IO.get())
                  .micros());
        case UUID:
          return UUID.fromString(s.trim());
        case JSON:
          dev.orbit.node.sql.types.Json.parse(s);
          return s;
        case JSONB: // stored and shown normalized: {"a": 1}, keys sorted, last duplicate wins
          return dev.orbit.node.sql.types.Json.toText(dev.orbit.node.sql.types.Json.parseJsonb(s));
        case BPCHAR:
        default:
          return s;
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw SqlException.badInput(t.sqlName, s);
    } catch (IllegalArgumentException e) {
      throw SqlException.badInput(t.sqlName, s);
    }
  }

  private static Double parseDouble(String s) {
    // PostgreSQL's input rules and range errors ("1e400" is out of range for type double precision)
    return dev.orbit.node.sql.types.Floats.parseDouble(s);
  }

  static Boolean parseBool(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "t":
      case "true":
      case "yes":
      case "y":
      case "on":
      case "1":
        return true;
      case "f":
      case "false":
      case "no":
      case "n":
      case "off":
      case "0":
        return false;
      default:
        throw SqlException.badInput("boolean", s);
    }
  }

  private static byte[] parseBytea(String s) {
    return dev.orbit.node.sql.types.Bytea.parse(s);
  }

  private static OffsetDateTime parseTimestamp(String s) {
    String t = s.trim();
    if (t.equalsIgnoreCase("now")) {
      return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
    t = t.replaceAll("\\s+([+-]\\d)", "$1");
    var parsed = TS_IN.parse(t);
    LocalDateTime ldt =
        LocalDateTime.of(
            LocalDate.from(parsed),
            parsed.isSupported(ChronoField.HOUR_OF_DAY)
                ? java.time.LocalTime.of(
                    parsed.get(ChronoField.HOUR_OF_DAY),
                    parsed.isSupported(ChronoField.MINUTE_OF_HOUR)
                        ? parsed.get(ChronoField.MINUTE_OF_HOUR)
                        : 0,
                    parsed.isSupported(ChronoField.SECOND_OF_MINUTE)
                        ? parsed.get(ChronoField.SECOND_OF_MINUTE)
                        : 0,
                    parsed.isSupported(ChronoField.NANO_OF_SECOND)
                        ? parsed.get(ChronoField.NANO_OF_SECOND) / 1000 * 1000
                        : 0)
                : java.time.LocalTime.MIDNIGHT);
    ZoneOffset off =
        parsed.isSupported(ChronoField.OFFSET_SECONDS)
            ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
            : ZoneOffset.UTC;
    return ldt.atOffset(off);
  }

  /** Integer input (int2in/int4in/int8in): a well-formed value out of range is 22003 naming it. */
  private static Long parseInteger(String s, PgType t) {
    String d = s.trim();
    try {
      return checkRange(Long.parseLong(d), t);
    } catch (NumberFormatException | SqlException e) {
      if (d.matches("[+-]?[0-9]+") && t != PgType.OID) {
        throw new SqlException(
            "22003", "value \"" + s + "\" is out of range for type " + t.sqlName);
      }
      throw e;
    }
  }

  static Long checkRange(long v, PgType t) {
    if ((t == PgType.INT2 && (v < Short.MIN_VALUE || v > Short.MAX_VALUE))
        || (t == PgType.INT4 && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE))) {
      throw new SqlException("22003", t.sqlName + " out of range");
    }
    return v;
  }

  // ---- binary format ----

  /** The binary wire form of {@code v}; types without one are sent as their text. */
  public static byte[] toBinary(Object v, PgType t) {
    if (t.isArray()) {
      return ArrayBinary.send(v, t);
    }
    switch (t) {
      case INT2:
        return ByteBuffer.allocate(2).putShort((short) asLong(v)).array();
      case INT4:
      case OID:
      case REGCLASS:
      case REGPROC:
      case REGTYPE:
        return ByteBuffer.allocate(4).putInt((int) asLong(v)).array();
      case INT8:
        return ByteBuffer.allocate(8).putLong(asLong(v)).array();
      case FLOAT4:
        return ByteBuffer.allocate(4).putFloat(((Number) v).floatValue()).array();
      case FLOAT8:
        return ByteBuffer.allocate(8).putDouble(((Number) v).doubleValue()).array();
      case BOOL:
        return new byte[] {(byte) (((Boolean) v) ? 1 : 0)};
      case BYTEA:
        return (byte[]) v;
      case DATE:
        return ByteBuffer.allocate(4)
            .putInt((int) ChronoUnit.DAYS.between(PG_EPOCH, (LocalDate) v))
            .array();
      case TIMESTAMP:
        return ByteBuffer.allocate(8)
            .putLong(ChronoUnit.MICROS.between(PG_EPOCH_TS, (LocalDateTime) v))
            .array();
      case TIMESTAMPTZ:
        return ByteBuffer.allocate(8)
            .putLong(
                ChronoUnit.MICROS.between(
                    PG_EPOCH_TS.toInstant(ZoneOffset.UTC), ((OffsetDateTime) v).toInstant()))
            .array();
      case UUID:
        UUID u = (UUID) v;
        return ByteBuffer.allocate(16)
            .putLong(u.getMostSignificantBits())
            .putLong(u.getLeastSignificantBits())
            .array();
      case NUMERIC:
        return numericToBinary(toDecimal(v));
      default:
        return toText(v, t).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Parses a binary parameter of type {@code t}. */
  public static Object fromBinary(byte[] b, PgType t) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    try {
      if (t.isArray()) {
        return ArrayBinary.receive(buf, t);
      }
      switch (t) {
        case INT2:
          return (long) buf.getShort();
        case INT4:
        case OID:
          return (long) buf.getInt();
        case INT8:
          return buf.getLong();
        case FLOAT4:
          return (double) buf.getFloat();
        case FLOAT8:
          return buf.getDouble();
        case BOOL:
          return b[0] != 0;
        case BYTEA:
          return b;
        case DATE:
          return PG_EPOCH.plusDays(buf.getInt());
        case TIMESTAMP:
          return PG_EPOCH_TS.plus(buf.getLong(), ChronoUnit.MICROS);
        case TIMESTAMPTZ:
          return OffsetDateTime.ofInstant(
              PG_EPOCH_TS.toInstant(ZoneOffset.UTC).plus(buf.getLong(), ChronoUnit.MICROS),
              ZoneOffset.UTC);
        case UUID:
          return new UUID(buf.getLong(), buf.getLong());
        case NUMERIC:
          return numericFromBinary(buf);
        default:
          return fromText(new String(b, StandardCharsets.UTF_8), t);
      }
    } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new SqlException(
          "22P03", "incorrect binary data format for type " + t.sqlName + " parameter");
    }
  }

  static byte[] numericToBinary(BigDecimal v) {
    int dscale = Math.max(0, v.scale());
    BigDecimal abs = v.abs().setScale(((dscale + 3) / 4) * 4, RoundingMode.UNNECESSARY);
    String digits = abs.unscaledValue().toString();
    int fracGroups = abs.scale() / 4;
    int intLen = digits.length() - abs.scale();
    int pad = intLen > 0 ? (4 - intLen % 4) % 4 : 0;
    if (intLen <= 0) {
      digits = "0".repeat(-intLen) + digits;
      intLen = 0;
    }
    digits = "0".repeat(pad) + digits;
    int groups = digits.length() / 4;
    short[] d = new short[groups];
    for (int i = 0; i < groups; i++) {
      d[i] = Short.parseShort(digits.substring(i * 4, i * 4 + 4));
    }
    int weight = groups - fracGroups - 1;
    int start = 0;
    int end = groups;
    while (start < end && d[start] == 0) {
      start++;
      weight--;
    }
    while (end > start && d[end - 1] == 0) {
      end--;
    }
    if (start == end) {
      weight = 0;
    }
    ByteBuffer b = ByteBuffer.allocate(8 + 2 * (end - start));
    b.putShort((short) (end - start)).putShort((short) weight);
    b.putShort((short) (v.signum() < 0 ? 0x4000 : 0)).putShort((short) dscale);
    for (int i = start; i < end; i++) {
      b.putShort(d[i]);
    }
    return b.array();
  }

  private static BigDecimal numericFromBinary(ByteBuffer b) {
    int n = b.getShort();
    int weight = b.getShort();
    int sign = b.getShort() & 0xFFFF;
    int dscale = b.getShort();
    if (sign == 0xC000) {
      throw SqlException.unsupported("numeric NaN");
    }
    BigDecimal out = BigDecimal.ZERO;
    for (int i = 0; i < n; i++) {
      out = out.add(BigDecimal.valueOf(b.getShort()).scaleByPowerOfTen(4 * (weight - i)));
    }
    out = out.setScale(dscale, RoundingMode.HALF_UP);
    return sign == 0x4000 ? out.negate() : out;
  }

  // ---- coercion and comparison ----

  public static long asLong(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof String s) {
      return (Long) fromText(s, PgType.INT8);
    }
    throw new SqlException("42804", "cannot use " + v.getClass().getSimpleName() + " as integer");
  }

  public static BigDecimal toDecimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d);
    }
    if (v instanceof String s) {
      return (BigDecimal) fromText(s, PgType.NUMERIC);
    }
    throw new SqlException("42804", "cannot use value as numeric");
  }

  /** Converts {@code v} to a value of type {@code t} (assignment and explicit casts). */
  public static Object coerce(Object v, PgType t, int typmod) {
    if (v == null) {
      return null;
    }
    if (t == PgType.INT2VECTOR || t == PgType.OIDVECTOR) {
      return v;
    }
    if (t.isArray()) { // arrays are kept in their text form ({1,2}); ArrayElements checks elements
      return v instanceof List<?> ? toText(v, t) : v;
    }
    switch (t) {
      case INT2:
      case INT4:
      case INT8:
      case OID:
      case REGPROC:
      case REGTYPE:
      case REGNAMESPACE:
      case REGPROCEDURE:
        if (v instanceof Long l) {
          return checkRange(l, t);
        }
        if (v instanceof Double || v instanceof BigDecimal) {
          BigDecimal d = toDecimal(v).setScale(0, RoundingMode.HALF_EVEN);
          if (d.toBigInteger().bitLength() > 63) {
            throw new SqlException("22003", t.sqlName + " out of range");
          }
          return checkRange(d.longValueExact(), t);
        }
        if (v instanceof Boolean b && t == PgType.INT4) {
          return b ? 1L : 0L;
        }
        return fromText(v.toString(), t);
      case FLOAT4:
      case FLOAT8:
        if (v instanceof Number n) {
          return t == PgType.FLOAT4 ? (double) n.floatValue() : n.doubleValue();
        }
        return fromText(v.toString(), t);
      case NUMERIC:
        BigDecimal d =
            v instanceof Number || v instanceof String ? toDecimal(v) : toDecimal(v.toString());
        if (typmod > 0) {
          int precision = typmod >> 16;
          int scale = typmod & 0xFFFF;
          d = d.setScale(scale, RoundingMode.HALF_UP);
          if (d.precision() - d.scale() > precision - scale) {
            throw new SqlException("22003", "numeric field overflow");
          }
        }
        return d;
      case BOOL:
        if (v instanceof Boolean) {
          return v;
        }
        if (v instanceof Long l) {
          return l != 0;
        }
        return parseBool(v.toString());
      case JSON:
      case JSONB:
        {
          String j = v instanceof String str ? str : toText(v, typeOf(v));
          Object parsed = dev.orbit.node.sql.types.Json.parse(j); // invalid JSON is refused
          return t == PgType.JSONB
              ? dev.orbit.node.sql.types.Json.toText(
                  dev.orbit.node.sql.types.Json.normalize(parsed))
              : j;
        }
      case TEXT:
      case NAME:
      case CHAR:
        return v instanceof String ? v : toText(v, typeOf(v));
      case VARCHAR:
      case BPCHAR:
        String s = v instanceof String str ? str : toText(v, typeOf(v));
        if (typmod > 0 && s.length() > typmod) {
          String rest = s.substring(typmod);
          if (!rest.isBlank()) {
            throw new SqlException(
                "22001", "value too long for type " + t.sqlName + "(" + typmod + ")");
          }
          s = s.substring(0, typmod);
        }
        if (t == PgType.BPCHAR && typmod > 0 && s.length() < typmod) {
          s = s + " ".repeat(typmod - s.length()); // character(n) is blank-padded
        }
        return s;
      case BYTEA:
        return v instanceof byte[] ? v : fromText(v.toString(), t);
      case DATE:
        if (v instanceof LocalDateTime ts) {
          return ts.toLocalDate();
        }
        if (v instanceof OffsetDateTime ts) {
          return ts.toLocalDate();
        }
        return v instanceof LocalDate ? v : fromText(v.toString(), t);
      case TIMESTAMP:
        if (v instanceof OffsetDateTime ts) {
          return ts.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (v instanceof LocalDate ld) {
          return ld.atStartOfDay();
        }
        return v instanceof LocalDateTime ? v : fromText(v.toString(), t);
      case TIMESTAMPTZ:
        if (v instanceof LocalDateTime ts) {
          return ts.atOffset(ZoneOffset.UTC);
        }
        if (v instanceof LocalDate ld) {
          return ld.atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        return v instanceof OffsetDateTime ? v : fromText(v.toString(), t);
      case UUID:
        return v instanceof UUID ? v : fromText(v.toString(), t);
      default:
        return v;
    }
  }

  /** The natural type of a runtime value (for untyped contexts). */
  public static PgType typeOf(Object v) {
    if (v instanceof Long) {
      return PgType.INT8;
    }
    if (v instanceof Double) {
      return PgType.FLOAT8;
    }
    if (v instanceof BigDecimal) {
      return PgType.NUMERIC;
    }
    if (v instanceof Boolean) {
      return PgType.BOOL;
    }
    if (v instanceof byte[]) {
      return PgType.BYTEA;
    }
    if (v instanceof LocalDate) {
      return PgType.DATE;
    }
    if (v instanceof LocalDateTime) {
      return PgType.TIMESTAMP;
    }
    if (v instanceof OffsetDateTime) {
      return PgType.TIMESTAMPTZ;
    }
    if (v instanceof UUID) {
      return PgType.UUID;
    }
    if (v instanceof List) {
      return PgType.TEXT_ARRAY;
    }
    return PgType.TEXT;
  }

  /** SQL comparison of two non-null values; a string meets other types by parsing it. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof Number || b instanceof Number) {
      if (a instanceof String s) {
        a = fromText(s, b instanceof Long ? PgType.INT8 : PgType.NUMERIC);
      }
      if (b instanceof String s) {
        b = fromText(s, a instanceof Long ? PgType.INT8 : PgType.NUMERIC);
      }
      if (a instanceof Long x && b instanceof Long y) {
        return Long.compare(x, y);
      }
      if (a instanceof Double || b instanceof Double) {
        return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
      }
      return toDecimal(a).compareTo(toDecimal(b));
    }
    if (a instanceof String s && b instanceof List) { // an array literal meets an array
      a = Functions.parseArray(s);
    } else if (b instanceof String s && a instanceof List) {
      b = Functions.parseArray(s);
    }
    if (a instanceof String s && !(b instanceof String)) {
      a = coerce(s, typeOf(b), -1);
    } else if (b instanceof String s && !(a instanceof String)) {
      b = coerce(s, typeOf(a), -1);
    }
    if (a instanceof OffsetDateTime x && b instanceof LocalDateTime y) {
      b = y.atOffset(ZoneOffset.UTC);
    } else if (a instanceof LocalDateTime x && b instanceof OffsetDateTime y) {
      a = x.atOffset(ZoneOffset.UTC);
    } else if (a instanceof LocalDate x && b instanceof LocalDateTime) {
      a = x.atStartOfDay();
    } else if (a instanceof LocalDateTime && b instanceof LocalDate y) {
      b = y.atStartOfDay();
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return java.util.Arrays.compareUnsigned(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
        int c = compare(x.get(i), y.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(x.size(), y.size());
    }
    if (a.getClass() != b.getClass()) {
      throw new SqlException(
          "42883", "operator does not exist: " + typeOf(a).sqlName + " = " + typeOf(b).sqlName);
    }
    return ((Comparable) a).compareTo(b);
  }

  /** Equality used by DISTINCT, GROUP BY and joins (nulls equal each other). */
  public static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    return compare(a, b) == 0;
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
