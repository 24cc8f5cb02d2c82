package dev.orbit.node.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperatorType;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;

/** Compiles JSqlParser expressions against a {@link Scope} into {@link Expr} trees. */
final class ExprCompiler {
  final Compiler compiler;
  final Scope scope;

  /** Aggregate calls found so far; null where aggregates are not allowed. */
  final List<Aggregate> aggregates;

  /** Window functions found so far; null where they are not allowed. */
  final List<Window> windows;

  /** Set-returning calls (unnest, _pg_expandarray) of a select list; null where not allowed. */
  List<Expr> srfs;

  /** True while compiling an aggregate's arguments, where another aggregate is nested. */
  boolean inAggregateArgs;

  ExprCompiler(Compiler compiler, Scope scope, List<Aggregate> aggregates) {
    this(compiler, scope, aggregates, null);
  }

  ExprCompiler(Compiler compiler, Scope scope, List<Aggregate> aggregates, List<Window> windows) {
    this.compiler = compiler;
    this.scope = scope;
    this.aggregates = aggregates;
    this.windows = windows;
  }

  Expr compile(Expression e) {
    if (e instanceof Column c) {
      return c.getArrayConstructor() == null ? column(c) : subscripted(c);
    }
    if (e instanceof LongValue l) {
      try {
        long v = l.getValue();
        return Expr.literal(
            v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? PgType.INT4 : PgType.INT8, v);
      } catch (NumberFormatException ex) {
        return Expr.literal(PgType.NUMERIC, new BigDecimal(l.getStringValue()));
      }
    }
    if (e instanceof DoubleValue d) {
      return Expr.literal(PgType.NUMERIC, new BigDecimal(d.toString()));
    }
    if (e instanceof StringValue s) {
      return Expr.literal(PgType.UNKNOWN, stringValue(s));
    }
    if (e instanceof NullValue) {
      return Expr.literal(PgType.UNKNOWN, null);
    }
    if (e instanceof BooleanValue b) {
      return Expr.literal(PgType.BOOL, b.getValue());
    }
    if (e instanceof JdbcParameter p) {
      return param(p.getIndex() - 1);
    }
    if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
      return compile(p.get(0));
    }
    if (e instanceof CollateExpression c) {
      Collations.check(c.getCollate());
      return compile(c.getLeftExpression());
    }
    if (e instanceof SignedExpression s) {
      Expr inner = compile(s.getExpression());
      if (s.getSign() == '+') {
        return inner;
      }
      return Expr.of(inner.type, env -> Arith.negate(inner.eval(env)));
    }
    if (e instanceof NotExpression n) {
      Expr inner = compile(n.getExpression());
      return Expr.of(
          PgType.BOOL,
          env -> {
            Object v = inner.eval(env);
            return v == null ? null : !Expr.isTrue(v);
          });
    }
    if (e instanceof AndExpression a) {
      Expr l = compile(a.getLeftExpression());
      Expr r = compile(a.getRightExpression());
      return Expr.of(PgType.BOOL, env -> and(l.eval(env), r, env));
    }
    if (e instanceof OrExpression o) {
      Expr l = compile(o.getLeftExpression());
      Expr r = compile(o.getRightExpression());
      return Expr.of(PgType.BOOL, env -> or(l.eval(env), r, env));
    }
    if (e instanceof EqualsTo
        || e instanceof NotEqualsTo
        || e instanceof GreaterThan
        || e instanceof GreaterThanEquals
        || e instanceof MinorThan
        || e instanceof MinorThanEquals) {
      return comparison((BinaryExpression) e);
    }
    if (e instanceof Addition
        || e instanceof Subtraction
        || e instanceof Multiplication
        || e instanceof Division
        || e instanceof Modulo) {
      return arithmetic((BinaryExpression) e);
    }
    if (e instanceof Concat c) {
      Expr l = compile(c.getLeftExpression());
      Expr r = compile(c.getRightExpression());
      Expr arrays = ArrayTypes.concat(l, r);
      if (arrays != null) {
        return arrays;
      }
      return Expr.of(
          PgType.TEXT,
          env -> {
            Object a = l.eval(env);
            Object b = r.eval(env);
            return a == null || b == null ? null : text(a) + text(b);
          });
    }
    if (e instanceof IsNullExpression n) {
      Expr inner = compile(n.getLeftExpression());
      boolean not = n.isNot();
      return Expr.of(PgType.BOOL, env -> (inner.eval(env) == null) != not);
    }
    if (e instanceof IsBooleanExpression b) {
      Expr inner = compile(b.getLeftExpression());
      boolean want = b.isTrue();
      boolean not = b.isNot();
      return Expr.of(
          PgType.BOOL,
          env -> {
            Object v = inner.eval(env);
            boolean is = v != null && Expr.isTrue(v) == want;
            return is != not;
          });
    }
    if (e instanceof net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression d) {
      Expr l = compile(d.getLeftExpression());
      Expr r = compile(d.getRightExpression());
      boolean not = d.isNot();
      return Expr.of(
          PgType.BOOL,
          env -> {
            Object a = l.eval(env);
            Object b = r.eval(env);
            boolean distinct =
                a == null || b == null ? (a == null) != (b == null) : Values.compare(a, b) != 0;
            return distinct != not;
          });
    }
    if (e instanceof Between b) {
      Expr v = compile(b.getLeftExpression());
      Expr lo = compile(b.getBetweenExpressionStart());
      Expr hi = compile(b.getBetweenExpressionEnd());
      inferParam(lo, v.type);
      inferParam(hi, v.type);
      boolean not = b.isNot();
      return Expr.of(
          PgType.BOOL,
          env -> {
            Object x = v.eval(env);
            Object a = lo.eval(env);
            Object c = hi.eval(env);
            if (x == null || a == null || c == null) {
              return null;
            }
            boolean in = Values.compare(x, a) >= 0 && Values.compare(x, c) <= 0;
            return in != not;
          });
    }
    if (e instanceof InExpression in) {
      return in(in);
    }
    if (e instanceof ExistsExpression ex) {
      Query q = subquery(ex.getRightExpression());
      boolean not = ex.isNot();
      return Expr.of(PgType.BOOL, env -> q.rows(env).isEmpty() == not);
    }
    if (e instanceof net.sf.jsqlparser.statement.select.Select ps) {
      Query q = compiler.query(ps instanceof ParenthesedSelect p ? p.getSelect() : ps, scope);
      PgType t = q.fields().isEmpty() ? PgType.TEXT : q.fields().get(0).type();
      return Expr.of(
          t,
          env -> {
            List<Object[]> rows = q.rows(env);
            if (rows.size() > 1) {
              throw new SqlException(
                  "21000", "more than one row returned by a subquery used as an expression");
            }
            return rows.isEmpty() ? null : rows.get(0)[0];
          });
    }
    if (e instanceof LikeExpression l) {
      return like(l);
    }
    if (e instanceof RegExpMatchOperator r) {
      return regex(r);
    }
    if (e instanceof CaseExpression c) {
      return caseExpr(c);
    }
    if (e instanceof CastExpression c) {
      Expr inner = compile(c.getLeftExpression());
      String typeText = c.getColDataType().toString();
      return Functions.cast(inner, typeText);
    }
    if (e instanceof TimeKeyExpression t) {
      return Functions.timeKey(t.getStringValue());
    }
    if (e instanceof DateTimeLiteralExpression d) {
      String v = d.getValue();
      v = v.substring(1, v.length() - 1);
      PgType t = PgType.byName(d.getType().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      return Expr.literal(t, Values.fromText(v, t));
    }
    if (e instanceof ArrayConstructor a) {
      List<Expr> items = new ArrayList<>();
      for (Expression x : a.getExpressions()) {
        items.add(compile(x));
      }
      PgType type = ArrayTypes.constructed(items);
      return Expr.of(
          type,
          env -> {
            List<Object> out = new ArrayList<>();
            for (Expr x : items) {
              out.add(x.eval(env));
            }
            return ArrayTypes.elements(out, type);
          });
    }
    if (e instanceof Function f) {
      return Functions.call(this, f);
    }
    if (e instanceof net.sf.jsqlparser.expression.ArrayExpression a
        && a.getIndexExpression() != null) {
      Expr arr = compile(a.getObjExpression());
      Expr idx = compile(a.getIndexExpression());
      return element(ArrayTypes.elementOf(arr.type), arr, idx);
    }
    if (e instanceof net.sf.jsqlparser.expression.RowGetExpression rg) {
      Expr inner = compile(rg.getExpression());
      String field = unquote(rg.getColumnName());
      return Expr.of(
          PgType.INT4,
          env -> {
            Object v = inner.eval(env);
            if (v == null) {
              return null;
            }
            if (!(v instanceof java.util.Map<?, ?> m)) {
              throw new SqlException(
                  "42809", "column notation ." + field + " applied to a non-composite value");
            }
            return m.get(field);
          });
    }
    if (e instanceof net.sf.jsqlparser.expression.AnalyticExpression a) {
      return Window.compile(this, a);
    }
    if (e instanceof net.sf.jsqlparser.expression.TrimFunction tf) {
      return trim(tf);
    }
    throw SqlException.unsupported("the expression \"" + e + "\"");
  }

