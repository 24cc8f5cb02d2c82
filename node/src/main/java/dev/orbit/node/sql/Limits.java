package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.statement.select.Fetch;

/** LIMIT, OFFSET and FETCH FIRST … {ONLY | WITH TIES} of a query, as PostgreSQL applies them. */
final class Limits {
  Expr limit;
  Expr offset;
  boolean withTies;

  /**
   * Compiles FETCH FIRST (replacing a LIMIT); {@code ordered} says whether the query has ORDER BY,
   * which WITH TIES needs.
   */
  void fetch(Fetch f, ExprCompiler ec, boolean ordered) {
    if (f == null) {
      return;
    }
    withTies =
        f.getFetchParameters().stream()
            .anyMatch(p -> p.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").equals("WITH TIES"));
    if (withTies && !ordered) {
      throw new SqlException("42601", "WITH TIES cannot be specified without ORDER BY clause");
    }
    if (withTies && f.getExpression() instanceof NullValue) {
      throw new SqlException(
          "2201W", "row count cannot be null in FETCH FIRST ... WITH TIES clause");
    }
    limit =
        f.getExpression() == null ? Expr.literal(PgType.INT8, 1L) : ec.compile(f.getExpression());
    ec.inferParam(limit, PgType.INT8);
  }

  /** The row count, or -1 for none (LIMIT NULL / ALL); negative counts fail as in PostgreSQL. */
  long limit(Env env) {
    Object v = limit == null ? null : limit.eval(env);
    if (v == null) {
      return -1;
    }
    long n = Values.asLong(v);
    if (n < 0) {
      throw new SqlException("2201W", "LIMIT must not be negative");
    }
    return n;
  }

  long offset(Env env) {
    Object v = offset == null ? null : offset.eval(env);
    if (v == null) {
      return 0;
    }
    long n = Values.asLong(v);
    if (n < 0) {
      throw new SqlException("2201X", "OFFSET must not be negative");
    }
    return n;
  }

  /**
   * The rows from {@code off} on, at most {@code lim} (-1: all) — with WITH TIES also the rows
   * after the last one that sort equal to it under {@code order}.
   */
  <T> List<T> slice(List<T> sorted, long off, long lim, Comparator<T> order) {
    int from = (int) Math.min(off, sorted.size());
    long end = lim < 0 ? sorted.size() : Math.min(sorted.size(), from + lim);
    if (withTies && lim > 0) {
      while (end < sorted.size()
          && order.compare(sorted.get((int) end - 1), sorted.get((int) end)) == 0) {
        end++;
      }
    }
    return new ArrayList<>(sorted.subList(from, (int) Math.max(from, end)));
  }
}
