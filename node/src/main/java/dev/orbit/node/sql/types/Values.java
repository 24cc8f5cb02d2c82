package dev.orbit.node.sql.types;

import dev.orbit.node.sql.SqlException;
import dev.orbit.node.sql.types.DateTimeValues.PgDate;
import dev.orbit.node.sql.types.DateTimeValues.PgInterval;
import dev.orbit.node.sql.types.DateTimeValues.PgTime;
import dev.orbit.node.sql.types.DateTimeValues.PgTimeTz;
import dev.orbit.node.sql.types.DateTimeValues.PgTimestamp;
import dev.orbit.node.sql.types.DateTimeValues.PgTimestampTz;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Text input and output of every type (PostgreSQL's *in / *out functions), value ordering and the
 * keys equal values share for grouping. Runtime classes: Long (integers, OIDs), Float, Double,
 * BigDecimal or {@link Numerics.Special} (numeric), Boolean, String, byte[], the records of {@link
 * DateTimeValues}, UUID, {@link Jsonb}, {@link PgArray}, {@link BitString}, {@link PgRecord}.
 */
public final class Values {
  private Values() {}

  // ---- text input ----

  public static Object in(String s, PgType t, int typmod, IoContext c) {
    if (s == null) {
      return null;
    }
    switch (t) {
      case INT2, INT4, INT8:
        return Ints.parse(s, t);
      case OID,
      REGPROC,
      REGPROCEDURE,
      REGCLASS,
      REGTYPE,
      REGNAMESPACE,
      REGROLE,
      REGOPER,
      REGOPERATOR,
      XID,
      CID:
        return Ints.parse(s, PgType.OID);
      case FLOAT4:
        return Floats.parseFloat(s);
      case FLOAT8:
        return Floats.parseDouble(s);
      case NUMERIC:
        return Numerics.applyTypmod(Numerics.parse(s), typmod);
      case BOOL:
        return parseBool(s);
      case TEXT, NAME, UNKNOWN, CSTRING, REFCURSOR:
        return t == PgType.NAME ? truncateName(s) : s;
      case CHAR:
        return s.isEmpty() ? "" : s.substring(0, s.offsetByCodePoints(0, 1));
      case VARCHAR:
        return Strings.varchar(s, typmod, false);
      case BPCHAR:
        return Strings.bpchar(s, typmod, false);
      case BYTEA:
        return Bytea.parse(s);
      case DATE:
        return DateTimes.parseDate(s, c);
      case TIME:
        return DateTimes.parseTime(s, typmod, c);
      case TIMETZ:
        return DateTimes.parseTimeTz(s, typmod, c);
      case TIMESTAMP:
        return DateTimes.parseTimestamp(s, typmod, c);
      case TIMESTAMPTZ:
        return DateTimes.parseTimestampTz(s, typmod, c);
      case INTERVAL:
        return DateTimes.parseInterval(s, typmod, c);
      case UUID:
        return parseUuid(s);
      case JSON:
        Json.parse(s);
        return s;
      case JSONB:
        return Jsonb.parse(s);
      case BIT, VARBIT:
        return BitString.parse(s, t == PgType.VARBIT).withTypmod(typmod, t == PgType.VARBIT, false);
      case INT2VECTOR, OIDVECTOR:
        {
          List<Object> items = new ArrayList<>();
          for (String p : s.trim().split("\\s+")) {
            if (!p.isEmpty()) {
              items.add(Ints.parse(p, t == PgType.INT2VECTOR ? PgType.INT2 : PgType.OID));
            }
          }
          PgArray a = PgArray.of(t == PgType.INT2VECTOR ? PgType.INT2 : PgType.OID, items);
          return items.isEmpty() ? a : new PgArray(a.elementType, a.dims, new int[] {0}, a.items);
        }
      case VOID:
        return null;
      default:
        if (t.isArray()) {
          PgType e = t.elementType();
          return ArrayIO.parse(s, e, ',', x -> in(x, e, typmod, c));
        }
        throw new SqlException("0A000", "input of type " + t.sqlName() + " is not supported");
    }
  }

  static String truncateName(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (b.length <= 63) {
      return s;
    }
    String t = s;
    while (t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  public static Boolean parseBool(String s) {
    String t = s.strip().toLowerCase();
    if (!t.isEmpty()) {
      if ("true".startsWith(t) || "yes".startsWith(t) || t.equals("on") || t.equals("1")) {
        return Boolean.TRUE;
      }
      if ("false".startsWith(t)
          || "no".startsWith(t)
          || t.equals("off")
          || t.equals("0")
          || (t.length() >= 2 && "off".startsWith(t))) {
        return Boolean.FALSE;
      }
    }
    throw new SqlException("22P02", "invalid input syntax for type boolean: \"" + s + "\"");
  }

  static UUID parseUuid(String s) {
    String t = s.strip();
    if (t.startsWith("{") && t.endsWith("}")) {
      t = t.substring(1, t.length() - 1);
    }
    String hex = t.replace("-", "");
    boolean ok = hex.length() == 32 && hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
    // PostgreSQL accepts a hyphen after any group of four digits
    if (ok) {
      int k = 0;
      int digits = 0;
      while (k < t.length()) {
        if (t.charAt(k) == '-') {
          if (digits == 0 || digits % 4 != 0 || k == t.length() - 1 || t.charAt(k + 1) == '-') {
            ok = false;
            break;
          }
        } else {
          digits++;
        }
        k++;
      }
    }
    if (!ok) {
      throw new SqlException("22P02", "invalid input syntax for type uuid: \"" + s + "\"");
    }
    return new UUID(
        Long.parseUnsignedLong(hex.substring(0, 16), 16),
        Long.parseUnsignedLong(hex.substring(16), 16));
  }

  // ---- text output ----

  public static String out(Object v, PgType t, IoContext c) {
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Long l) {
      return Long.toString(l);
    }
    if (v instanceof Boolean b) {
      return b ? "t" : "f";
    }
    if (v instanceof Double d) {
      return c.extraFloatDigits() > 0 ? Floats.format(d) : legacyDouble(d, c.extraFloatDigits());
    }
    if (v instanceof Float f) {
      return c.extraFloatDigits() > 0 ? Floats.format(f) : legacyFloat(f, c.extraFloatDigits());
    }
    if (v instanceof BigDecimal || v instanceof Numerics.Special) {
      return Numerics.format(v);
    }
    if (v instanceof byte[] b) {
      return Bytea.format(b, c.byteaHex());
    }
    if (v instanceof PgTimestampTz ts) {
      return DateTimes.format(ts, c);
    }
    if (v instanceof PgTimestamp ts) {
      return DateTimes.format(ts, c);
    }
    if (v instanceof PgDate d) {
      return DateTimes.format(d, c);
    }
    if (v instanceof PgTime tm) {
      return DateTimes.format(tm, c);
    }
    if (v instanceof PgTimeTz tm) {
      return DateTimes.format(tm, c);
    }
    if (v instanceof PgInterval iv) {
      return DateTimes.format(iv, c);
    }
    if (v instanceof UUID u) {
      return u.toString();
    }
    if (v instanceof Jsonb j) {
      return j.toString();
    }
    if (v instanceof BitString b) {
      return b.toString();
    }
    if (v instanceof PgArray a) {
      if (t == PgType.INT2VECTOR || t == PgType.OIDVECTOR) {
        StringBuilder b = new StringBuilder();
        for (Object x : a.items) {
          if (b.length() > 0) {
            b.append(' ');
          }
          b.append(x);
        }
        return b.toString();
      }
      PgType e = a.elementType;
      return ArrayIO.format(a, ',', x -> out(x, e, c));
    }
    if (v instanceof PgRecord r) {
      return recordOut(r, c);
    }
    return v.toString();
  }

  static String recordOut(PgRecord r, IoContext c) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < r.values().length; i++) {
      if (i > 0) {
        b.append(',');
      }
      Object v = r.values()[i];
      if (v == null) {
        continue;
      }
      PgType t = r.types() != null && i < r.types().size() ? r.types().get(i) : typeOf(v);
      String s = out(v, t, c);
      boolean quote = s.isEmpty();
      for (int k = 0; k < s.length() && !quote; k++) {
        char ch = s.charAt(k);
        quote =
            ch == '"'
                || ch == '\\'
                || ch == '('
                || ch == ')'
                || ch == ','
                || Character.isWhitespace(ch);
      }
      if (!quote) {
        b.append(s);
      } else {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
          char ch = s.charAt(k);
          if (ch == '"' || ch == '\\') {
            b.append(ch);
          }
          b.append(ch);
        }
        b.append('"');
      }
    }
    return b.append(')').toString();
  }

  private static String legacyDouble(double d, int extra) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Floats.format(d);
    }
    return gFormat(d, Math.max(1, 15 + extra));
  }

  private static String legacyFloat(float f, int extra) {
    if (Float.isNaN(f) || Float.isInfinite(f)) {
      return Floats.format(f);
    }
    return gFormat(f, Math.max(1, 6 + extra));
  }

  /** C's %.{p}g. */
  static String gFormat(double d, int p) {
    if (d == 0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    BigDecimal b =
        new BigDecimal(d).round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
    int exp = b.precision() - b.scale() - 1;
    if (exp < -4 || exp >= p) {
      BigDecimal m = b.movePointLeft(exp).stripTrailingZeros();
      String ms = m.toPlainString();
      return ms + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    String s = b.stripTrailingZeros().toPlainString();
    return s;
  }

  // ---- ordering and keys ----

  /** The natural type of a runtime value (for contexts without a declared type). */
  public static PgType typeOf(Object v) {
    if (v instanceof Long) {
      return PgType.INT8;
    }
    if (v instanceof Double) {
      return PgType.FLOAT8;
    }
    if (v instanceof Float) {
      return PgType.FLOAT4;
    }
    if (v instanceof BigDecimal || v instanceof Numerics.Special) {
      return PgType.NUMERIC;
    }
    if (v instanceof Boolean) {
      return PgType.BOOL;
    }
    if (v instanceof byte[]) {
      return PgType.BYTEA;
    }
    if (v instanceof PgDate) {
      return PgType.DATE;
    }
    if (v instanceof PgTimestamp) {
      return PgType.TIMESTAMP;
    }
    if (v instanceof PgTimestampTz) {
      return PgType.TIMESTAMPTZ;
    }
    if (v instanceof PgTime) {
      return PgType.TIME;
    }
    if (v instanceof PgTimeTz) {
      return PgType.TIMETZ;
    }
    if (v instanceof PgInterval) {
      return PgType.INTERVAL;
    }
    if (v instanceof UUID) {
      return PgType.UUID;
    }
    if (v instanceof Jsonb) {
      return PgType.JSONB;
    }
    if (v instanceof BitString) {
      return PgType.VARBIT;
    }
    if (v instanceof PgArray a) {
      PgType at = a.elementType == null ? null : a.elementType.arrayType();
      return at == null ? PgType.TEXT_ARRAY : at;
    }
    if (v instanceof PgRecord) {
      return PgType.RECORD;
    }
    return PgType.TEXT;
  }

  /** Compares two non-null values of one type (bpchar ignores trailing spaces). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object a, Object b, PgType t) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof String x && b instanceof String y) {
      if (t == PgType.BPCHAR) {
        return Strings.compare(Strings.trimTrailing(x), Strings.trimTrailing(y));
      }
      return Strings.compare(x, y);
    }
    if (a instanceof Double x && b instanceof Double y) {
      return Floats.compare(x, y);
    }
    if (a instanceof Float x && b instanceof Float y) {
      return Floats.compare(x, y);
    }
    if (Numerics.isNumeric(a) && Numerics.isNumeric(b)) {
      return Numerics.compare(a, b);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.compareUnsigned(x, y);
    }
    if (a instanceof UUID x && b instanceof UUID y) {
      int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
      return c != 0
          ? c
          : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
    }
    if (a instanceof PgArray x && b instanceof PgArray y) {
      PgType e = x.elementType;
      int n = Math.min(x.items.length, y.items.length);
      for (int i = 0; i < n; i++) {
        Object p = x.items[i];
        Object q = y.items[i];
        if (p == null || q == null) {
          if (p != q) {
            return p == null ? 1 : -1;
          }
          continue;
        }
        int c = compare(p, q, e);
        if (c != 0) {
          return c;
        }
      }
      int c = Integer.compare(x.items.length, y.items.length);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(x.dims.length, y.dims.length);
      if (c != 0) {
        return c;
      }
      for (int d = 0; d < x.dims.length; d++) {
        c = Integer.compare(x.dims[d], y.dims[d]);
        if (c != 0) {
          return c;
        }
        c = Integer.compare(x.lbounds[d], y.lbounds[d]);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }
    if (a instanceof PgRecord x && b instanceof PgRecord y) {
      int n = Math.min(x.values().length, y.values().length);
      for (int i = 0; i < n; i++) {
        Object p = x.values()[i];
        Object q = y.values()[i];
        if (p == null || q == null) {
          if (p != q) {
            return p == null ? 1 : -1;
          }
          continue;
        }
        int c = compare(p, q, typeOf(p));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(x.values().length, y.values().length);
    }
    if (a instanceof Comparable && a.getClass() == b.getClass()) {
      return ((Comparable) a).compareTo(b);
    }
    throw new SqlException(
        "42883",
        "could not compare values of type " + typeOf(a).sqlName() + " and " + typeOf(b).sqlName());
  }

  /** A key equal for values PostgreSQL's equality treats as equal (for hashing). */
  public static Object key(Object v, PgType t) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal) {
      return Numerics.key(v);
    }
    if (v instanceof Double d) {
      return d == 0.0 ? 0.0 : Double.isNaN(d) ? Double.NaN : d;
    }
    if (v instanceof Float f) {
      return f == 0.0f ? 0.0f : f;
    }
    if (v instanceof String s && t == PgType.BPCHAR) {
      return Strings.trimTrailing(s);
    }
    if (v instanceof PgInterval iv) {
      return iv.key();
    }
    if (v instanceof byte[] b) {
      return java.nio.ByteBuffer.wrap(b);
    }
    if (v instanceof PgArray a) {
      List<Object> k = new ArrayList<>(a.items.length + 2);
      for (Object x : a.items) {
        k.add(key(x, a.elementType));
      }
      k.add(Arrays.toString(a.dims));
      k.add(Arrays.toString(a.lbounds));
      return k;
    }
    if (v instanceof PgRecord r) {
      List<Object> k = new ArrayList<>();
      for (Object x : r.values()) {
        k.add(key(x, x == null ? null : typeOf(x)));
      }
      return k;
    }
    return v;
  }

  /** Whether two non-null values are equal under the type's equality. */
  public static boolean equal(Object a, Object b, PgType t) {
    return compare(a, b, t) == 0;
  }
}
