package dev.orbit.node.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

/**
 * pg_get_constraintdef for a CHECK constraint: its expression printed as PostgreSQL 15's ruleutils
 * prints the stored tree (every operator parenthesised, constants cast to their resolved type).
 * Forms it cannot print exactly are refused (0A000) rather than printed differently.
 */
final class CheckDeparse {
  private CheckDeparse() {}

  private static final Set<PgType> COLUMN_TYPES =
      Set.of(
          PgType.INT2,
          PgType.INT4,
          PgType.INT8,
          PgType.NUMERIC,
          PgType.FLOAT8,
          PgType.TEXT,
          PgType.VARCHAR,
          PgType.BPCHAR,
          PgType.BOOL);

  /** PostgreSQL's reserved key words (quote_ident quotes these too). */
  private static final Set<String> RESERVED =
      Set.of(
          "all",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "both",
          "case",
          "cast",
          "check",
          "collate",
          "column",
          "constraint",
          "create",
          "current_catalog",
          "current_date",
          "current_role",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "deferrable",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "from",
          "grant",
          "group",
          "having",
          "in",
          "initially",
          "intersect",
          "into",
          "lateral",
          "leading",
          "limit",
          "localtime",
          "localtimestamp",
          "not",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "placing",
          "primary",
          "references",
          "returning",
          "select",
          "session_user",
          "some",
          "symmetric",
          "table",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "user",
          "using",
          "variadic",
          "when",
          "where",
          "window",
          "with");

  /**
   * A printed subexpression; {@code literal} is the raw text of a still-untyped string constant.
   */
  private record P(String sql, PgType type, String literal, boolean constant) {
    static P of(String sql, PgType type) {
      return new P(sql, type, null, false);
    }
  }

  /** {@code CHECK (…)} exactly as PostgreSQL 15 prints {@code def} on {@code t}. */
  static String constraintDef(TableDef t, Checks.CheckDef def) {
    try {
      P p = print(t, Checks.parse(def.sql));
      if (p.type != PgType.BOOL) {
        throw new IllegalStateException();
      }
      return "CHECK (" + p.sql + ")";
    } catch (IllegalStateException e) {
      throw SqlException.unsupported(
          "printing CHECK constraint \""
              + def.name
              + "\" ("
              + def.sql
              + ") as PostgreSQL does (pg_get_constraintdef, pg_dump)");
    }
  }

  private static IllegalStateException cannot() {
    return new IllegalStateException();
  }

  private static P print(TableDef t, Expression e) {
    if (e instanceof ParenthesedExpressionList<?> l && l.size() == 1) {
      return print(t, l.get(0));
    }
    if (e instanceof BooleanValue b) {
      return new P(b.getValue() ? "true" : "false", PgType.BOOL, null, true);
    }
    if (e instanceof Column c && c.getArrayConstructor() != null) {
      throw cannot();
    }
    if (e instanceof Column c) {
      String n = ExprCompiler.unquote(c.getColumnName());
      int pos = t.position(n);
      if (pos < 0) {
        if (n.equals("true") || n.equals("false")) {
          return new P(n, PgType.BOOL, null, true);
        }
        throw cannot();
      }
      ColumnDef d = t.columns.get(pos);
      if (!COLUMN_TYPES.contains(d.type)) {
        throw cannot();
      }
      return P.of(quote(n), d.type);
    }
    if (e instanceof LongValue l) {
      return integer(l.getStringValue());
    }
    if (e instanceof DoubleValue d) {
      return new P(new BigDecimal(d.toString()).toPlainString(), PgType.NUMERIC, null, true);
    }
    if (e instanceof SignedExpression s) {
      if (s.getSign() == '-' && s.getExpression() instanceof LongValue l) {
        return integer("-" + l.getStringValue());
      }
      if (s.getSign() == '-' && s.getExpression() instanceof DoubleValue d) {
        return new P(
            "'-" + new BigDecimal(d.toString()).toPlainString() + "'::numeric",
            PgType.NUMERIC,
            null,
            true);
      }
      throw cannot();
    }
    if (e instanceof StringValue s) {
      return new P(null, PgType.UNKNOWN, ExprCompiler.stringValue(s), true);
    }
    if (e instanceof CastExpression c && c.getLeftExpression() instanceof StringValue s) {
      String to = c.getColDataType().toString().trim().toLowerCase(java.util.Locale.ROOT);
      PgType type = to.equals("text") ? PgType.TEXT : to.equals("bpchar") ? PgType.BPCHAR : null;
      if (type == null) {
        throw cannot();
      }
      return P.of(quoteLiteral(ExprCompiler.stringValue(s)) + "::" + type.typname, type);
    }
    if (e instanceof NotExpression n) {
      return P.of("(NOT " + bool(t, n.getExpression()) + ")", PgType.BOOL);
    }
    if (e instanceof AndExpression || e instanceof OrExpression) {
      String op = e instanceof AndExpression ? " AND " : " OR ";
      List<String> args = new ArrayList<>();
      flatten(t, e, e.getClass(), args);
      return P.of("(" + String.join(op, args) + ")", PgType.BOOL);
    }
    if (e instanceof IsNullExpression n) {
      if (n.isUseIsNull() || n.isUseNotNull()) {
        throw cannot(); // ISNULL / NOTNULL spellings
      }
      P x = print(t, n.getLeftExpression());
      if (x.type == PgType.UNKNOWN) {
        throw cannot();
      }
      return P.of("(" + x.sql + (n.isNot() ? " IS NOT NULL)" : " IS NULL)"), PgType.BOOL);
    }
    String cmp = comparison(e);
    if (cmp != null) {
      P[] lr =
          unify(
              print(t, ((BinaryExpression) e).getLeftExpression()),
              print(t, ((BinaryExpression) e).getRightExpression()),
              false);
      return P.of("(" + lr[0].sql + " " + cmp + " " + lr[1].sql + ")", PgType.BOOL);
    }
    String arith = arithmetic(e);
    if (arith != null) {
      P[] lr =
          unify(
              print(t, ((BinaryExpression) e).getLeftExpression()),
              print(t, ((BinaryExpression) e).getRightExpression()),
              true);
      if (!lr[0].type.isNumeric() || e instanceof Modulo && lr[0].type != lr[1].type) {
        throw cannot();
      }
      PgType type = wider(lr[0].type, lr[1].type);
      return P.of("(" + lr[0].sql + " " + arith + " " + lr[1].sql + ")", type);
    }
    throw cannot();
  }

