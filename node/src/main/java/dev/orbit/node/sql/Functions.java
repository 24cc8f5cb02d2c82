package dev.orbit.node.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;

/** Scalar functions, casts and the aggregate hook of the expression compiler. */
final class Functions {
  static final String VERSION =
      "PostgreSQL 15.18 (Orbit) on x86_64-pc-linux-gnu, compiled by javac, 64-bit";

  private Functions() {}

  /** Bare words that name values (current_user, …) where no column matches. */
  static Expr keyword(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "current_user", "session_user", "user", "current_role" ->
          Expr.of(PgType.NAME, env -> env.exec.session.user);
      case "current_schema" -> Expr.literal(PgType.NAME, "public");
      case "current_catalog" -> Expr.of(PgType.NAME, env -> env.exec.session.database);
      default -> null;
    };
  }

  static Expr timeKey(String key) {
    String k = key.toLowerCase(Locale.ROOT).replace("()", "");
    return switch (k) {
      case "current_timestamp", "localtimestamp", "now" ->
          Expr.of(
              k.equals("localtimestamp") ? PgType.TIMESTAMP : PgType.TIMESTAMPTZ,
              env ->
                  k.equals("localtimestamp") ? env.exec.now().toLocalDateTime() : env.exec.now());
      case "current_date" -> Expr.of(PgType.DATE, env -> env.exec.now().toLocalDate());
      default -> {
        Expr kw = keyword(k);
        if (kw == null) {
          throw SqlException.unsupported(key);
        }
        yield kw;
      }
    };
  }

  static Expr cast(Expr inner, String typeText) {
    TypeName tn = TypeName.parse(typeText);
    PgType t = tn.type();
    int typmod = tn.typmod();
    if (t == PgType.REGCLASS) {
      return Expr.of(
          PgType.REGCLASS,
          env -> {
            Object v = inner.eval(env);
            if (v == null || v instanceof Long) {
              return v;
            }
            return SystemTables.regclass(env.exec, v.toString());
          });
    }
    if ((t == PgType.TEXT || t == PgType.NAME)
        && (inner.type == PgType.REGCLASS
            || inner.type == PgType.REGNAMESPACE
            || inner.type == PgType.REGTYPE)) {
      PgType from = inner.type;
      return Expr.of(
          t,
          env -> {
            Object v = inner.eval(env);
            return v == null ? null : SystemTables.regName(env.exec, from, Values.asLong(v));
          });
    }
    if (t.isArray()) {
      TypeName e = tn.element();
      return Expr.of(
          t,
          env -> {
            Object v = inner.eval(env);
            Object a = v == null || v instanceof List ? v : parseArray(v.toString());
            return e == null
                ? a
                : ArrayTypes.typed(ArrayElements.coerce(a, e.type(), e.typmod()), t);
          });
    }
    if (inner.type.isArray() && (t == PgType.TEXT || t == PgType.VARCHAR) && typmod < 0) {
      PgType from = inner.type; // array_out of the array's own type (real[] elements as float4)
      return Expr.of(t, env -> Values.toText(inner.eval(env), from));
    }
    if (inner.type == PgType.UNKNOWN
        && inner.constant()
        && !(inner instanceof ExprCompiler.ParamExpr)) {
      Object v = inner.eval(null);
      return Expr.literal(t, Values.coerce(v, t, typmod));
    }
    return new Expr(t) {
      @Override
      Object eval(Env env) {
        return Values.coerce(inner.eval(env), t, typmod);
      }

      @Override
      boolean constant() {
        return inner.constant();
      }
    };
  }

  static List<Object> parseArray(String s) {
    String t = s.trim();
    if (!t.startsWith("{") || !t.endsWith("}")) {
      if (t.matches("[0-9 ]*")) {
        List<Object> vector = new ArrayList<>();
        for (String p : t.split("\\s+")) {
          if (!p.isEmpty()) {
            vector.add(Long.parseLong(p));
          }
        }
        return vector;
      }
      throw SqlException.badInput("array", s);
    }
    List<Object> out = new ArrayList<>();
    String body = t.substring(1, t.length() - 1);
    if (body.isEmpty()) {
      return out;
    }
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        wasQuoted = true;
      } else if (c == '\\' && quoted && i + 1 < body.length()) {
        cur.append(body.charAt(++i));
      } else if (c == ',' && !quoted) {
        out.add(!wasQuoted && cur.toString().equalsIgnoreCase("NULL") ? null : cur.toString());
        cur.setLength(0);
        wasQuoted = false;
      } else {
        cur.append(c);
      }
    }
    out.add(!wasQuoted && cur.toString().equalsIgnoreCase("NULL") ? null : cur.toString());
    return out;
  }

  static Pattern likePattern(String like, boolean ci, Exec exec) {
    String key = (ci ? "i:" : "c:") + like;
    return (Pattern)
        exec.cache.computeIfAbsent(
            key.intern(),
            k -> {
              StringBuilder re = new StringBuilder();
              for (int i = 0; i < like.length(); i++) {
                char c = like.charAt(i);
                if (c == '\\' && i + 1 < like.length()) {
                  re.append(Pattern.quote(String.valueOf(like.charAt(++i))));
                } else if (c == '%') {
                  re.append(".*");
                } else if (c == '_') {
                  re.append('.');
                } else {
                  re.append(Pattern.quote(String.valueOf(c)));
                }
              }
              return Pattern.compile(
                  re.toString(),
                  Pattern.DOTALL | (ci ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
            });
  }

  static Expr call(ExprCompiler ec, Function f) {
    String name = f.getName().substring(f.getName().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (f.getParameters() != null
        && f.getParameters().size() == 1
        && f.getParameters().get(0) instanceof net.sf.jsqlparser.statement.select.AllColumns
        && !(f.getParameters().get(0)
            instanceof net.sf.jsqlparser.statement.select.AllTableColumns)) {
      f.setAllColumns(true);
      f.setParameters((net.sf.jsqlparser.expression.operators.relational.ExpressionList<?>) null);
    }
    if (f.isAllColumns() || Aggregate.isAggregate(name)) {
      return aggregate(ec, f, name);
    }
    if (f.getKeep() != null || f.toString().toLowerCase(Locale.ROOT).contains(" over ")) {
      throw SqlException.unsupported("window functions");
    }
    if (name.equals("array")
        && f.getParameters() != null
        && f.getParameters().size() == 1
        && f.getParameters().get(0) instanceof net.sf.jsqlparser.statement.select.Select sel) {
      Query q = ec.compiler.query(sel, ec.scope);
      PgType element = q.fields().isEmpty() ? null : q.fields().get(0).type();
      return Expr.of(
          PgType.arrayOf(element) == null ? PgType.TEXT_ARRAY : PgType.arrayOf(element),
          env -> {
            List<Object> out = new ArrayList<>();
            for (Object[] row : q.rows(env)) {
              out.add(row[0]);
            }
            return out;
          });
    }
    List<Expr> args = new ArrayList<>();
    if (f.getParameters() != null) {
      for (Object o : f.getParameters()) {
        args.add(ec.compile((Expression) o));
      }
    }
    if ((name.equals("unnest") || name.equals("_pg_expandarray")) && args.size() == 1) {
      if (ec.srfs == null) {
        throw SqlException.unsupported("set-returning function " + name + " here");
      }
      int slot = ec.srfs.size();
      boolean composite = name.equals("_pg_expandarray");
      ec.srfs.add(args.get(0));
      PgType element = composite ? PgType.TEXT : ArrayTypes.elementOf(args.get(0).type);
      return Expr.of(
          element,
          env -> {
            Object[] cur = (Object[]) env.srf[slot];
            if (cur == null) {
              return null;
            }
            if (!composite) { // unnest of an int[] gives int4 values, as in PostgreSQL
              return cur[0] == null ? null : Values.coerce(cur[0], element, -1);
            }
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("x", cur[0]);
            m.put("n", cur[1]);
            return m;
          });
    }
    Expr known = Builtins.call(ec, name, args);
    if (known == null) {
      throw new SqlException(
          "42883", "function " + name + "(" + argTypes(args) + ") does not exist");
    }
    return known;
  }

  private static String argTypes(List<Expr> args) {
    List<String> out = new ArrayList<>();
    for (Expr a : args) {
      out.add(a.type.sqlName);
    }
    return String.join(", ", out);
  }

  private static Expr aggregate(ExprCompiler ec, Function f, String name) {
    if (ec.aggregates == null) {
      throw new SqlException(
          "42803",
          ec.inAggregateArgs
              ? "aggregate function calls cannot be nested"
              : "aggregate functions are not allowed here");
    }
    Scope.AggLevel saved = ec.scope.aggLevel;
    Scope.AggLevel level = new Scope.AggLevel();
    ec.scope.aggLevel = level;
    try {
      Expr a = aggregateCall(ec, f, name);
      refuseOuterLevel(level);
      return a;
    } finally {
      ec.scope.aggLevel = saved;
    }
  }

  /**
   * An aggregate whose arguments read only outer columns belongs to the outer query in PostgreSQL
   * (it aggregates the outer rows); that is not supported here, so it is refused rather than
   * computed per inner row.
   */
  private static void refuseOuterLevel(Scope.AggLevel level) {
    if (level.local || level.nearestOuter == null) {
      return;
    }
    for (Cte cte : level.ctes) {
      boolean visibleAtAggLevel = false;
      for (Scope m = level.nearestOuter.parent; m != null; m = m.parent) {
        visibleAtAggLevel |= m == cte.definedParent;
      }
      if (!visibleAtAggLevel && cte.definedParent != null) {
        throw new SqlException(
            "0A000",
            "outer-level aggregate cannot use a nested CTE",
            "CTE \"" + cte.name + "\" is below the aggregate's semantic level.");
      }
    }
    throw SqlException.unsupported(
        "an aggregate of an outer query's columns (outer-level aggregate)");
  }

  private static Expr aggregateCall(ExprCompiler ec, Function f, String name) {
    ExprCompiler rowLevel = new ExprCompiler(ec.compiler, ec.scope, null);
    rowLevel.inAggregateArgs = true;
    Expr arg = null;
    Expr sep = null;
    boolean star = f.isAllColumns();
    if (!star
        && f.getParameters() != null
        && f.getParameters().size() == 1
        && f.getParameters().get(0)
            instanceof net.sf.jsqlparser.statement.select.AllTableColumns atc) {
      arg = wholeRow(ec, ExprCompiler.unquote(atc.getTable().getName()), name);
    } else if (!star && f.getParameters() != null && !f.getParameters().isEmpty()) {
      arg = rowLevel.compile((Expression) f.getParameters().get(0));
      if (f.getParameters().size() > 1) {
        sep = rowLevel.compile((Expression) f.getParameters().get(1));
      }
    } else if (!name.equals("count")) {
      throw new SqlException("42883", "function " + name + "() does not exist");
    } else {
      star = true;
    }
    Aggregate a = new Aggregate(name, arg, sep, f.isDistinct(), star);
    int slot = ec.aggregates.size();
    ec.aggregates.add(a);
    return Expr.of(a.type, env -> env.aggs[slot]);
  }

  /**
   * {@code t.*} as an aggregate's argument: NULL for a row an outer join null-extended, known from
   * the table's primary key (never NULL in a stored row); refused for tables without one.
   */
  private static Expr wholeRow(ExprCompiler ec, String qualifier, String fn) {
    int keySlot = -1;
    for (int i = 0; i < ec.scope.cols.size(); i++) {
      Scope.Col c = ec.scope.cols.get(i);
      if (!qualifier.equals(c.qualifier())) {
        continue;
      }
      for (TableDef t : ec.compiler.catalog().tables(ec.compiler.session.database)) {
        if (ec.compiler.catalog().oidOf(t.id) == c.tableOid() && t.hasPrimaryKey()) {
          int pk = t.pkSlots()[0];
          keySlot = i - (c.attnum() - 1) + pk;
        }
      }
      break;
    }
    if (keySlot < 0) {
      throw SqlException.unsupported(
          fn + "(" + qualifier + ".*) over a source without a primary key");
    }
    int slot = keySlot;
    return Expr.of(PgType.TEXT, env -> env.row[slot] == null ? null : "");
  }

  // ---- helpers for builtins ----

  static String md5(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Object round(Object v, int places) {
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d).setScale(places, RoundingMode.HALF_EVEN).doubleValue();
    }
    if (v instanceof Long) {
      return v;
    }
    return Values.toDecimal(v).setScale(places, RoundingMode.HALF_UP);
  }

  static Object random() {
    return ThreadLocalRandom.current().nextDouble();
  }

  static UUID uuid() {
    return UUID.randomUUID();
  }

  static LocalDate today() {
    return LocalDate.now();
  }
}
