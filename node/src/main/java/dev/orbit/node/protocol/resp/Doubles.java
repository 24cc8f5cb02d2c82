package dev.orbit.node.protocol.resp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Numbers as Redis reads and writes them: doubles parsed like C's {@code strtod} with Redis's
 * checks, written like {@code printf("%.17g")}; and INCRBYFLOAT's 80-bit long doubles, emulated
 * exactly (64-bit mantissa rounding) and written like {@code printf("%.17Lf")} without trailing
 * zeros, so results match Redis to the digit.
 */
public final class Doubles {
  private Doubles() {}

  /** Thrown for text that is not a number Redis would accept. */
  public static final class NotANumber extends Exception {
    NotANumber() {
      super(null, null, false, false);
    }
  }

  /** Parses a double as Redis's {@code string2d} does (no spaces, no NaN, no overflow). */
  public static double parse(byte[] b) throws NotANumber {
    if (isPlainDecimal(b)) {
      // Java's parser rounds decimal text exactly as strtod does
      double d = Double.parseDouble(new String(b, StandardCharsets.US_ASCII));
      if (Double.isInfinite(d) || (d == 0 && hasNonZeroDigit(b))) {
        throw new NotANumber(); // out of range (ERANGE)
      }
      return d;
    }
    BigDecimal exact = parseExact(b);
    if (exact == null) {
      return infinity(b);
    }
    double d = exact.doubleValue();
    if (Double.isInfinite(d) || (d == 0 && exact.signum() != 0)) {
      throw new NotANumber();
    }
    return d == 0 && b[0] == '-' ? -0.0 : d;
  }

