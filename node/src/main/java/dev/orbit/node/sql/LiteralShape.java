package dev.orbit.node.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A query or DML text with its plain literals taken out: {@code aid = 42} becomes {@code aid = $1}
 * with 42 kept aside, so statements that differ only in literal values share one parse and plan.
 * Only literals in value positions are taken out (right after a comparison or arithmetic operator,
 * or an element of a VALUES row); literals whose position carries meaning (ORDER BY 1, LIMIT,
 * function arguments, typed literals like DATE '…', casts) stay in the text. Each taken literal
 * keeps the type the literal would have had (integer, bigint, numeric, or unknown for a string).
 *
 * @param key the text plus the literals' types: equal keys compile to the same statement
 * @param text the text with {@code $n} in place of the taken literals
 */
record LiteralShape(String key, String text, PgType[] types, Object[] values) {
  private static final int MAX_TEXT = 4096;
  private static final int MAX_LITERALS = 64;
  private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");
  private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/");
  private static final Set<String> OPERATORS =
      Set.of(
          "<>", "!=", "<=", ">=", "::", "||", "->", "->>", "#>", "#>>", "@>", "<@", "~*", "!~",
          "!~*", "~~", "!~~", "~~*", "!~~*", "&&", "=>");
  private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?:";

  /**
   * The shape of {@code sql}, or null when it is not a SELECT/INSERT/UPDATE/DELETE or a transaction
   * control statement (which compile from their text alone) to share.
   */
  static LiteralShape of(String sql) {
    if (sql.length() > MAX_TEXT || !sharable(sql)) {
      return null;
    }
    return new Lexer(sql).run();
  }

  private static boolean sharable(String sql) {
    int end = 0;
    while (end < sql.length() && end < 9 && Character.isLetter(sql.charAt(end))) {
      end++;
    }
    String first = sql.substring(0, end).toUpperCase(Locale.ROOT);
    return switch (first) {
      case "SELECT",
          "INSERT",
          "UPDATE",
          "DELETE",
          "BEGIN",
          "START",
          "COMMIT",
          "END",
          "ROLLBACK",
          "ABORT" ->
          true;
      default -> false;
    };
  }

  private static final class Lexer {
    private final String sql;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder sig = new StringBuilder();
    private final List<PgType> types = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private String prev = "";
    private int depth;
    private int valuesDepth = -1;
    private int i;

    /** How much of {@link #sql} is in {@link #out} (text is copied up to each taken literal). */
    private int copied;

    Lexer(String sql) {
      this.sql = sql;
    }

    LiteralShape run() {
      int n = sql.length();
      while (i < n) {
        char c = sql.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '$'
            || c == '\\'
            || (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-')
            || (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*')) {
          return null; // parameters, dollar quotes, comments: keep the plain path
        } else if (Character.isLetter(c) || c == '_') {
          int start = i;
          while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
          }
          if (i < n && (sql.charAt(i) == '\'' || sql.charAt(i) == '&')) {
            return null; // E'…', B'…', X'…', U&'…'
          }
          boolean values = i - start == 6 && sql.regionMatches(true, start, "VALUES", 0, 6);
          token(values ? "VALUES" : "w");
          if (values) {
            valuesDepth = depth;
          }
        } else if (c == '"') {
          int end = closing('"');
          if (end < 0) {
            return null;
          }
          i = end + 1;
          token("\"");
        } else if (c == '\'') {
          int end = closing('\'');
          if (end < 0) {
            return null;
          }
          int start = i;
          i = end + 1;
          if (takes(false)) {
            take(start, PgType.UNKNOWN, sql.substring(start + 1, end).replace("''", "'"));
          }
          token("'");
        } else if (Character.isDigit(c)
            || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
          if (!number()) {
            return null;
          }
        } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
          int start = i;
          while (i < n && OPERATOR_CHARS.indexOf(sql.charAt(i)) >= 0) {
            i++;
          }
          String op = sql.substring(start, i);
          if (op.length() > 1 && !OPERATORS.contains(op)) {
            return null; // e.g. "=-5": leave PostgreSQL's operator splitting to the parser
          }
          token(op);
        } else {
          if (c == '(') {
            depth++;
          }
          i++;
          token(String.valueOf(c));
          if (c == ')') {
            depth--;
          }
        }
        if (values.size() > MAX_LITERALS) {
          return null;
        }
      }
      String text = out.append(sql, copied, n).toString();
      return new LiteralShape(
          text + '\0' + sig, text, types.toArray(new PgType[0]), values.toArray());
    }

    /** Notes the last significant token; a VALUES list ends at anything but "(" or ",". */
    private void token(String t) {
      if (valuesDepth >= 0 && depth == valuesDepth && !t.equals("VALUES")) {
        if (!t.equals("(") && !t.equals(",") && !t.equals(")")) {
          valuesDepth = -1;
        }
      }
      if (valuesDepth >= 0 && depth < valuesDepth) {
        valuesDepth = -1;
      }
      prev = t;
    }

    private int closing(char q) {
      int n = sql.length();
      int j = i + 1;
      while (j < n) {
        if (sql.charAt(j) == q) {
          if (j + 1 < n && sql.charAt(j + 1) == q) {
            j += 2;
            continue;
          }
          return j;
        }
        j++;
      }
      return -1;
    }

    private boolean number() {
      int n = sql.length();
      int start = i;
      boolean decimal = false;
      while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
        if (sql.charAt(i) == '.') {
          if (decimal) {
            return false;
          }
          decimal = true;
        }
        i++;
      }
      if (i < n && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
        return false; // 1e5, 0x1F, 1_000
      }
      String digits = sql.substring(start, i);
      if (!takes(true)) {
        // stays in the text
      } else if (decimal) {
        take(start, PgType.NUMERIC, new BigDecimal(digits));
      } else {
        try {
          long v = Long.parseLong(digits);
          take(start, v <= Integer.MAX_VALUE ? PgType.INT4 : PgType.INT8, v);
        } catch (NumberFormatException e) {
          take(start, PgType.NUMERIC, new BigDecimal(digits));
        }
      }
      token("0");
      return true;
    }

    /** Whether the literal just read sits where a value is expected and is not cast. */
    private boolean takes(boolean numeric) {
      int j = i;
      while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
        j++;
      }
      if (j < sql.length() && (sql.charAt(j) == ':' || sql.charAt(j) == '[')) {
        return false;
      }
      boolean inRow =
          valuesDepth >= 0 && depth == valuesDepth + 1 && (prev.equals("(") || prev.equals(","));
      if (inRow) {
        char next = j < sql.length() ? sql.charAt(j) : ' ';
        return next == ',' || next == ')';
      }
      return COMPARISONS.contains(prev) || (numeric && ARITHMETIC.contains(prev));
    }

    /** Replaces the literal in {@code [start, i)} by the next {@code $n}. */
    private void take(int start, PgType type, Object value) {
      types.add(type);
      values.add(value);
      out.append(sql, copied, start).append('$').append(values.size());
      copied = i;
      sig.append(type.oid).append(',');
    }
  }

  /** A taken literal in the compiled statement: its literal type, its value from the execution. */
  static final class Slot extends Expr {
    private final int index;

    Slot(int index, PgType type) {
      super(type);
      this.index = index;
    }

    @Override
    Object eval(Env env) {
      return env.exec.params[index];
    }
  }
}
