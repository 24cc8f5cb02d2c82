package dev.orbit.node.sql.types;

import dev.orbit.node.sql.SqlException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * numeric: values are BigDecimal (scale = PostgreSQL's display scale, never negative) or one of
 * {@link Special}'s NaN and ±Infinity. Results follow PostgreSQL's numeric.c: result scales of +,
 * -, *, / (select_div_scale), typmod rounding and overflow, ordering with NaN above everything.
 */
public final class Numerics {
  /** numeric's non-finite values. */
  public enum Special {
    NAN("NaN"),
    POS_INF("Infinity"),
    NEG_INF("-Infinity");

    public final String text;

    Special(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  static final int MIN_SIG_DIGITS = 16;
  static final int MAX_DISPLAY_SCALE = 1000;
  static final int MAX_RESULT_SCALE = MAX_DISPLAY_SCALE * 2;
  private static final Pattern NUMBER =
      Pattern.compile("\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*");

  private Numerics() {}

  public static boolean isNumeric(Object v) {
    return v instanceof BigDecimal || v instanceof Special;
  }

  // ---- text ----

  public static Object parse(String s) {
    String t = s.strip();
    switch (t.toLowerCase()) {
      case "nan":
        return Special.NAN;
      case "infinity", "+infinity", "inf", "+inf":
        return Special.POS_INF;
      case "-infinity", "-inf":
        return Special.NEG_INF;
      default:
        break;
    }
    if (!NUMBER.matcher(s).matches()) {
      throw SqlException.badInput("numeric", s);
    }
    BigDecimal d;
    try {
      d = new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new SqlException("22003", "value overflows numeric format");
    }
    return normalizeScale(d);
  }

  /** A BigDecimal with scale at least 0 (PostgreSQL has no negative display scale). */
  public static BigDecimal normalizeScale(BigDecimal d) {
    if (d.scale() < 0) {
      d = d.setScale(0);
    }
    if (d.scale() > MAX_RESULT_SCALE) {
      throw new SqlException("22003", "value overflows numeric format");
    }
    if (d.precision() - d.scale() > 131072) {
      throw new SqlException("22003", "value overflows numeric format");
    }
    return d;
  }

  public static String format(Object v) {
    if (v instanceof Special s) {
      return s.text;
    }
    BigDecimal d = (BigDecimal) v;
    if (d.signum() == 0) {
      return d.scale() <= 0 ? "0" : "0." + "0".repeat(d.scale());
    }
    return d.toPlainString();
  }

  // ---- typmod ----

  /** typmod of numeric(p, s) (PostgreSQL's form, with its 4-byte header offset). */
  public static int typmod(int precision, int scale) {
    return ((precision << 16) | (scale & 0x7ff)) + 4;
  }

  public static int precision(int typmod) {
    return ((typmod - 4) >> 16) & 0xffff;
  }

  public static int scale(int typmod) {
    return (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
  }

  /** Rounds to the typmod's scale and checks its precision (numeric field overflow). */
  public static Object applyTypmod(Object v, int typmod) {
    if (typmod < 4 || v == null) {
      return v;
    }
    int p = precision(typmod);
    int s = scale(typmod);
    if (v instanceof Special sp) {
      if (sp == Special.NAN) {
        return v;
      }
      throw new SqlException(
          "22003",
          "numeric field overflow",
          "A field with precision " + p + ", scale " + s + " cannot hold an infinite value.");
    }
    BigDecimal d = ((BigDecimal) v).setScale(s, RoundingMode.HALF_UP);
    int maxDigits = p - s;
    if (d.signum() != 0) {
      int intDigits = d.precision() - d.scale();
      if (intDigits > maxDigits) {
        throw new SqlException(
            "22003",
            "numeric field overflow",
            "A field with precision "
                + p
                + ", scale "
                + s
                + " must round to an absolute value less than "
                + (maxDigits > 0 ? "10^" + maxDigits : "1")
                + ".");
      }
    }
    return s < 0 ? d.setScale(0, RoundingMode.UNNECESSARY) : d;
  }

  // ---- conversions ----

  public static Object of(Object v) {
    if (v instanceof BigDecimal || v instanceof Special) {
      return v;
    }
    if (v instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    if (v instanceof Double d) {
      return fromDouble(d);
    }
    if (v instanceof Float f) {
      return fromFloat(f);
    }
    throw new IllegalArgumentException("not numeric: " + v);
  }

  /** float8 → numeric as PostgreSQL does it: through its 15-significant-digit text. */
  public static Object fromDouble(double d) {
    if (Double.isNaN(d)) {
      return Special.NAN;
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? Special.POS_INF : Special.NEG_INF;
    }
    BigDecimal b = new BigDecimal(d).round(new java.math.MathContext(15, RoundingMode.HALF_EVEN));
    return normalizeScale(b.stripTrailingZeros());
  }

  public static Object fromFloat(float f) {
    if (Float.isNaN(f)) {
      return Special.NAN;
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? Special.POS_INF : Special.NEG_INF;
    }
    BigDecimal b = new BigDecimal(f).round(new java.math.MathContext(6, RoundingMode.HALF_EVEN));
    return normalizeScale(b.stripTrailingZeros());
  }

  public static double toDouble(Object v) {
    if (v instanceof Special s) {
      return switch (s) {
        case NAN -> Double.NaN;
        case POS_INF -> Double.POSITIVE_INFINITY;
        default -> Double.NEGATIVE_INFINITY;
      };
    }
    return Double.parseDouble(((BigDecimal) v).toString());
  }

  /** numeric → integer type, rounding half away from zero; out-of-range fails. */
  public static long toLong(Object v, PgType target) {
    if (v instanceof Special s) {
      throw new SqlException(
          "0A000",
          "cannot convert " + (s == Special.NAN ? "NaN" : "infinity") + " to " + target.sqlName());
    }
    BigDecimal d = ((BigDecimal) v).setScale(0, RoundingMode.HALF_UP);
    BigInteger i = d.toBigInteger();
    if (i.bitLength() > 63) {
      throw Ints.outOfRange(target);
    }
    return Ints.check(i.longValue(), target);
  }

  // ---- comparison ----

  private static int rank(Object v) {
    if (v instanceof Special s) {
      return switch (s) {
        case NEG_INF -> -1;
        case POS_INF -> 1;
        default -> 2;
      };
    }
    return 0;
  }

  public static int compare(Object a, Object b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != 0 || rb != 0) {
      return Integer.compare(ra, rb);
    }
    return ((BigDecimal) a).compareTo((BigDecimal) b);
  }

  // ---- arithmetic ----

  private static boolean nan(Object a, Object b) {
    return a == Special.NAN || b == Special.NAN;
  }

  private static int infSign(Object v) {
    return v == Special.POS_INF ? 1 : v == Special.NEG_INF ? -1 : 0;
  }

  private static Object inf(int sign) {
    return sign > 0 ? Special.POS_INF : Special.NEG_INF;
  }

  private static int sign(Object v) {
    int s = infSign(v);
    return s != 0 ? s : ((BigDecimal) v).signum();
  }

  public static Object add(Object a, Object b) {
    if (nan(a, b)) {
      return Special.NAN;
    }
    int ia = infSign(a);
    int ib = infSign(b);
    if (ia != 0 || ib != 0) {
      if (ia != 0 && ib != 0 && ia != ib) {
        return Special.NAN;
      }
      return inf(ia != 0 ? ia : ib);
    }
    return checkSize(((BigDecimal) a).add((BigDecimal) b));
  }

  public static Object negate(Object a) {
    if (a instanceof Special s) {
      return s == Special.NAN ? s : inf(-infSign(s));
    }
    return ((BigDecimal) a).negate();
  }

  public static Object subtract(Object a, Object b) {
    return add(a, negate(b));
  }

  public static Object multiply(Object a, Object b) {
    if (nan(a, b)) {
      return Special.NAN;
    }
    int ia = infSign(a);
    int ib = infSign(b);
    if (ia != 0 || ib != 0) {
      int s = sign(a) * sign(b);
      return s == 0 ? Special.NAN : inf(s);
    }
    BigDecimal r = ((BigDecimal) a).multiply((BigDecimal) b);
    if (r.scale() > MAX_RESULT_SCALE) {
      r = r.setScale(MAX_RESULT_SCALE, RoundingMode.HALF_UP);
    }
    return checkSize(r);
  }

  public static Object divide(Object a, Object b) {
    if (nan(a, b)) {
      return Special.NAN;
    }
    if (infSign(b) == 0 && ((BigDecimal) b).signum() == 0) {
      throw divisionByZero();
    }
    int ia = infSign(a);
    int ib = infSign(b);
    if (ia != 0) {
      return ib != 0 ? Special.NAN : inf(ia * sign(b));
    }
    if (ib != 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal x = (BigDecimal) a;
    BigDecimal y = (BigDecimal) b;
    int rscale = divScale(x, y);
    return x.divide(y, rscale, RoundingMode.HALF_UP);
  }

  /** Integer division (div()): truncates toward zero. */
  public static Object div(Object a, Object b) {
    if (nan(a, b)) {
      return Special.NAN;
    }
    if (infSign(b) == 0 && ((BigDecimal) b).signum() == 0) {
      throw divisionByZero();
    }
    if (infSign(a) != 0) {
      return infSign(b) != 0 ? Special.NAN : inf(infSign(a) * sign(b));
    }
    if (infSign(b) != 0) {
      return BigDecimal.ZERO;
    }
    return ((BigDecimal) a).divideToIntegralValue((BigDecimal) b).setScale(0, RoundingMode.DOWN);
  }

  public static Object mod(Object a, Object b) {
    if (nan(a, b)) {
      return Special.NAN;
    }
    if (infSign(b) == 0 && ((BigDecimal) b).signum() == 0) {
      throw divisionByZero();
    }
    if (infSign(a) != 0) {
      return Special.NAN;
    }
    if (infSign(b) != 0) {
      return a;
    }
    BigDecimal x = (BigDecimal) a;
    BigDecimal y = (BigDecimal) b;
    return x.remainder(y).setScale(Math.max(x.scale(), y.scale()));
  }

  public static SqlException divisionByZero() {
    return new SqlException("22012", "division by zero");
  }

  private static BigDecimal checkSize(BigDecimal d) {
    if (d.precision() - d.scale() > 131072) {
      throw new SqlException("22003", "value overflows numeric format");
    }
    return d;
  }

  /** PostgreSQL's weight of the first non-zero base-10000 digit, and that digit. */
  static int[] weightAndFirstDigit(BigDecimal d) {
    if (d.signum() == 0) {
      return new int[] {0, 0};
    }
    BigDecimal a = d.abs();
    int e = a.precision() - a.scale() - 1; // decimal exponent of the leading digit
    int weight = Math.floorDiv(e, 4);
    int first = a.movePointLeft(4 * weight).setScale(0, RoundingMode.DOWN).intValue();
    return new int[] {weight, first};
  }

  /** The base-10000 weight PostgreSQL stores for d (0 for zero). */
  static int weight(BigDecimal d) {
    return weightAndFirstDigit(d)[0];
  }

  /** select_div_scale: at least 16 significant digits, and no less than either input's scale. */
  static int divScale(BigDecimal x, BigDecimal y) {
    int[] w1 = weightAndFirstDigit(x);
    int[] w2 = weightAndFirstDigit(y);
    int qweight = w1[0] - w2[0];
    if (w1[1] <= w2[1]) {
      qweight--;
    }
    int rscale = MIN_SIG_DIGITS - qweight * 4;
    rscale = Math.max(rscale, x.scale());
    rscale = Math.max(rscale, y.scale());
    rscale = Math.max(rscale, 0);
    return Math.min(rscale, MAX_DISPLAY_SCALE);
  }

  public static Object abs(Object a) {
    if (a instanceof Special s) {
      return s == Special.NAN ? s : Special.POS_INF;
    }
    return ((BigDecimal) a).abs();
  }

  /** round(x, s): half away from zero; a negative s rounds left of the point. */
  public static Object round(Object a, int s) {
    if (a instanceof Special) {
      return a;
    }
    s = Math.max(-MAX_RESULT_SCALE, Math.min(MAX_RESULT_SCALE, s));
    BigDecimal r = ((BigDecimal) a).setScale(s, RoundingMode.HALF_UP);
    return r.scale() < 0 ? r.setScale(0) : r;
  }

  public static Object trunc(Object a, int s) {
    if (a instanceof Special) {
      return a;
    }
    s = Math.max(-MAX_RESULT_SCALE, Math.min(MAX_RESULT_SCALE, s));
    BigDecimal r = ((BigDecimal) a).setScale(s, RoundingMode.DOWN);
    return r.scale() < 0 ? r.setScale(0) : r;
  }

  public static Object ceil(Object a) {
    return a instanceof Special ? a : ((BigDecimal) a).setScale(0, RoundingMode.CEILING);
  }

  public static Object floor(Object a) {
    return a instanceof Special ? a : ((BigDecimal) a).setScale(0, RoundingMode.FLOOR);
  }

  public static Object signOf(Object a) {
    if (a == Special.NAN) {
      return a;
    }
    return BigDecimal.valueOf(sign(a));
  }

  /** Hash/equality key that ignores display scale (1.0 = 1.00). */
  public static Object key(Object v) {
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    return v;
  }
}
