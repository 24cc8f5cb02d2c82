package dev.orbit.node.sql.types;

import dev.orbit.node.sql.SqlException;
import dev.orbit.node.sql.types.DateTimeValues.PgDate;
import dev.orbit.node.sql.types.DateTimeValues.PgInterval;
import dev.orbit.node.sql.types.DateTimeValues.PgTime;
import dev.orbit.node.sql.types.DateTimeValues.PgTimeTz;
import dev.orbit.node.sql.types.DateTimeValues.PgTimestamp;
import dev.orbit.node.sql.types.DateTimeValues.PgTimestampTz;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Which casts exist and in which contexts (pg_cast: implicit, assignment, explicit; plus
 * PostgreSQL's I/O conversions to and from string types), and how each converts a value.
 */
public final class Casts {
  /** Where a cast may be applied without being written. */
  public enum Context {
    IMPLICIT,
    ASSIGNMENT,
    EXPLICIT
  }

  private static final Map<String, Character> TABLE = new HashMap<>();

  // from>to:ContextMethod from pg_cast (contexts i/a/e)
  private static final String PG_CAST =
      "int8>int2:a int8>int4:a int8>float4:i int8>float8:i int8>numeric:i int2>int8:i int2>int4:i"
          + " int2>float4:i int2>float8:i int2>numeric:i int4>int8:i int4>int2:a int4>float4:i"
          + " int4>float8:i int4>numeric:i float4>int8:a float4>int2:a float4>int4:a"
          + " float4>float8:i float4>numeric:a float8>int8:a float8>int2:a float8>int4:a"
          + " float8>float4:a float8>numeric:a numeric>int8:a numeric>int2:a numeric>int4:a"
          + " numeric>float4:i numeric>float8:i money>numeric:a numeric>money:a int4>money:a"
          + " int8>money:a int4>bool:e bool>int4:e int8>oid:i int2>oid:i int4>oid:i oid>int8:a"
          + " oid>int4:a text>bpchar:i text>varchar:i bpchar>text:i bpchar>varchar:i"
          + " varchar>text:i varchar>bpchar:i char>text:i char>bpchar:a char>varchar:a"
          + " name>text:i name>bpchar:a name>varchar:a text>char:a bpchar>char:a varchar>char:a"
          + " text>name:i bpchar>name:i varchar>name:i char>int4:e int4>char:e date>timestamp:i"
          + " date>timestamptz:i time>interval:i time>timetz:i timestamp>date:a timestamp>time:a"
          + " timestamp>timestamptz:i timestamptz>date:a timestamptz>time:a"
          + " timestamptz>timestamp:a timestamptz>timetz:a interval>time:a timetz>time:a"
          + " bit>varbit:i varbit>bit:i int8>bit:e int4>bit:e bit>int8:e bit>int4:e bool>text:a"
          + " bool>varchar:a bool>bpchar:a json>jsonb:a jsonb>json:a jsonb>bool:e"
          + " jsonb>numeric:e jsonb>int2:e jsonb>int4:e jsonb>int8:e jsonb>float4:e jsonb>float8:e"
          + " text>regclass:i varchar>regclass:i xid8>xid:e";

  private static final PgType[] REG = {
    PgType.REGPROC,
    PgType.REGPROCEDURE,
    PgType.REGOPER,
    PgType.REGOPERATOR,
    PgType.REGCLASS,
    PgType.REGTYPE,
    PgType.REGROLE,
    PgType.REGNAMESPACE
  };

  static {
    for (String e : PG_CAST.split(" ")) {
      int gt = e.indexOf('>');
      int colon = e.indexOf(':');
      TABLE.put(e.substring(0, colon), e.charAt(colon + 1));
    }
    for (PgType r : REG) {
      TABLE.put("oid>" + r.typname, 'i');
      TABLE.put(r.typname + ">oid", 'i');
      TABLE.put("int8>" + r.typname, 'i');
      TABLE.put("int2>" + r.typname, 'i');
      TABLE.put("int4>" + r.typname, 'i');
      TABLE.put(r.typname + ">int8", 'a');
      TABLE.put(r.typname + ">int4", 'a');
    }
    TABLE.put("regproc>regprocedure", 'i');
    TABLE.put("regprocedure>regproc", 'i');
    TABLE.put("regoper>regoperator", 'i');
    TABLE.put("regoperator>regoper", 'i');
  }

  private Casts() {}

  /** The context a cast from → to is allowed in, or null when there is none. */
  public static Context context(PgType from, PgType to) {
    if (from == to) {
      return Context.IMPLICIT;
    }
    if (from == PgType.UNKNOWN) {
      return Context.IMPLICIT;
    }
    Character c = TABLE.get(from.typname + ">" + to.typname);
    if (c != null) {
      return c == 'i' ? Context.IMPLICIT : c == 'a' ? Context.ASSIGNMENT : Context.EXPLICIT;
    }
    if (from.isArray() && to.isArray()) {
      Context e = context(from.elementType(), to.elementType());
      return e;
    }
    if (to == PgType.TEXT || to == PgType.VARCHAR || to == PgType.BPCHAR || to == PgType.NAME) {
      return from.isPseudo() && from != PgType.RECORD ? null : Context.ASSIGNMENT;
    }
    if (from == PgType.TEXT
        || from == PgType.VARCHAR
        || from == PgType.BPCHAR
        || from == PgType.NAME) {
      return to.isPseudo() ? null : Context.EXPLICIT;
    }
    if ((from == PgType.INT2VECTOR && to == PgType.INT2_ARRAY)
        || (from == PgType.OIDVECTOR && to == PgType.OID_ARRAY)) {
      return Context.IMPLICIT;
    }
    return null;
  }

  public static boolean allowed(PgType from, PgType to, Context in) {
    Context c = context(from, to);
    return c != null && c.ordinal() <= in.ordinal();
  }

  // ---- conversion ----

  /** Converts a non-null value of type from into type to (with to's typmod). */
  public static Object convert(
      Object v, PgType from, PgType to, int typmod, boolean explicit, IoContext c) {
    if (v == null) {
      return null;
    }
    if (from == to) {
      return applyTypmod(v, to, typmod, explicit);
    }
    if (from == PgType.UNKNOWN || (isString(from) && !isString(to) && v instanceof String)) {
      if (to.isPseudo()) {
        return v;
      }
      return applyTypmod(
          Values.in((String) v, to, explicit ? -1 : typmod, c), to, typmod, explicit);
    }
    switch (to) {
      case INT2, INT4, INT8:
        return toInt(v, from, to);
      case OID,
      REGPROC,
      REGPROCEDURE,
      REGOPER,
      REGOPERATOR,
      REGCLASS,
      REGTYPE,
      REGROLE,
      REGNAMESPACE:
        if (v instanceof Long l) {
          if (l < Integer.MIN_VALUE || l > 0xFFFFFFFFL) {
            throw new SqlException("22003", "OID out of range");
          }
          return l < 0 ? l + (1L << 32) : l;
        }
        break;
      case FLOAT4:
        return toFloat4(v);
      case FLOAT8:
        return toFloat8(v);
      case NUMERIC:
        if (v instanceof Jsonb j) {
          return jsonbScalar(j, BigDecimal.class, "numeric");
        }
        return Numerics.applyTypmod(Numerics.of(v), typmod);
      case BOOL:
        if (v instanceof Long l) {
          return l != 0;
        }
        if (v instanceof Jsonb j) {
          return jsonbScalar(j, Boolean.class, "boolean");
        }
        break;
      case TEXT:
      case VARCHAR:
      case BPCHAR:
      case NAME:
        {
          String s;
          if (v instanceof String str) {
            s = from == PgType.BPCHAR ? Strings.trimTrailing(str) : str;
          } else {
            s = Values.out(v, from, c);
          }
          return switch (to) {
            case VARCHAR -> Strings.varchar(s, typmod, explicit);
            case BPCHAR -> Strings.bpchar(s, typmod, explicit);
            case NAME -> Values.truncateName(s);
            default -> s;
          };
        }
      case CHAR:
        if (v instanceof Long l) {
          return l == 0 ? "" : String.valueOf((char) (l & 0xFF));
        }
        if (v instanceof String s) {
          return s.isEmpty() ? "" : s.substring(0, s.offsetByCodePoints(0, 1));
        }
        break;
      case DATE:
        if (v instanceof PgTimestamp ts) {
          return DateTimes.timestampToDate(ts.micros());
        }
        if (v instanceof PgTimestampTz ts) {
          return DateTimes.timestampToDate(DateTimes.toLocal(ts.micros(), c.zone()));
        }
        break;
      case TIMESTAMP:
        if (v instanceof PgDate d) {
          return new PgTimestamp(DateTimes.dateToTimestamp(d));
        }
        if (v instanceof PgTimestampTz ts) {
          return new PgTimestamp(
              DateTimes.adjustTimestamp(DateTimes.toLocal(ts.micros(), c.zone()), typmod));
        }
        break;
      case TIMESTAMPTZ:
        if (v instanceof PgDate d) {
          return new PgTimestampTz(DateTimes.dateToTimestampTz(d, c.zone()));
        }
        if (v instanceof PgTimestamp ts) {
          return new PgTimestampTz(
              DateTimes.adjustTimestamp(DateTimes.toUtc(ts.micros(), c.zone()), typmod));
        }
        break;
      case TIME:
        if (v instanceof PgTimestamp ts) {
          if (!ts.finite()) {
            throw new SqlException("22008", "timestamp out of range");
          }
          return new PgTime(DateTimes.adjustTime(DateTimes.timeOfDay(ts.micros()), typmod));
        }
        if (v instanceof PgTimestampTz ts) {
          if (!ts.finite()) {
            throw new SqlException("22008", "timestamp out of range");
          }
          return new PgTime(
              DateTimes.adjustTime(
                  DateTimes.timeOfDay(DateTimes.toLocal(ts.micros(), c.zone())), typmod));
        }
        if (v instanceof PgTimeTz t) {
          return new PgTime(DateTimes.adjustTime(t.micros(), typmod));
        }
        if (v instanceof PgInterval iv) {
          long us = Math.floorMod(iv.micros(), Calendar.USECS_PER_DAY);
          return new PgTime(DateTimes.adjustTime(us, typmod));
        }
        break;
      case TIMETZ:
        if (v instanceof PgTime t) {
          java.time.ZoneId z = c.zone();
          long now = c.now().getAsLong();
          Tm tm = Calendar.timestamp2tm(now, z);
          Calendar.dt2time(t.micros(), tm);
          int tz = Calendar.determineOffset(tm, z);
          return new PgTimeTz(DateTimes.adjustTime(t.micros(), typmod), tz);
        }
        if (v instanceof PgTimestampTz ts) {
          Tm tm = Calendar.timestamp2tm(ts.micros(), c.zone());
          if (tm == null) {
            throw new SqlException("22008", "timestamp out of range");
          }
          return new PgTimeTz(
              DateTimes.adjustTime(Calendar.time2t(tm.hour, tm.min, tm.sec, tm.fsec), typmod),
              tm.tz);
        }
        break;
      case INTERVAL:
        if (v instanceof PgTime t) {
          return DateTimes.adjustInterval(new PgInterval(t.micros(), 0, 0), typmod);
        }
        break;
      case JSONB:
        if (v instanceof String s && from == PgType.JSON) {
          return Jsonb.parse(s);
        }
        break;
      case JSON:
        if (v instanceof Jsonb j) {
          return j.toString();
        }
        break;
      case BIT, VARBIT:
        if (v instanceof BitString b) {
          return b.withTypmod(typmod, to == PgType.VARBIT, explicit);
        }
        if (v instanceof Long l) {
          int src = from == PgType.INT8 ? 64 : 32;
          int n = typmod > 0 ? typmod : 1;
          byte[] out = new byte[(n + 7) / 8];
          for (int i = 0; i < n; i++) {
            int fromRight = n - 1 - i; // bit position counted from the least significant
            boolean set = fromRight < src ? ((l >> fromRight) & 1) != 0 : l < 0;
            if (set) {
              out[i / 8] |= (byte) (0x80 >> (i % 8));
            }
          }
          return new BitString(n, out);
        }
        break;
      default:
        if (to.isArray() && v instanceof PgArray a) {
          PgType fe = a.elementType;
          PgType te = to.elementType();
          Object[] out = new Object[a.items.length];
          for (int i = 0; i < out.length; i++) {
            out[i] = a.items[i] == null ? null : convert(a.items[i], fe, te, typmod, explicit, c);
          }
          return new PgArray(te, a.dims, a.lbounds, out);
        }
        if (to.isArray() && from.isArray()) {
          return v;
        }
        break;
    }
    if (v instanceof Long && to == PgType.INT4 && from == PgType.CHAR) {
      return v;
    }
    if (from == PgType.CHAR && to == PgType.INT4 && v instanceof String s) {
      return s.isEmpty() ? 0L : (long) (byte) s.charAt(0);
    }
    if (isString(to)) {
      return Values.out(v, from, c);
    }
    throw new SqlException("42846", "cannot cast type " + from.sqlName() + " to " + to.sqlName());
  }

  static boolean isString(PgType t) {
    return t == PgType.TEXT
        || t == PgType.VARCHAR
        || t == PgType.BPCHAR
        || t == PgType.NAME
        || t == PgType.UNKNOWN
        || t == PgType.CHAR;
  }

  /** Applies a type's modifier to a value already of that type (length, scale, precision). */
  public static Object applyTypmod(Object v, PgType t, int typmod, boolean explicit) {
    if (v == null || typmod < 0) {
      return v;
    }
    return switch (t) {
      case NUMERIC -> Numerics.applyTypmod(v, typmod);
      case VARCHAR -> Strings.varchar((String) v, typmod, explicit);
      case BPCHAR -> Strings.bpchar((String) v, typmod, explicit);
      case TIMESTAMP ->
          new PgTimestamp(DateTimes.adjustTimestamp(((PgTimestamp) v).micros(), typmod));
      case TIMESTAMPTZ ->
          new PgTimestampTz(DateTimes.adjustTimestamp(((PgTimestampTz) v).micros(), typmod));
      case TIME -> new PgTime(DateTimes.adjustTime(((PgTime) v).micros(), typmod));
      case TIMETZ ->
          new PgTimeTz(
              DateTimes.adjustTime(((PgTimeTz) v).micros(), typmod), ((PgTimeTz) v).zone());
      case INTERVAL -> DateTimes.adjustInterval((PgInterval) v, typmod);
      case BIT, VARBIT -> ((BitString) v).withTypmod(typmod, t == PgType.VARBIT, explicit);
      default -> {
        if (t.isArray() && v instanceof PgArray a) {
          Object[] out = new Object[a.items.length];
          for (int i = 0; i < out.length; i++) {
            out[i] = applyTypmod(a.items[i], t.elementType(), typmod, explicit);
          }
          yield new PgArray(a.elementType, a.dims, a.lbounds, out);
        }
        yield v;
      }
    };
  }

  private static Object toInt(Object v, PgType from, PgType to) {
    if (v instanceof Long l) {
      return Ints.check(l, to);
    }
    if (v instanceof Double d) {
      return Floats.toLong(d, to);
    }
    if (v instanceof Float f) {
      return Floats.toLong(f, to);
    }
    if (Numerics.isNumeric(v)) {
      return Numerics.toLong(v, to);
    }
    if (v instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (v instanceof Jsonb j) {
      Object n = jsonbScalar(j, BigDecimal.class, to.sqlName());
      return Numerics.toLong(n, to);
    }
    if (v instanceof BitString b) {
      long r = 0;
      int bits = to == PgType.INT8 ? 64 : 32;
      if (b.length() > bits) {
        throw Ints.outOfRange(to);
      }
      for (int i = 0; i < b.length(); i++) {
        r = (r << 1) | (b.get(i) ? 1 : 0);
      }
      return to == PgType.INT4 ? (long) (int) r : r;
    }
    if (v instanceof String s && from == PgType.CHAR) {
      return s.isEmpty() ? 0L : (long) (byte) s.charAt(0);
    }
    throw new SqlException("42846", "cannot cast type " + from.sqlName() + " to " + to.sqlName());
  }

  private static Object toFloat8(Object v) {
    if (v instanceof Double) {
      return v;
    }
    if (v instanceof Float f) {
      return (double) f;
    }
    if (v instanceof Long l) {
      return (double) l;
    }
    if (Numerics.isNumeric(v)) {
      return Numerics.toDouble(v);
    }
    if (v instanceof Jsonb j) {
      return Numerics.toDouble(jsonbScalar(j, BigDecimal.class, "double precision"));
    }
    throw new SqlException("42846", "cannot cast to double precision");
  }

  private static Object toFloat4(Object v) {
    if (v instanceof Float) {
      return v;
    }
    double d;
    if (v instanceof Double x) {
      d = x;
      float f = (float) d;
      if (Float.isInfinite(f) && !Double.isInfinite(d)) {
        throw Floats.overflow();
      }
      if (f == 0.0f && d != 0.0) {
        throw Floats.underflow();
      }
      return f;
    }
    if (v instanceof Long l) {
      return (float) l;
    }
    if (Numerics.isNumeric(v)) {
      if (v instanceof BigDecimal b) {
        float f = Float.parseFloat(b.toString());
        if (Float.isInfinite(f)) {
          throw new SqlException(
              "22003", "\"" + b.toPlainString() + "\" is out of range for type real");
        }
        return f;
      }
      return (float) Numerics.toDouble(v);
    }
    if (v instanceof Jsonb j) {
      return (float) Numerics.toDouble(jsonbScalar(j, BigDecimal.class, "real"));
    }
    throw new SqlException("42846", "cannot cast to real");
  }

  private static Object jsonbScalar(Jsonb j, Class<?> want, String typeName) {
    Object r = j.root();
    if (want.isInstance(r)) {
      return r;
    }
    throw new SqlException(
        "22023", "cannot cast jsonb " + Json.typeName(r) + " to type " + typeName);
  }
}