  /** PostgreSQL's parser folds a left-nested chain of the same boolean operator into one list. */
  private static void flatten(TableDef t, Expression e, Class<?> kind, List<String> out) {
    Expression x = e;
    while (x instanceof ParenthesedExpressionList<?> l && l.size() == 1) {
      x = l.get(0);
    }
    if (x.getClass() == kind) {
      BinaryExpression b = (BinaryExpression) x;
      flatten(t, b.getLeftExpression(), kind, out);
      out.add(bool(t, b.getRightExpression()));
    } else {
      out.add(bool(t, x));
    }
  }

  private static String bool(TableDef t, Expression e) {
    P p = print(t, e);
    if (p.type != PgType.BOOL) {
      throw cannot();
    }
    return p.sql;
  }

  private static P integer(String digits) {
    long v;
    try {
      v = Long.parseLong(digits);
    } catch (NumberFormatException ex) {
      throw cannot();
    }
    boolean int4 = v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    PgType type = int4 ? PgType.INT4 : PgType.INT8;
    String sql = v >= 0 && int4 ? digits : "'" + v + "'::" + type.sqlName;
    return new P(sql, type, null, true);
  }

  /** Resolves both operands to one operator's input types, printing the implicit casts. */
  private static P[] unify(P l, P r, boolean arith) {
    if (l.type == PgType.UNKNOWN && r.type == PgType.UNKNOWN) {
      throw cannot();
    }
    if (l.type == PgType.UNKNOWN || r.type == PgType.UNKNOWN) {
      P known = l.type == PgType.UNKNOWN ? r : l;
      P lit = l.type == PgType.UNKNOWN ? l : r;
      if (arith || !known.type.isText()) {
        throw cannot();
      }
      PgType as = known.type == PgType.BPCHAR ? PgType.BPCHAR : PgType.TEXT;
      P typed = P.of(quoteLiteral(lit.literal) + "::" + as.typname, as);
      P k = cast(known, as);
      return l == lit ? new P[] {typed, k} : new P[] {k, typed};
    }
    if (l.type.isInteger() && r.type.isInteger()) {
      return new P[] {l, r};
    }
    if (l.type.isNumeric() && r.type.isNumeric()) {
      PgType to = wider(l.type, r.type);
      if (to != PgType.NUMERIC && to != PgType.FLOAT8
          || l.type.isInteger() == false && r.type.isInteger() == false && l.type != r.type) {
        throw cannot(); // numeric against float8: not printed here
      }
      return new P[] {cast(l, to), cast(r, to)};
    }
    if (l.type.isText() && r.type.isText()) {
      if (l.type == r.type) {
        return new P[] {l, r};
      }
      return new P[] {cast(l, PgType.TEXT), cast(r, PgType.TEXT)};
    }
    if (l.type == PgType.BOOL && r.type == PgType.BOOL && !arith) {
      return new P[] {l, r};
    }
    throw cannot();
  }

  private static PgType wider(PgType a, PgType b) {
    if (a == PgType.FLOAT8 || b == PgType.FLOAT8) {
      return PgType.FLOAT8;
    }
    if (a == PgType.NUMERIC || b == PgType.NUMERIC) {
      return PgType.NUMERIC;
    }
    if (a == PgType.INT8 || b == PgType.INT8) {
      return PgType.INT8;
    }
    if (a == PgType.INT4 || b == PgType.INT4) {
      return PgType.INT4;
    }
    return a;
  }

  private static P cast(P p, PgType to) {
    if (p.type == to) {
      return p;
    }
    return P.of("(" + p.sql + ")::" + (to == PgType.TEXT ? "text" : to.sqlName), to);
  }

  private static String comparison(Expression e) {
    if (e instanceof EqualsTo) {
      return "=";
    }
    if (e instanceof NotEqualsTo) {
      return "<>";
    }
    if (e instanceof GreaterThan) {
      return ">";
    }
    if (e instanceof GreaterThanEquals) {
      return ">=";
    }
    if (e instanceof MinorThan) {
      return "<";
    }
    if (e instanceof MinorThanEquals) {
      return "<=";
    }
    return null;
  }

  private static String arithmetic(Expression e) {
    if (e instanceof Addition) {
      return "+";
    }
    if (e instanceof Subtraction) {
      return "-";
    }
    if (e instanceof Multiplication) {
      return "*";
    }
    if (e instanceof Division) {
      return "/";
    }
    if (e instanceof Modulo) {
      return "%";
    }
    return null;
  }

  private static String quoteLiteral(String s) {
    String q = s.replace("'", "''");
    return s.indexOf('\\') >= 0 ? "E'" + q.replace("\\", "\\\\") + "'" : "'" + q + "'";
  }

  private static String quote(String name) {
    return name.matches("[a-z_][a-z0-9_$]*") && !RESERVED.contains(name)
        ? name
        : "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
