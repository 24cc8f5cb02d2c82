package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;

/**
 * WHERE conditions of a join checked as soon as the sources they read are bound, instead of once
 * per combination of every source's rows: a join of several tables filters each level before it
 * reads the next one. Only plain conditions move (no subquery, no volatile call); with a RIGHT or
 * FULL join nothing moves.
 */
final class EarlyFilters {
  /** {@code after[k]}: the conditions to check once sources 0..k are bound, or null. */
  final Expr[] after;

  private EarlyFilters(Expr[] after) {
    this.after = after;
  }

  /** The split of {@code conjuncts} over {@code sources}, or null when nothing moves earlier. */
  static EarlyFilters plan(
      List<Source> sources, List<Expression> conjuncts, Scope scope, Compiler c) {
    int n = sources.size();
    if (n < 2 || conjuncts.size() < 1) {
      return null;
    }
    for (Source s : sources) {
      if (s.rightJoin) {
        return null;
      }
    }
    List<List<Expression>> at = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      at.add(new ArrayList<>());
    }
    boolean moved = false;
    for (Expression e : conjuncts) {
      int level = level(e, sources, scope);
      moved |= level < n - 1;
      at.get(level).add(e);
    }
    if (!moved) {
      return null;
    }
    Expr[] after = new Expr[n];
    ExprCompiler ec = new ExprCompiler(c, scope, null);
    for (int i = 0; i < n; i++) {
      List<Expression> l = at.get(i);
      if (l.isEmpty()) {
        continue;
      }
      Expression all = l.get(0);
      for (int j = 1; j < l.size(); j++) {
        all = new net.sf.jsqlparser.expression.operators.conditional.AndExpression(all, l.get(j));
      }
      after[i] = ec.compile(all);
    }
    return new EarlyFilters(after);
  }

  /** The last source {@code e} reads (0 when it reads none), or the last source of all. */
  private static int level(Expression e, List<Source> sources, Scope scope) {
    int[] max = {0};
    boolean pure =
        SafeExpr.isPure(
            e,
            col -> {
              Scope.Ref r = scope.resolveOrNull(col);
              if (r == null) {
                return false;
              }
              if (r.depth() == 0) {
                int i = sourceOf(sources, r.slot());
                if (i < 0) {
                  return false;
                }
                max[0] = Math.max(max[0], i);
              }
              return true;
            });
    return pure ? max[0] : sources.size() - 1;
  }

  private static int sourceOf(List<Source> sources, int slot) {
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      if (slot >= s.offset && slot < s.offset + s.cols.size()) {
        return i;
      }
    }
    return -1;
  }
}
