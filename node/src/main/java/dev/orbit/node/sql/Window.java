package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.select.OrderByElement;

/**
 * A ranking window function: row_number(), rank() or dense_rank() OVER (PARTITION BY … ORDER BY …).
 */
final class Window {
  final String name;
  final List<Expr> partition = new ArrayList<>();
  final List<Expr> order = new ArrayList<>();
  final List<Boolean> desc = new ArrayList<>();

  private Window(String name) {
    this.name = name;
  }

  static Expr compile(ExprCompiler ec, AnalyticExpression a) {
    String name = a.getName().toLowerCase(Locale.ROOT);
    if (ec.windows == null) {
      throw SqlException.unsupported("window functions here (" + a + ")");
    }
    if (!name.equals("row_number") && !name.equals("rank") && !name.equals("dense_rank")) {
      throw SqlException.unsupported(
          "the window function " + name + " (only row_number, rank, dense_rank)");
    }
    if (a.getWindowElement() != null || a.getExpression() != null) {
      throw SqlException.unsupported("window frames and arguments (" + a + ")");
    }
    Window w = new Window(name);
    ExprCompiler rowLevel = new ExprCompiler(ec.compiler, ec.scope, null);
    if (a.getPartitionExpressionList() != null) {
      for (Expression e : a.getPartitionExpressionList()) {
        w.partition.add(rowLevel.compile(e));
      }
    }
    if (a.getOrderByElements() != null) {
      for (OrderByElement o : a.getOrderByElements()) {
        w.order.add(rowLevel.compile(o.getExpression()));
        w.desc.add(!o.isAsc());
      }
    }
    int slot = ec.windows.size();
    ec.windows.add(w);
    return Expr.of(PgType.INT8, env -> env.aggs[slot]);
  }

  /** Computes this window's value for each of {@code rows} into {@code out[i][slot]}. */
  void compute(Exec ex, Env outer, List<Object[]> rows, Object[][] out, int slot) {
    Env env = new Env(ex, outer, null);
    Map<List<String>, List<Integer>> parts = new LinkedHashMap<>();
    Object[][] keys = new Object[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      env.row = rows.get(i);
      Object[] p = new Object[partition.size()];
      for (int k = 0; k < p.length; k++) {
        p[k] = partition.get(k).eval(env);
      }
      Object[] o = new Object[order.size()];
      for (int k = 0; k < o.length; k++) {
        o[k] = order.get(k).eval(env);
      }
      keys[i] = o;
      parts.computeIfAbsent(SelectQuery.textKey(p, p.length), x -> new ArrayList<>()).add(i);
    }
    Comparator<Integer> cmp =
        (x, y) -> {
          for (int k = 0; k < order.size(); k++) {
            Object a = keys[x][k];
            Object b = keys[y][k];
            int c = a == null ? (b == null ? 0 : 1) : b == null ? -1 : Values.compare(a, b);
            if (c != 0) {
              return desc.get(k) ? -c : c;
            }
          }
          return 0;
        };
    for (List<Integer> idx : parts.values()) {
      idx.sort(cmp);
      long rank = 0;
      long dense = 0;
      for (int n = 0; n < idx.size(); n++) {
        boolean tie = n > 0 && cmp.compare(idx.get(n - 1), idx.get(n)) == 0;
        if (!tie) {
          rank = n + 1;
          dense++;
        }
        long v = name.equals("row_number") ? n + 1 : name.equals("rank") ? rank : dense;
        out[idx.get(n)][slot] = v;
      }
    }
  }
}
