package dev.orbit.node.sql.types;

import dev.orbit.node.sql.SqlException;

/**
 * smallint, integer and bigint (all held as Long): input as PostgreSQL's pg_strtoint, and
 * arithmetic that fails with 22003 when the result leaves the type's range.
 */
public final class Ints {
  private Ints() {}

  public static SqlException outOfRange(PgType t) {
    String name =
        switch (t) {
          case INT2 -> "smallint";
          case INT8 -> "bigint";
          case OID -> "oid";
          default -> "integer";
        };
    return new SqlException("22003", name + " out of range");
  }

  public static long check(long v, PgType t) {
    switch (t) {
      case INT2:
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
          throw outOfRange(t);
        }
        return v;
      case INT4:
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw outOfRange(t);
        }
        return v;
      default:
        return v;
    }
  }

  /** Text input: surrounding spaces, an optional sign, decimal digits. */
  public static long parse(String s, PgType t) {
    int n = s.length();
    int i = 0;
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
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      int d = s.charAt(i) - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        overflow = true;
      } else {
        v = v * 10 + d;
      }
      i++;
    }
    if (i == start) {
      throw badInput(s, t);
    }
    while (i < n && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    if (i != n) {
      throw badInput(s, t);
    }
    if (overflow) {
      // only -9223372036854775808 has no positive counterpart
      String digits = s.strip().replaceFirst("^[+-]", "").replaceFirst("^0+(?=\\d)", "");
      if (neg && t == PgType.INT8 && digits.equals("9223372036854775808")) {
        return Long.MIN_VALUE;
      }
      throw rangeInput(s, t);
    }
    long r = neg ? -v : v;
    if ((t == PgType.INT4 && (r < Integer.MIN_VALUE || r > Integer.MAX_VALUE))
        || (t == PgType.INT2 && (r < Short.MIN_VALUE || r > Short.MAX_VALUE))) {
      throw rangeInput(s, t);
    }
    if (t == PgType.OID) {
      if (r < Integer.MIN_VALUE || r > 0xFFFFFFFFL) {
        throw rangeInput(s, t);
      }
      return r < 0 ? r + (1L << 32) : r;
    }
    return r;
  }

  private static SqlException badInput(String s, PgType t) {
    return new SqlException(
        "22P02", "invalid input syntax for type " + t.sqlName() + ": \"" + s + "\"");
  }

  private static SqlException rangeInput(String s, PgType t) {
    return new SqlException("22003", "value \"" + s + "\" is out of range for type " + t.sqlName());
  }

  public static long add(long a, long b, PgType t) {
    try {
      return check(Math.addExact(a, b), t);
    } catch (ArithmeticException e) {
      throw outOfRange(t);
    }
  }

  public static long subtract(long a, long b, PgType t) {
    try {
      return check(Math.subtractExact(a, b), t);
    } catch (ArithmeticException e) {
      throw outOfRange(t);
    }
  }

  public static long multiply(long a, long b, PgType t) {
    try {
      return check(Math.multiplyExact(a, b), t);
    } catch (ArithmeticException e) {
      throw outOfRange(t);
    }
  }

  public static long divide(long a, long b, PgType t) {
    if (b == 0) {
      throw Numerics.divisionByZero();
    }
    if (b == -1) {
      return negate(a, t);
    }
    return a / b;
  }

  public static long mod(long a, long b) {
    if (b == 0) {
      throw Numerics.divisionByZero();
    }
    return b == -1 ? 0 : a % b;
  }

  public static long negate(long a, PgType t) {
    if (a == Long.MIN_VALUE) {
      throw outOfRange(t);
    }
    return check(-a, t);
  }

  public static long abs(long a, PgType t) {
    return a < 0 ? negate(a, t) : a;
  }
}
