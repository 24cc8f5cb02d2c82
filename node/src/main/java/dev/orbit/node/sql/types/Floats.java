package dev.orbit.node.sql.types;

import dev.orbit.node.sql.SqlException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * real (Float) and double precision (Double): PostgreSQL's input rules and its shortest exact
 * output (extra_float_digits ≥ 1), overflow and underflow errors of the operators.
 */
public final class Floats {
  private static final Pattern NUMBER =
      Pattern.compile("\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*");

  private Floats() {}

  private static Double special(String s) {
    switch (s.strip().toLowerCase()) {
      case "nan", "+nan", "-nan":
        return Double.NaN;
      case "infinity", "+infinity", "inf", "+inf":
        return Double.POSITIVE_INFINITY;
      case "-infinity", "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return null;
    }
  }

  public static double parseDouble(String s) {
    Double sp = special(s);
    if (sp != null) {
      return sp;
    }
    if (!NUMBER.matcher(s).matches()) {
      throw SqlException.badInput("double precision", s);
    }
    double d = Double.parseDouble(s.strip());
    if (Double.isInfinite(d) || (d == 0.0 && hasNonZeroDigit(s))) {
      throw new SqlException("22003", "\"" + s + "\" is out of range for type double precision");
    }
    return d;
  }

  public static float parseFloat(String s) {
    Double sp = special(s);
    if (sp != null) {
      return sp.floatValue();
    }
    if (!NUMBER.matcher(s).matches()) {
      throw SqlException.badInput("real", s);
    }
    float f = Float.parseFloat(s.strip());
    if (Float.isInfinite(f) || (f == 0.0f && hasNonZeroDigit(s))) {
      throw new SqlException("22003", "\"" + s + "\" is out of range for type real");
    }
    return f;
  }

  private static boolean hasNonZeroDigit(String s) {
    String t = s.strip();
    int e = Math.max(t.indexOf('e'), t.indexOf('E'));
    String mant = e < 0 ? t : t.substring(0, e);
    for (char c : mant.toCharArray()) {
      if (c >= '1' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  // ---- output ----

  public static String format(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal best = null;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == d) {
        best = r;
        break;
      }
    }
    return layout(best, 15);
  }

  public static String format(float f) {
    if (Float.isNaN(f)) {
      return "NaN";
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? "Infinity" : "-Infinity";
    }
    if (f == 0) {
      return (1 / f) < 0 ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(f);
    BigDecimal best = null;
    for (int p = 1; p <= 9; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.floatValue() == f) {
        best = r;
        break;
      }
    }
    return layout(best, 6);
  }

  /** Ryu's layout in PostgreSQL: fixed point for exponents in [-4, fixedBelow), else d.ddde±XX. */
  private static String layout(BigDecimal v, int fixedBelow) {
    BigDecimal s = v.stripTrailingZeros();
    String digits = s.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - s.scale();
    StringBuilder b = new StringBuilder();
    if (s.signum() < 0) {
      b.append('-');
    }
    if (exp >= -4 && exp < fixedBelow) {
      b.append(s.abs().toPlainString());
      return b.toString();
    }
    b.append(digits.charAt(0));
    if (digits.length() > 1) {
      b.append('.').append(digits, 1, digits.length());
    }
    b.append('e').append(exp < 0 ? '-' : '+');
    int ae = Math.abs(exp);
    if (ae < 10) {
      b.append('0');
    }
    b.append(ae);
    return b.toString();
  }

  // ---- arithmetic with PostgreSQL's checks ----

  public static SqlException overflow() {
    return new SqlException("22003", "value out of range: overflow");
  }

  public static SqlException underflow() {
    return new SqlException("22003", "value out of range: underflow");
  }

  public static double checked(double r, double a, double b, boolean zeroIsUnderflow) {
    if (Double.isInfinite(r) && !Double.isInfinite(a) && !Double.isInfinite(b)) {
      throw overflow();
    }
    if (zeroIsUnderflow && r == 0.0 && a != 0.0 && b != 0.0 && !Double.isInfinite(b)) {
      throw underflow();
    }
    return r;
  }

  public static float checked(float r, float a, float b, boolean zeroIsUnderflow) {
    if (Float.isInfinite(r) && !Float.isInfinite(a) && !Float.isInfinite(b)) {
      throw overflow();
    }
    if (zeroIsUnderflow && r == 0.0f && a != 0.0f && b != 0.0f && !Float.isInfinite(b)) {
      throw underflow();
    }
    return r;
  }

  public static double divide(double a, double b) {
    if (b == 0.0 && !Double.isNaN(a)) {
      throw Numerics.divisionByZero();
    }
    return checked(a / b, a, b, true);
  }

  public static float divide(float a, float b) {
    if (b == 0.0f && !Float.isNaN(a)) {
      throw Numerics.divisionByZero();
    }
    return checked(a / b, a, b, true);
  }

  /** PostgreSQL orders NaN above every other value and equal to itself. */
  public static int compare(double a, double b) {
    boolean na = Double.isNaN(a);
    boolean nb = Double.isNaN(b);
    if (na || nb) {
      return na == nb ? 0 : na ? 1 : -1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** float8 → integer type with rint (round half to even); out of range fails. */
  public static long toLong(double d, PgType t) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw Ints.outOfRange(t);
    }
    double r = Math.rint(d);
    if (r < -9.223372036854775808E18 || r >= 9.223372036854775808E18) {
      throw Ints.outOfRange(t);
    }
    return Ints.check((long) r, t);
  }
}