  static String stringValue(StringValue s) {
    String v = s.getValue().replace("''", "'");
    if (s.getPrefix() != null && s.getPrefix().equalsIgnoreCase("E")) {
      return unescape(v);
    }
    return v;
  }

  /** The escapes of E'…' strings: \n \t …, octal \ooo, hex \xhh, \\uXXXX and \\UXXXXXXXX. */
  static String unescape(String v) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    int n = v.length();
    while (i < n) {
      char ch = v.charAt(i);
      if (ch != '\\' || i + 1 >= n) {
        sb.append(ch);
        i++;
        continue;
      }
      char e = v.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'v' -> sb.append('\u000b');
        case 'x' -> {
          int val = 0;
          int k = 0;
          while (k < 2 && i < n && Character.digit(v.charAt(i), 16) >= 0) {
            val = val * 16 + Character.digit(v.charAt(i), 16);
            i++;
            k++;
          }
          if (k == 0) {
            sb.append('x');
          } else {
            sb.append((char) val);
          }
        }
        case 'u', 'U' -> {
          int len = e == 'u' ? 4 : 8;
          if (i + len > n) {
            throw new SqlException("22025", "invalid Unicode escape");
          }
          int cp = 0;
          for (int k = 0; k < len; k++) {
            int d = Character.digit(v.charAt(i + k), 16);
            if (d < 0) {
              throw new SqlException("22025", "invalid Unicode escape");
            }
            cp = cp * 16 + d;
          }
          i += len;
          if (cp == 0 || cp > 0x10FFFF) {
            throw new SqlException("22P05", "invalid Unicode escape value");
          }
          sb.appendCodePoint(cp);
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int val = e - '0';
            int k = 1;
            while (k < 3 && i < n && v.charAt(i) >= '0' && v.charAt(i) <= '7') {
              val = val * 8 + (v.charAt(i) - '0');
              i++;
              k++;
            }
            sb.append((char) (val & 0xFF));
          } else {
            sb.append(e);
          }
        }
      }
    }
    return sb.toString();
  }

  static String text(Object v) {
    return v instanceof String s ? s : Values.toText(v, Values.typeOf(v));
  }

  /**
   * {@code col[i]} (JSqlParser keeps the subscript on the column): the element, NULL out of bounds;
   * slices and several subscripts are refused rather than answered with the whole array.
   */
  private Expr subscripted(Column c) {
    net.sf.jsqlparser.expression.ArrayConstructor ac = c.getArrayConstructor();
    List<? extends Expression> subs = ac.getExpressions();
    if (subs == null
        || subs.size() != 1
        || subs.get(0) instanceof net.sf.jsqlparser.expression.RangeExpression) {
      throw SqlException.unsupported("array slices and multidimensional subscripts");
    }
    Column plain = new Column(c.getTable(), c.getColumnName());
    Expr arr = column(plain);
    Expr idx = compile(subs.get(0));
    if (arr.type == PgType.NAME) { // name[i]: its i-th character, counted from 0 (pg_dump uses it)
      return subscript(
          PgType.CHAR,
          arr,
          idx,
          (v, k) -> {
            String n = v.toString();
            return k >= 0 && k < n.length() ? String.valueOf(n.charAt((int) k)) : null;
          });
    }
    if (!arr.type.isArray() && arr.type != PgType.INT2VECTOR && arr.type != PgType.OIDVECTOR) {
      throw SqlException.unsupported("subscripting type " + arr.type.sqlName);
    }
    PgType elem =
        arr.type == PgType.INT2VECTOR
            ? PgType.INT2
            : arr.type == PgType.OIDVECTOR ? PgType.OID : arr.type.element();
    return element(elem, arr, idx);
  }

  /** {@code arr[idx]} counted from 1, in the element type; NULL out of bounds. */
  private static Expr element(PgType type, Expr arr, Expr idx) {
    return subscript(type, arr, idx, (v, k) -> ArrayTypes.element(v, k, type));
  }

  /**
   * What {@code pick} takes from {@code arr}'s value at {@code idx}; NULL when either is NULL,
   * 22003 when the index is beyond integer range.
   */
  private static Expr subscript(PgType type, Expr arr, Expr idx, Subscript pick) {
    return Expr.of(
        type,
        env -> {
          Object v = arr.eval(env);
          Object i = idx.eval(env);
          if (v == null || i == null) {
            return null;
          }
          long k = Values.asLong(i);
          if (k != (int) k) { // PostgreSQL casts a subscript to integer
            throw new SqlException("22003", "integer out of range");
          }
          return pick.at(v, k);
        });
  }

  /** One kind of subscript: the part of a non-null value at a non-null index, or null. */
  private interface Subscript {
    Object at(Object value, long index);
  }

  private Expr column(Column c) {
    String qualifier = c.getTable() == null ? null : c.getTable().getName();
    String name = unquote(c.getColumnName());
    Scope.Ref ref = scope.resolve(qualifier == null ? null : unquote(qualifier), name);
    if (ref == null) {
      if (qualifier == null && (name.equalsIgnoreCase("true") || name.equalsIgnoreCase("false"))) {
        return Expr.literal(PgType.BOOL, name.equalsIgnoreCase("true"));
      }
      if (qualifier == null) {
        Expr k = Functions.keyword(name);
        if (k != null) {
          return k;
        }
      }
      if (qualifier != null && scope.resolve(null, name) == null) {
        throw new SqlException(
            "42P01", "missing FROM-clause entry for table \"" + unquote(qualifier) + "\"");
      }
      throw SqlException.undefinedColumn(qualifier == null ? name : qualifier + "." + name);
    }
    int slot = ref.slot();
    int depth = ref.depth();
    PgType t = ref.col().type();
    if (depth == 0) {
      return new Expr(t) {
        @Override
        Object eval(Env env) {
          return env.row[slot];
        }
      };
    }
    return new Expr(t) {
      @Override
      Object eval(Env env) {
        Env e = env;
        for (int i = 0; i < depth; i++) {
          e = e.outer;
        }
        return e.row[slot];
      }
    };
  }

  /** TRIM([LEADING | TRAILING | BOTH] [chars] FROM s) as ltrim / rtrim / btrim(s, chars). */
  private Expr trim(net.sf.jsqlparser.expression.TrimFunction tf) {
    Expr text =
        compile(tf.getFromExpression() != null ? tf.getFromExpression() : tf.getExpression());
    Expr chars =
        tf.getFromExpression() != null && tf.getExpression() != null
            ? compile(tf.getExpression())
            : Expr.literal(PgType.TEXT, " ");
    String spec = tf.getTrimSpecification() == null ? "BOTH" : tf.getTrimSpecification().name();
    String fn = spec.equals("LEADING") ? "ltrim" : spec.equals("TRAILING") ? "rtrim" : "btrim";
    return Builtins.call(this, fn, List.of(text, chars));
  }

  static String unquote(String s) {
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1);
    }
    return s.toLowerCase(Locale.ROOT);
  }

  Expr param(int index) {
    if (compiler.literals != null && index >= 0 && index < compiler.literals.length) {
      return new LiteralShape.Slot(index, compiler.literals[index]);
    }
    if (index < 0 || index >= Compiler.MAX_PARAMS) {
      throw new SqlException("42P02", "there is no parameter $" + (index + 1));
    }
    compiler.useParam(index);
    return new ParamExpr(index, compiler);
  }

  /** A $n parameter; its type is the client's, or inferred from where it is used. */
  static final class ParamExpr extends Expr {
    final int index;
    final Compiler compiler;

    ParamExpr(int index, Compiler compiler) {
      super(PgType.UNKNOWN);
      this.index = index;
      this.compiler = compiler;
    }

    @Override
    Object eval(Env env) {
      Object[] p = env.exec.params;
      if (index >= p.length) {
        throw new SqlException("08P01", "no value bound for parameter $" + (index + 1));
      }
      return p[index];
    }

    @Override
    boolean constant() {
      return true;
    }
  }

  /** Gives an untyped parameter the type of what it is compared with or assigned to. */
  void inferParam(Expr e, PgType t) {
    if (e instanceof ParamExpr p && t != PgType.UNKNOWN) {
      compiler.inferParam(p.index, t);
    }
  }

  private Expr comparison(BinaryExpression b) {
    Expression right = b.getRightExpression();
    if (right instanceof Function f
        && (f.getName().equalsIgnoreCase("any") || f.getName().equalsIgnoreCase("some"))
        && f.getParameters() != null
        && f.getParameters().size() == 1) {
      return anyComparison(b, compile(f.getParameters().get(0)));
    }
    Expr l = compile(b.getLeftExpression());
    Expr r = compile(right);
    inferParam(l, r.type);
    inferParam(r, l.type);
    int op = opOf(b);
    return new Compare(l, r, op);
  }

  static int opOf(BinaryExpression b) {
    if (b instanceof EqualsTo) {
      return Compare.EQ;
    }
    if (b instanceof NotEqualsTo) {
      return Compare.NE;
    }
    if (b instanceof GreaterThan) {
      return Compare.GT;
    }
    if (b instanceof GreaterThanEquals) {
      return Compare.GE;
    }
    if (b instanceof MinorThan) {
      return Compare.LT;
    }
    return Compare.LE;
  }

  private Expr anyComparison(BinaryExpression b, Expr array) {
    Expr l = compile(b.getLeftExpression());
    int op = opOf(b);
    return Expr.of(
        PgType.BOOL,
        env -> {
          Object v = l.eval(env);
          Object a = array.eval(env);
          if (v == null || a == null) {
            return null;
          }
          List<?> items = a instanceof List<?> list ? list : Functions.parseArray(a.toString());
          boolean sawNull = false;
          for (Object x : items) {
            if (x == null) {
              sawNull = true;
            } else if (Compare.test(op, Values.compare(v, x))) {
              return true;
            }
          }
          return sawNull ? null : false;
        });
  }

  /** A comparison; {@code a op b} with SQL NULL semantics. */
  static final class Compare extends Expr {
    static final int EQ = 0, NE = 1, LT = 2, LE = 3, GT = 4, GE = 5;
    final Expr left;
    final Expr right;
    final int op;

    Compare(Expr left, Expr right, int op) {
      super(PgType.BOOL);
      this.left = left;
      this.right = right;
      this.op = op;
    }

    @Override
    Object eval(Env env) {
      Object a = left.eval(env);
      if (a == null) {
        return null;
      }
      Object b = right.eval(env);
      if (b == null) {
        return null;
      }
      return test(op, Values.compare(a, b));
    }

    static boolean test(int op, int c) {
      return switch (op) {
        case EQ -> c == 0;
        case NE -> c != 0;
        case LT -> c < 0;
        case LE -> c <= 0;
        case GT -> c > 0;
        default -> c >= 0;
      };
    }
  }

  private Expr arithmetic(BinaryExpression b) {
    Expr l = compile(b.getLeftExpression());
    Expr r = compile(b.getRightExpression());
    inferParam(l, r.type);
    inferParam(r, l.type);
    char op =
        b instanceof Addition
            ? '+'
            : b instanceof Subtraction
                ? '-'
                : b instanceof Multiplication ? '*' : b instanceof Division ? '/' : '%';
    PgType t = Arith.resultType(l.type, r.type);
    return Expr.of(
        t,
        env -> {
          Object x = l.eval(env);
          Object y = r.eval(env);
          if (x == null || y == null) {
            return null;
          }
          Object v = Arith.apply(op, x, y);
          if (t == PgType.INT4
              && v instanceof Long n
              && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
            throw new SqlException("22003", "integer out of range");
          }
          if (t == PgType.INT2
              && v instanceof Long n
              && (n < Short.MIN_VALUE || n > Short.MAX_VALUE)) {
            throw new SqlException("22003", "smallint out of range");
          }
          if (t == PgType.FLOAT4 && v instanceof Double d) {
            float f = (float) d.doubleValue();
            if (Float.isInfinite(f) && !Double.isInfinite(d)) {
              throw new SqlException("22003", "value out of range: overflow");
            }
            return (double) f; // real arithmetic is single precision
          }
          return v;
        });
  }

  private Expr in(InExpression in) {
    Expr left = compile(in.getLeftExpression());
    boolean not = in.isNot();
    Expression right = in.getRightExpression();
    if (right instanceof ParenthesedSelect ps) {
      Query q = compiler.query(ps.getSelect(), scope);
      return Expr.of(
          PgType.BOOL,
          env -> {
            Object v = left.eval(env);
            if (v == null) {
              return null;
            }
            boolean sawNull = false;
            for (Object[] row : q.rows(env)) {
              if (row[0] == null) {
                sawNull = true;
              } else if (Values.compare(v, row[0]) == 0) {
                return !not;
              }
            }
            return sawNull ? null : not;
          });
    }
    if (!(right instanceof ExpressionList<?> list)) {
      throw SqlException.unsupported("IN with " + right);
    }
    List<Expr> items = new ArrayList<>();
    for (Expression x : list) {
      Expr item = compile(x);
      inferParam(item, left.type);
      items.add(item);
    }
    return new InList(left, items, not);
  }

  /** {@code x [NOT] IN (a, b, …)}; the planner reads its items for key lookups. */
  static final class InList extends Expr {
    final Expr left;
    final List<Expr> items;
    final boolean not;

    /** Keys of the items when all are constants of one family (numbers or text), else null. */
    private volatile java.util.Set<Object> hashed;

    private volatile boolean hashChecked;

    InList(Expr left, List<Expr> items, boolean not) {
      super(PgType.BOOL);
      this.left = left;
      this.items = items;
      this.not = not;
    }

    /** A key equal for values the IN test finds equal, or null when hashing cannot decide. */
    private static Object key(Object v) {
      if (v instanceof Long l) {
        return l;
      }
      if (v instanceof BigDecimal d) {
        BigDecimal n = d.stripTrailingZeros();
        try {
          return n.longValueExact();
        } catch (ArithmeticException e) {
          return n;
        }
      }
      if (v instanceof String s) {
        return s;
      }
      return null;
    }

    private java.util.Set<Object> hashed(Env env) {
      if (!hashChecked) {
        java.util.Set<Object> set = new java.util.HashSet<>();
        boolean numbers =
            left.type.isNumeric() && left.type != PgType.FLOAT4 && left.type != PgType.FLOAT8;
        boolean text =
            left.type.isText()
                && left.type != PgType.UNKNOWN
                && left.type != PgType.JSON
                && left.type != PgType.JSONB;
        boolean ok = items.size() > 8 && (numbers || text);
        for (Expr item : items) {
          if (!ok) {
            break;
          }
          if (!item.constant() || item instanceof ParamExpr) {
            ok = false;
            break;
          }
          Object v = item.eval(env);
          if (v == null) {
            ok = false; // NULL items change the result to NULL: keep the plain path
            break;
          }
          if ((numbers && !(v instanceof Long || v instanceof BigDecimal))
              || (text && !(v instanceof String))) {
            ok = false;
            break;
          }
          set.add(key(v));
        }
        hashed = ok ? set : null;
        hashChecked = true;
      }
      return hashed;
    }

    @Override
    Object eval(Env env) {
      Object v = left.eval(env);
      if (v == null) {
        return null;
      }
      java.util.Set<Object> set = hashed(env);
      if (set != null) {
        Object k = key(v);
        if (k != null) {
          return set.contains(k) != not;
        }
      }
      boolean sawNull = false;
      for (Expr item : items) {
        Object x = item.eval(env);
        if (x == null) {
          sawNull = true;
        } else if (Values.compare(v, x) == 0) {
          return !not;
        }
      }
      return sawNull ? null : not;
    }
  }

  private Query subquery(Expression e) {
    if (e instanceof ParenthesedSelect ps) {
      return compiler.query(ps.getSelect(), scope);
    }
    throw SqlException.unsupported("the subquery " + e);
  }

  private Expr like(LikeExpression l) {
    Expr v = compile(l.getLeftExpression());
    Expr p = compile(l.getRightExpression());
    boolean ci = l.getLikeKeyWord() == LikeExpression.KeyWord.ILIKE;
    if (l.getLikeKeyWord() == LikeExpression.KeyWord.SIMILAR_TO) {
      throw SqlException.unsupported("SIMILAR TO");
    }
    Expr esc = l.getEscape() == null ? null : compile(l.getEscape());
    boolean not = l.isNot();
    inferParam(p, PgType.TEXT);
    Object[] last = new Object[2]; // the last pattern key and its matcher
    return Expr.of(
        PgType.BOOL,
        env -> {
          Object a = v.eval(env);
          Object b = p.eval(env);
          if (a == null || b == null) {
            return null;
          }
          String escape = null;
          if (esc != null) {
            Object e = esc.eval(env);
            if (e == null) {
              return null;
            }
            escape = text(e);
          }
          String key = (ci ? "i:" : "c:") + (escape == null ? "\\" : escape) + ":" + text(b);
          LikeMatcher m;
          synchronized (last) {
            if (key.equals(last[0])) {
              m = (LikeMatcher) last[1];
            } else {
              m = new LikeMatcher(text(b), escape, ci);
              last[0] = key;
              last[1] = m;
            }
          }
          return m.matches(text(a), env.exec::checkCancel) != not;
        });
  }

  private Expr regex(RegExpMatchOperator r) {
    Expr v = compile(r.getLeftExpression());
    Expr p = compile(r.getRightExpression());
    RegExpMatchOperatorType t = r.getOperatorType();
    boolean ci =
        t == RegExpMatchOperatorType.MATCH_CASEINSENSITIVE
            || t == RegExpMatchOperatorType.NOT_MATCH_CASEINSENSITIVE;
    boolean not =
        t == RegExpMatchOperatorType.NOT_MATCH_CASESENSITIVE
            || t == RegExpMatchOperatorType.NOT_MATCH_CASEINSENSITIVE;
    Object[] last = new Object[2];
    return Expr.of(
        PgType.BOOL,
        env -> {
          Object a = v.eval(env);
          Object b = p.eval(env);
          if (a == null || b == null) {
            return null;
          }
          String re = text(b);
          Pattern pat;
          synchronized (last) {
            if (re.equals(last[0])) {
              pat = (Pattern) last[1];
            } else {
              try {
                pat = Pattern.compile(re, ci ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
              } catch (java.util.regex.PatternSyntaxException e) {
                throw new SqlException(
                    "2201B", "invalid regular expression: " + e.getDescription());
              }
              last[0] = re;
              last[1] = pat;
            }
          }
          return pat.matcher(new CancellableText(text(a), env.exec::checkCancel)).find() != not;
        });
  }

  private Expr caseExpr(CaseExpression c) {
    Expr subject = c.getSwitchExpression() == null ? null : compile(c.getSwitchExpression());
    List<Expr[]> whens = new ArrayList<>();
    PgType t = PgType.UNKNOWN;
    for (WhenClause w : c.getWhenClauses()) {
      Expr cond = compile(w.getWhenExpression());
      Expr then = compile(w.getThenExpression());
      if (t == PgType.UNKNOWN) {
        t = then.type;
      }
      whens.add(new Expr[] {cond, then});
    }
    Expr otherwise = c.getElseExpression() == null ? null : compile(c.getElseExpression());
    if (t == PgType.UNKNOWN && otherwise != null) {
      t = otherwise.type;
    }
    return Expr.of(
        t == PgType.UNKNOWN ? PgType.TEXT : t,
        env -> {
          Object s = subject == null ? null : subject.eval(env);
          for (Expr[] w : whens) {
            Object v = w[0].eval(env);
            boolean hit =
                subject == null
                    ? Expr.isTrue(v)
                    : s != null && v != null && Values.compare(s, v) == 0;
            if (hit) {
              return w[1].eval(env);
            }
          }
          return otherwise == null ? null : otherwise.eval(env);
        });
  }

  private static Object and(Object a, Expr right, Env env) {
    if (a != null && !Expr.isTrue(a)) {
      return false;
    }
    Object b = right.eval(env);
    if (b != null && !Expr.isTrue(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }

  private static Object or(Object a, Expr right, Env env) {
    if (a != null && Expr.isTrue(a)) {
      return true;
    }
    Object b = right.eval(env);
    if (b != null && Expr.isTrue(b)) {
      return true;
    }
    return a == null || b == null ? null : false;
  }

  /** Numeric operators with PostgreSQL's overflow and division errors. */
  static final class Arith {
    private Arith() {}

    static PgType resultType(PgType a, PgType b) {
      if (a == PgType.FLOAT4 && b == PgType.FLOAT4) {
        return PgType.FLOAT4;
      }
      if (a == PgType.INT2 && b == PgType.INT2) {
        return PgType.INT2;
      }
      if (a == PgType.FLOAT8 || b == PgType.FLOAT8 || a == PgType.FLOAT4 || b == PgType.FLOAT4) {
        return PgType.FLOAT8;
      }
      if (a == PgType.NUMERIC || b == PgType.NUMERIC) {
        return PgType.NUMERIC;
      }
      if (a == PgType.INT8 || b == PgType.INT8) {
        return PgType.INT8;
      }
      if (a == PgType.DATE || a == PgType.TIMESTAMP || a == PgType.TIMESTAMPTZ) {
        return a;
      }
      if (a.isInteger() || b.isInteger()) {
        return a.isInteger() && b.isInteger() ? PgType.INT4 : a.isInteger() ? a : b;
      }
      return PgType.NUMERIC;
    }

    static Object negate(Object v) {
      if (v == null) {
        return null;
      }
      if (v instanceof Long l) {
        return Math.negateExact(l);
      }
      if (v instanceof Double d) {
        return -d;
      }
      return Values.toDecimal(v).negate();
    }

    static Object apply(char op, Object x, Object y) {
      if (x instanceof java.time.LocalDate d && y instanceof Long n) {
        return op == '+' ? d.plusDays(n) : d.minusDays(n);
      }
      if (x instanceof String s) {
        x = y instanceof Long ? Values.fromText(s, PgType.INT8) : Values.toDecimal(s);
      }
      if (y instanceof String s) {
        y = x instanceof Long ? Values.fromText(s, PgType.INT8) : Values.toDecimal(s);
      }
      try {
        if (x instanceof Long a && y instanceof Long b) {
          return switch (op) {
            case '+' -> Math.addExact(a, b);
            case '-' -> Math.subtractExact(a, b);
            case '*' -> Math.multiplyExact(a, b);
            case '/' -> {
              if (b == 0) {
                throw new SqlException("22012", "division by zero");
              }
              yield a / b;
            }
            default -> {
              if (b == 0) {
                throw new SqlException("22012", "division by zero");
              }
              yield a % b;
            }
          };
        }
      } catch (ArithmeticException e) {
        throw new SqlException("22003", "integer out of range");
      }
      if (x instanceof Double || y instanceof Double) {
        double a = ((Number) x).doubleValue();
        double b = ((Number) y).doubleValue();
        return switch (op) {
          case '+' -> a + b;
          case '-' -> a - b;
          case '*' -> a * b;
          case '/' -> {
            if (b == 0) {
              throw new SqlException("22012", "division by zero");
            }
            yield a / b;
          }
          default -> a % b;
        };
      }
      BigDecimal a = Values.toDecimal(x);
      BigDecimal b = Values.toDecimal(y);
      return switch (op) {
        case '+' -> a.add(b);
        case '-' -> a.subtract(b);
        case '*' -> a.multiply(b);
        case '/' -> {
          if (b.signum() == 0) {
            throw new SqlException("22012", "division by zero");
          }
          yield a.divide(b, Math.max(16, Math.max(a.scale(), b.scale())), RoundingMode.HALF_UP)
              .stripTrailingZeros();
        }
        default -> a.remainder(b);
      };
    }
  }
}
