package dev.orbit.node.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;

/**
 * A hash lookup for a source that would otherwise be scanned whole for every row before it: its
 * rows are read once per statement into a table keyed by the columns of its equality conditions
 * ({@code inner.col = expression over earlier or outer columns}), and each probe returns only the
 * rows with equal keys. The full join condition is still evaluated on every returned row, so the
 * hash only narrows.
 */
final class HashJoin {
  private final Source source;
  private final int[] innerSlots;
  private final List<Expr> probes;

  private HashJoin(Source source, int[] innerSlots, List<Expr> probes) {
    this.source = source;
    this.innerSlots = innerSlots;
    this.probes = probes;
  }

  /** Type families whose Java values are equal exactly when PostgreSQL's = holds. */
  private static final Set<PgType> NUMBERS = Set.of(PgType.INT2, PgType.INT4, PgType.INT8);

  private static final Set<PgType> STRINGS = Set.of(PgType.TEXT, PgType.VARCHAR, PgType.NAME);
  private static final Set<PgType> SAME =
      Set.of(PgType.BOOL, PgType.DATE, PgType.TIMESTAMP, PgType.OID);

  private static boolean hashable(PgType a, PgType b) {
    return (NUMBERS.contains(a) || a == PgType.NUMERIC)
            && (NUMBERS.contains(b) || b == PgType.NUMERIC)
        || STRINGS.contains(a) && STRINGS.contains(b)
        || a == b && SAME.contains(a);
  }

  /**
   * A hash lookup for {@code s} from {@code conjuncts}, or null when none applies. Each usable
   * conjunct is {@code a = b} with one side a column of {@code s} and the other an expression over
   * columns of earlier sources of the same query or of enclosing queries.
   */
  static HashJoin plan(Source s, List<Expression> conjuncts, Scope scope, Compiler c) {
    List<Integer> inner = new ArrayList<>();
    List<Expr> probes = new ArrayList<>();
    int lo = s.offset;
    int hi = s.offset + s.cols.size();
    for (Expression e : conjuncts) {
      if (!(e instanceof EqualsTo eq)) {
        continue;
      }
      Expression l = eq.getLeftExpression();
      Expression r = eq.getRightExpression();
      Scope.Ref in =
          l instanceof Column lc && lc.getArrayConstructor() == null
              ? scope.resolveOrNull(lc)
              : null;
      Expression other = r;
      if (in == null || !isIn(in, lo, hi)) {
        in =
            r instanceof Column rc && rc.getArrayConstructor() == null
                ? scope.resolveOrNull(rc)
                : null;
        other = l;
      }
      if (in == null || !isIn(in, lo, hi) || !before(other, scope, lo)) {
        continue;
      }
      Expr probe;
      try {
        probe = new ExprCompiler(c, scope, null).compile(other);
      } catch (SqlException ex) {
        continue;
      }
      if (!hashable(in.col().type(), probe.type)) {
        continue;
      }
      inner.add(in.slot() - lo);
      probes.add(probe);
    }
    if (inner.isEmpty()) {
      return null;
    }
    return new HashJoin(s, inner.stream().mapToInt(Integer::intValue).toArray(), probes);
  }

  private static boolean isIn(Scope.Ref r, int lo, int hi) {
    return r.depth() == 0 && r.slot() >= lo && r.slot() < hi;
  }

  /**
   * True when {@code e} reads only columns of earlier sources or enclosing queries (at least one),
   * and holds no subquery or volatile call (which must run as often as the join condition says).
   */
  private static boolean before(Expression e, Scope scope, int lo) {
    boolean[] readsColumn = {false};
    boolean pure =
        SafeExpr.isPure(
            e,
            c -> {
              readsColumn[0] = true;
              Scope.Ref r = scope.resolveOrNull(c);
              return r != null && (r.depth() != 0 || r.slot() < lo);
            });
    return pure && readsColumn[0];
  }

  /** The rows of the source whose key equals the probe values of the current row. */
  @SuppressWarnings("unchecked")
  Iterator<Object[]> probe(Env env) {
    Map<Object, List<Object[]>> table = (Map<Object, List<Object[]>>) env.exec.cache.get(this);
    if (table == null) {
      table = build(env);
      env.exec.cache.put(this, table);
    }
    if (table.isEmpty()) {
      return Collections.emptyIterator();
    }
    Object key = key(probes.size(), i -> probes.get(i).eval(env));
    if (key == null) {
      return Collections.emptyIterator();
    }
    List<Object[]> rows = table.get(key);
    return rows == null ? Collections.emptyIterator() : rows.iterator();
  }

  private Map<Object, List<Object[]>> build(Env env) {
    Map<Object, List<Object[]>> table = new HashMap<>();
    Iterator<Object[]> it = source.fetch(env);
    while (it.hasNext()) {
      env.exec.checkCancel();
      Object[] row = it.next();
      Object key = key(innerSlots.length, i -> row[innerSlots[i]]);
      if (key != null) {
        env.exec.keep(row);
        table.computeIfAbsent(key, k -> new ArrayList<>(1)).add(row);
      }
    }
    return table;
  }

  /** The hash key of n values, or null when one is null (= never holds then). */
  private static Object key(int n, java.util.function.IntFunction<Object> value) {
    if (n == 1) {
      return norm(value.apply(0));
    }
    List<Object> k = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object v = norm(value.apply(i));
      if (v == null) {
        return null;
      }
      k.add(v);
    }
    return k;
  }

  private static Object norm(Object v) {
    if (v instanceof Long || v == null) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigDecimal d) {
      BigDecimal s = d.stripTrailingZeros();
      try {
        return s.longValueExact();
      } catch (ArithmeticException e) {
        return s;
      }
    }
    return v;
  }
}
