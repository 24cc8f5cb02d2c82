package dev.orbit.node.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One aggregate call in a query (count, sum, avg, min, max, bool_and/or, string_agg, array_agg).
 */
final class Aggregate {
  final String name;
  final Expr arg;
  final Expr separator;
  final boolean distinct;
  final boolean star;
  final PgType type;

  Aggregate(String name, Expr arg, Expr separator, boolean distinct, boolean star) {
    this.name = name.toLowerCase(Locale.ROOT);
    this.arg = arg;
    this.separator = separator;
    this.distinct = distinct;
    this.star = star;
    this.type = resultType();
  }

  static boolean isAggregate(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "count",
          "sum",
          "avg",
          "min",
          "max",
          "bool_and",
          "bool_or",
          "every",
          "string_agg",
          "array_agg" ->
          true;
      default -> false;
    };
  }

  private PgType resultType() {
    PgType a = arg == null ? PgType.INT8 : arg.type;
    return switch (name) {
      case "count" -> PgType.INT8;
      case "sum" ->
          a == PgType.INT2 || a == PgType.INT4
              ? PgType.INT8
              : a == PgType.FLOAT4 || a == PgType.FLOAT8 ? PgType.FLOAT8 : PgType.NUMERIC;
      case "avg" -> a == PgType.FLOAT4 || a == PgType.FLOAT8 ? PgType.FLOAT8 : PgType.NUMERIC;
      case "bool_and", "bool_or", "every" -> PgType.BOOL;
      case "string_agg" -> PgType.TEXT;
      case "array_agg" -> PgType.arrayOf(a) == null ? PgType.TEXT_ARRAY : PgType.arrayOf(a);
      default -> a == PgType.UNKNOWN ? PgType.TEXT : a;
    };
  }

  State newState() {
    return new State();
  }

  /** The running value of one aggregate in one group. */
  final class State {
    long count;
    Object acc;
    Set<List<String>> seen;
    List<Object> items;
    StringBuilder text;

    void add(Env env) {
      if (star) {
        count++;
        return;
      }
      Object v = arg.eval(env);
      if (v == null) {
        return;
      }
      if (distinct) {
        if (seen == null) {
          seen = new HashSet<>();
        }
        if (!seen.add(List.of(Values.toText(v, Values.typeOf(v))))) {
          return;
        }
      }
      count++;
      switch (name) {
        case "sum", "avg" -> acc = acc == null ? v : ExprCompiler.Arith.apply('+', acc, v);
        case "min" -> acc = acc == null || Values.compare(v, acc) < 0 ? v : acc;
        case "max" -> acc = acc == null || Values.compare(v, acc) > 0 ? v : acc;
        case "bool_and", "every" -> acc = (acc == null || (Boolean) acc) && Expr.isTrue(v);
        case "bool_or" -> acc = (acc != null && (Boolean) acc) || Expr.isTrue(v);
        case "string_agg" -> {
          Object sep = separator == null ? null : separator.eval(env);
          if (text == null) {
            text = new StringBuilder();
          } else if (sep != null) {
            text.append(ExprCompiler.text(sep));
          }
          String t = ExprCompiler.text(v);
          env.exec.memory.charge(2L * t.length() + 8);
          text.append(t);
        }
        case "array_agg" -> {
          if (items == null) {
            items = new ArrayList<>();
          }
          items.add(v);
          env.exec.memory.charge(QueryMemory.sizeOf(v) + 8);
        }
        default -> {}
      }
    }

    Object result() {
      switch (name) {
        case "count":
          return count;
        case "avg":
          if (acc == null) {
            return null;
          }
          if (acc instanceof Double d) {
            return d / count;
          }
          return Values.toDecimal(acc).divide(BigDecimal.valueOf(count), 16, RoundingMode.HALF_UP);
        case "sum":
          if (acc == null) {
            return null;
          }
          return type == PgType.NUMERIC ? Values.toDecimal(acc) : acc;
        case "string_agg":
          return text == null ? null : text.toString();
        case "array_agg":
          return items;
        default:
          return acc;
      }
    }
  }
}