  /** [sign] digits [. digits] [e [sign] digits], at least one mantissa digit, nothing else. */
  private static boolean isPlainDecimal(byte[] b) {
    int n = b.length;
    int i = 0;
    if (n > 0 && (b[0] == '+' || b[0] == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && b[i] >= '0' && b[i] <= '9') {
      i++;
      digits++;
    }
    if (i < n && b[i] == '.') {
      i++;
      while (i < n && b[i] >= '0' && b[i] <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0 || n > 400) {
      return false;
    }
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < n && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int e = 0;
      while (i < n && b[i] >= '0' && b[i] <= '9') {
        i++;
        e++;
      }
      if (e == 0 || e > 6) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean hasNonZeroDigit(byte[] b) {
    for (byte c : b) {
      if (c == 'e' || c == 'E') {
        return false;
      }
      if (c >= '1' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private static double infinity(byte[] b) throws NotANumber {
    String s = new String(b, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
    return switch (s) {
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> throw new NotANumber();
    };
  }

  /**
   * The exact value of a decimal or hexadecimal number in C syntax; null for the infinities (and
   * anything starting with a letter), NotANumber for anything else that is not a number.
   */
  static BigDecimal parseExact(byte[] b) throws NotANumber {
    int n = b.length;
    if (n == 0 || n > 5000) {
      throw new NotANumber();
    }
    int i = 0;
    boolean neg = false;
    if (b[i] == '+' || b[i] == '-') {
      neg = b[i] == '-';
      i++;
    }
    if (i < n && (b[i] == 'i' || b[i] == 'I')) {
      return null;
    }
    if (i + 1 < n && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
      BigDecimal h = parseHex(b, i + 2);
      return neg ? h.negate() : h;
    }
    int start = i;
    boolean digits = false;
    while (i < n && b[i] >= '0' && b[i] <= '9') {
      i++;
      digits = true;
    }
    if (i < n && b[i] == '.') {
      i++;
      while (i < n && b[i] >= '0' && b[i] <= '9') {
        i++;
        digits = true;
      }
    }
    if (!digits) {
      throw new NotANumber();
    }
    int mantissaEnd = i;
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
      int j = i + 1;
      if (j < n && (b[j] == '+' || b[j] == '-')) {
        j++;
      }
      int expDigits = j;
      while (j < n && b[j] >= '0' && b[j] <= '9') {
        j++;
      }
      if (j > expDigits) {
        i = j;
      }
    }
    if (i != n) {
      throw new NotANumber();
    }
    String mantissa = new String(b, start, mantissaEnd - start, StandardCharsets.US_ASCII);
    long exp = 0;
    if (mantissaEnd < n) {
      String e = new String(b, mantissaEnd + 1, n - mantissaEnd - 1, StandardCharsets.US_ASCII);
      exp = e.length() > 9 ? (e.startsWith("-") ? -999_999_999L : 999_999_999L) : Long.parseLong(e);
    }
    BigDecimal v = new BigDecimal(mantissa.startsWith(".") ? "0" + mantissa : mantissa);
    if (v.signum() == 0) {
      return neg ? BigDecimal.ZERO.negate() : BigDecimal.ZERO;
    }
    if (exp > 100_000 || exp < -100_000) {
      // far beyond any binary floating-point range: keep it out of range without building it
      v = exp > 0 ? BigDecimal.TEN.pow(100_000) : BigDecimal.ONE.movePointLeft(100_000);
    } else {
      v = v.scaleByPowerOfTen((int) exp);
    }
    return neg ? v.negate() : v;
  }

  private static BigDecimal parseHex(byte[] b, int i) throws NotANumber {
    BigInteger mant = BigInteger.ZERO;
    int fracDigits = 0;
    boolean digits = false;
    boolean dot = false;
    int n = b.length;
    for (; i < n; i++) {
      int d = Character.digit(b[i], 16);
      if (d >= 0) {
        mant = mant.shiftLeft(4).or(BigInteger.valueOf(d));
        digits = true;
        if (dot) {
          fracDigits++;
        }
      } else if (b[i] == '.' && !dot) {
        dot = true;
      } else {
        break;
      }
    }
    if (!digits) {
      throw new NotANumber();
    }
    long exp = 0;
    if (i < n && (b[i] == 'p' || b[i] == 'P')) {
      String e = new String(b, i + 1, n - i - 1, StandardCharsets.US_ASCII);
      try {
        exp = Integer.parseInt(e.startsWith("+") ? e.substring(1) : e);
      } catch (NumberFormatException x) {
        throw new NotANumber();
      }
      i = n;
    }
    if (i != n) {
      throw new NotANumber();
    }
    long shift = exp - 4L * fracDigits;
    if (Math.abs(shift) > 100_000) {
      throw new NotANumber();
    }
    BigDecimal v = new BigDecimal(mant);
    return shift >= 0
        ? v.multiply(new BigDecimal(BigInteger.TWO.pow((int) shift)))
        : v.divide(new BigDecimal(BigInteger.TWO.pow((int) -shift)));
  }

  /** {@code printf("%.17g", d)}, and {@code inf}/{@code -inf}. */
  public static String format(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (d == 0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    return formatG(new BigDecimal(d), 17);
  }

  /** C's {@code %.Pg} of an exact value (not zero). */
  static String formatG(BigDecimal v, int p) {
    BigDecimal r = v.round(new MathContext(p, RoundingMode.HALF_EVEN));
    int x = r.precision() - r.scale() - 1; // the decimal exponent after rounding
    String out;
    if (x < p && x >= -4) {
      out = r.setScale(Math.max(0, p - 1 - x), RoundingMode.HALF_EVEN).toPlainString();
      out = stripZeros(out);
    } else {
      BigDecimal m = r.movePointLeft(x).setScale(p - 1, RoundingMode.HALF_EVEN);
      String ms = stripZeros(m.toPlainString());
      out = ms + "e" + (x < 0 ? "-" : "+") + (Math.abs(x) < 10 ? "0" : "") + Math.abs(x);
    }
    return out;
  }

  private static String stripZeros(String s) {
    if (s.indexOf('.') < 0) {
      return s;
    }
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end);
  }

  // ---- long double (x87 80-bit: 64-bit mantissa, 15-bit exponent) ----

  private static final int LD_MANTISSA = 64;
  private static final int LD_MAX_EXP = 16384;

  /**
   * Parses a long double as Redis's {@code string2ld} does; the value rounded to 64 bits, or null
   * for an infinity (which callers refuse in their own words).
   */
  public static BigDecimal parseLongDouble(byte[] b) throws NotANumber {
    BigDecimal v = parseExact(b);
    if (v == null) {
      infinity(b); // throws unless it is an infinity
      return null;
    }
    BigDecimal r = roundLongDouble(v);
    if (r == null) {
      throw new NotANumber(); // beyond the long double range (ERANGE)
    }
    return r;
  }

  /** {@code a + b} in long double; null when it is not finite. */
  public static BigDecimal addLongDouble(BigDecimal a, BigDecimal b) {
    return roundLongDouble(a.add(b));
  }

  /** Rounds to the nearest value with a 64-bit mantissa; null past the long double range. */
  static BigDecimal roundLongDouble(BigDecimal v) {
    if (v == null) {
      return null;
    }
    if (v.signum() == 0) {
      return BigDecimal.ZERO;
    }
    // find e with 2^63 <= |v| / 2^e < 2^64, then round |v| / 2^e to an integer
    BigDecimal abs = v.abs();
    int e = (int) Math.floor(log2(abs)) - (LD_MANTISSA - 1);
    BigDecimal scaled = scale2(abs, -e);
    BigInteger m = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    if (m.bitLength() > LD_MANTISSA) {
      m = m.shiftRight(1);
      e++;
    } else if (m.bitLength() < LD_MANTISSA) {
      // log2 was one too high: scale once more
      e--;
      m = scale2(abs, -e).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }
    if (e + LD_MANTISSA > LD_MAX_EXP) {
      return null;
    }
    if (e + LD_MANTISSA < -LD_MAX_EXP - 62) {
      return BigDecimal.ZERO;
    }
    BigDecimal r = scale2(new BigDecimal(m), e);
    return v.signum() < 0 ? r.negate() : r;
  }

  private static BigDecimal scale2(BigDecimal v, int e) {
    return e >= 0
        ? v.multiply(new BigDecimal(BigInteger.TWO.pow(e)))
        : v.divide(new BigDecimal(BigInteger.TWO.pow(-e)));
  }

  private static double log2(BigDecimal v) {
    int digits = v.precision() - v.scale(); // v is about 10^(digits-1 .. digits)
    BigDecimal norm = v.movePointLeft(digits);
    return (Math.log(norm.doubleValue()) + digits * Math.log(10)) / Math.log(2);
  }

  /** {@code printf("%.17Lf")} with trailing zeros (and a bare '.') removed, "-0" written "0". */
  public static String formatLongDouble(BigDecimal v) {
    String s = stripZeros(v.setScale(17, RoundingMode.HALF_EVEN).toPlainString());
    return s.equals("-0") ? "0" : s;
  }
}
