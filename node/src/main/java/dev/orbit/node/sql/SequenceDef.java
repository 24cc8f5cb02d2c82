package dev.orbit.node.sql;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Locale;

/**
 * A sequence's options (as PostgreSQL's {@code pg_sequence}) and state ({@code last_value}, {@code
 * is_called}). The persisted state runs ahead of the handed-out values in blocks ({@code
 * reserved}), so after a restart no value is handed out twice (except by CYCLE, by design).
 */
public final class SequenceDef {
  public String type = "bigint";
  public long increment = 1;
  public long min = 1;
  public long max = Long.MAX_VALUE;
  public long start = 1;
  public long cache = 1;
  public boolean cycle;
  public String ownedTable;
  public String ownedColumn;
  public long last = 1;
  public boolean called;

  /** COMMENT ON SEQUENCE, or null. */
  public String comment;

  /** A sequence stored before options existed: dropped with a table whose default uses it. */
  public boolean legacy;

  /** The last value the persisted state covers; meaningful once {@link #mustReserve} is false. */
  @JsonIgnore long reserved;

  @JsonIgnore boolean mustReserve = true;
  @JsonIgnore boolean pending;
  @JsonIgnore volatile boolean dropped;

  static long typeMin(String type) {
    return switch (type) {
      case "smallint" -> Short.MIN_VALUE;
      case "integer" -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
  }

  static long typeMax(String type) {
    return switch (type) {
      case "smallint" -> Short.MAX_VALUE;
      case "integer" -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
  }

  /** The value nextval hands out now; advances the state. Fails at the limit without CYCLE. */
  long next(String name) {
    long v;
    boolean wrapped = false;
    if (!called) {
      v = last;
    } else {
      long n;
      boolean over;
      try {
        n = Math.addExact(last, increment);
        over = increment > 0 ? n > max : n < min;
      } catch (ArithmeticException e) {
        n = 0;
        over = true;
      }
      if (over) {
        if (!cycle) {
          throw new SqlException(
              "2200H",
              "nextval: reached "
                  + (increment > 0 ? "maximum" : "minimum")
                  + " value of sequence \""
                  + name
                  + "\" ("
                  + (increment > 0 ? max : min)
                  + ")");
        }
        n = increment > 0 ? min : max;
        wrapped = true;
      }
      v = n;
    }
    if (mustReserve || wrapped || (increment > 0 ? v > reserved : v < reserved)) {
      reserved = clampedAhead(v);
      pending = true; // the caller persists the reservation before handing v out
    }
    last = v;
    called = true;
    return v;
  }

  /** {@code v} moved ahead by the reservation block, within the bounds. */
  private long clampedAhead(long v) {
    long block = Math.max(cache, 32) - 1;
    try {
      long r = Math.addExact(v, Math.multiplyExact(increment, block));
      return increment > 0 ? Math.min(r, max) : Math.max(r, min);
    } catch (ArithmeticException e) {
      return increment > 0 ? max : min;
    }
  }

  /** setval's bounds check (22003 as PostgreSQL). */
  void set(String name, long value, boolean isCalled) {
    if (value < min || value > max) {
      throw new SqlException(
          "22003",
          "setval: value "
              + value
              + " is out of bounds for sequence \""
              + name
              + "\" ("
              + min
              + ".."
              + max
              + ")");
    }
    last = value;
    called = isCalled;
    mustReserve = true;
  }

  /**
   * The stored form: the exact state, or (after a reservation) the state as if every value up to
   * {@code reserved} had been handed out.
   */
  byte[] encode(boolean exact) {
    SequenceDef p = Catalog.JSON.convertValue(this, SequenceDef.class);
    if (!exact) {
      p.last = reserved;
      p.called = true;
    }
    try {
      return Catalog.JSON.writeValueAsBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads a stored sequence: JSON, or the 8-byte ceiling of sequences stored before options. */
  static SequenceDef decode(byte[] v) {
    if (v.length == 8) {
      SequenceDef s = new SequenceDef();
      s.last = java.nio.ByteBuffer.wrap(v).getLong();
      s.called = true;
      s.legacy = true;
      return s;
    }
    try {
      return Catalog.JSON.readValue(v, SequenceDef.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("corrupt sequence definition", e);
    }
  }

  /**
   * Applies CREATE/ALTER SEQUENCE options from {@code words} (starting at {@code from}); {@code
   * create} picks PostgreSQL's defaults for what is not given. Returns the OWNED BY words, if any
   * ("NONE" or table.column), for the caller to resolve.
   */
  String apply(String[] words, int from, boolean create, String name) {
    String newType = null;
    Long inc = null;
    Long mn = null;
    Long mx = null;
    boolean noMin = false;
    boolean noMax = false;
    Long st = null;
    Long ch = null;
    Boolean cyc = null;
    Long restart = null;
    boolean restartDefault = false;
    String owned = null;
    for (int i = from; i < words.length; i++) {
      String w = words[i].toUpperCase(Locale.ROOT);
      switch (w) {
        case "AS" -> newType = typeName(words, ++i);
        case "INCREMENT" -> {
          if (up(words, i + 1).equals("BY")) {
            i++;
          }
          inc = number(words, ++i);
        }
        case "MINVALUE" -> mn = number(words, ++i);
        case "MAXVALUE" -> mx = number(words, ++i);
        case "NO" -> {
          String what = up(words, ++i);
          switch (what) {
            case "MINVALUE" -> noMin = true;
            case "MAXVALUE" -> noMax = true;
            case "CYCLE" -> cyc = false;
            default -> throw SqlException.syntax("syntax error at or near \"" + what + "\"");
          }
        }
        case "START" -> {
          if (up(words, i + 1).equals("WITH")) {
            i++;
          }
          st = number(words, ++i);
        }
        case "RESTART" -> {
          if (create) {
            throw SqlException.syntax("syntax error at or near \"RESTART\"");
          }
          if (up(words, i + 1).equals("WITH")) {
            i++;
            restart = number(words, ++i);
          } else if (i + 1 < words.length && isNumber(words[i + 1])) {
            restart = number(words, ++i);
          } else {
            restartDefault = true;
          }
        }
        case "CACHE" -> ch = number(words, ++i);
        case "CYCLE" -> cyc = true;
        case "OWNED" -> {
          if (!up(words, i + 1).equals("BY") || i + 2 >= words.length) {
            throw SqlException.syntax("syntax error at or near \"OWNED\"");
          }
          i += 2;
          StringBuilder o = new StringBuilder(words[i]);
          while (i + 1 < words.length && words[i + 1].startsWith(".")) {
            o.append(words[++i]);
          }
          owned = o.toString();
        }
        default -> throw SqlException.syntax("syntax error at or near \"" + words[i] + "\"");
      }
    }
    String t = newType != null ? newType : type;
    long i2 = inc != null ? inc : increment;
    if (i2 == 0) {
      throw new SqlException("22023", "INCREMENT must not be zero");
    }
    boolean typeChanged = newType != null && !newType.equals(type);
    long lo;
    if (mn != null) {
      lo = mn;
    } else if (create || noMin || (typeChanged && min == typeMin(type))) {
      lo = i2 > 0 ? 1 : typeMin(t);
    } else if (inc != null && !create && (increment > 0) != (i2 > 0) && defaultMin()) {
      lo = i2 > 0 ? 1 : typeMin(t);
    } else {
      lo = min;
    }
    long hi;
    if (mx != null) {
      hi = mx;
    } else if (create || noMax || (typeChanged && max == typeMax(type))) {
      hi = i2 > 0 ? typeMax(t) : -1;
    } else if (inc != null && !create && (increment > 0) != (i2 > 0) && defaultMax()) {
      hi = i2 > 0 ? typeMax(t) : -1;
    } else {
      hi = max;
    }
    if (hi < typeMin(t) || hi > typeMax(t)) {
      throw new SqlException(
          "22023", "MAXVALUE (" + hi + ") is out of range for sequence data type " + t);
    }
    if (lo < typeMin(t) || lo > typeMax(t)) {
      throw new SqlException(
          "22023", "MINVALUE (" + lo + ") is out of range for sequence data type " + t);
    }
    if (lo >= hi) {
      throw new SqlException(
          "22023", "MINVALUE (" + lo + ") must be less than MAXVALUE (" + hi + ")");
    }
    long s = st != null ? st : create ? (i2 > 0 ? lo : hi) : start;
    if (s < lo) {
      throw new SqlException(
          "22023", "START value (" + s + ") cannot be less than MINVALUE (" + lo + ")");
    }
    if (s > hi) {
      throw new SqlException(
          "22023", "START value (" + s + ") cannot be greater than MAXVALUE (" + hi + ")");
    }
    long newLast = create ? s : restart != null ? restart : restartDefault ? s : last;
    boolean newCalled = !create && restart == null && !restartDefault && called;
    if (restart != null || restartDefault) {
      if (newLast < lo) {
        throw new SqlException(
            "22023", "RESTART value (" + newLast + ") cannot be less than MINVALUE (" + lo + ")");
      }
      if (newLast > hi) {
        throw new SqlException(
            "22023",
            "RESTART value (" + newLast + ") cannot be greater than MAXVALUE (" + hi + ")");
      }
    }
    long c = ch != null ? ch : create ? 1 : cache;
    if (c <= 0) {
      throw new SqlException("22023", "CACHE (" + c + ") must be greater than zero");
    }
    type = t;
    increment = i2;
    min = lo;
    max = hi;
    start = s;
    cache = c;
    cycle = cyc != null ? cyc : !create && cycle;
    last = newLast;
    called = newCalled;
    mustReserve = true;
    return owned;
  }

  private boolean defaultMin() {
    return min == (increment > 0 ? 1 : typeMin(type));
  }

  private boolean defaultMax() {
    return max == (increment > 0 ? typeMax(type) : -1);
  }

  private static String up(String[] words, int i) {
    return i < words.length ? words[i].toUpperCase(Locale.ROOT) : "";
  }

  private static boolean isNumber(String w) {
    return w.matches("[+-]?\\d+");
  }

  private static long number(String[] words, int i) {
    if (i >= words.length) {
      throw SqlException.syntax("syntax error at end of input");
    }
    String w = words[i];
    if (!isNumber(w)) {
      throw SqlException.syntax("syntax error at or near \"" + w + "\"");
    }
    try {
      return Long.parseLong(w.startsWith("+") ? w.substring(1) : w);
    } catch (NumberFormatException e) {
      throw new SqlException("22003", "value \"" + w + "\" is out of range for type bigint");
    }
  }

  private static String typeName(String[] words, int i) {
    String w = up(words, i);
    if (w.startsWith("PG_CATALOG.")) {
      w = w.substring(11);
    }
    String t =
        switch (w) {
          case "SMALLINT", "INT2" -> "smallint";
          case "INTEGER", "INT", "INT4" -> "integer";
          case "BIGINT", "INT8" -> "bigint";
          default -> null;
        };
    if (t == null) {
      throw new SqlException("22023", "sequence type must be smallint, integer, or bigint");
    }
    return t;
  }

  /** PostgreSQL's type oid for {@link #type}. */
  long typeOid() {
    return switch (type) {
      case "smallint" -> 21L;
      case "integer" -> 23L;
      default -> 20L;
    };
  }

  /** Splits a possibly schema-qualified, possibly quoted sequence name; only public exists. */
  static String plainName(List<String> parts) {
    String joined = String.join("", parts);
    StringBuilder cur = new StringBuilder();
    java.util.List<String> names = new java.util.ArrayList<>();
    boolean q = false;
    for (int i = 0; i < joined.length(); i++) {
      char c = joined.charAt(i);
      if (c == '"') {
        q = !q;
        cur.append(c);
      } else if (c == '.' && !q) {
        names.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    names.add(cur.toString());
    if (names.size() > 2) {
      throw new SqlException("0A000", "cross-database references are not implemented: " + joined);
    }
    if (names.size() == 2) {
      String schema = ExprCompiler.unquote(names.get(0));
      if (!schema.equals("public") && !schema.equals("pg_catalog")) {
        throw new SqlException("3F000", "schema \"" + schema + "\" does not exist");
      }
    }
    return ExprCompiler.unquote(names.get(names.size() - 1));
  }
}
