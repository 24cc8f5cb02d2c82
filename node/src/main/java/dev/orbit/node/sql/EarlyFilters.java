package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * WHERE conditions of a join checked as soon as the sources they read are bound, instead of once
 * per combination of every source's rows: a join of several tables filters each level before it
 * reads the next one. Only plain conditions move (no subquery, no volatile call); with a RIGHT or
 * FULL join nothing moves.
 */
final class EarlyFilters {
  private static final Set<String> VOLATILE =
      Set.of("nextval", "setval", "random", "gen_random_uuid", "clock_timestamp", "pg_sleep");

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
    int last = sources.size() - 1;
    int[] max = {0};
    boolean[] ok = {true};
    e.accept(
        new ExpressionVisitorAdapter<Void>() {
          @Override
          public <S> Void visit(Column col, S context) {
            if (col.getArrayConstructor() != null) { // a subscript reads columns too
              for (Expression sub : col.getArrayConstructor().getExpressions()) {
                sub.accept(this, context);
              }
            }
            Scope.Ref r;
            try {
              r =
                  scope.resolve(
                      col.getTable() == null || col.getTable().getName() == null
                          ? null
                          : ExprCompiler.unquote(col.getTable().getName()),
                      ExprCompiler.unquote(col.getColumnName()));
            } catch (SqlException ex) {
              ok[0] = false;
              return null;
            }
            if (r == null) {
              ok[0] = false;
            } else if (r.depth() == 0) {
              int i = sourceOf(sources, r.slot());
              if (i < 0) {
                ok[0] = false;
              } else {
                max[0] = Math.max(max[0], i);
              }
            }
            return null;
          }

          @Override
          public <S> Void visit(net.sf.jsqlparser.expression.Function f, S context) {
            if (VOLATILE.contains(f.getName().toLowerCase(Locale.ROOT))) {
              ok[0] = false;
            }
            return super.visit(f, context);
          }

          @Override
          public <S> Void visit(ParenthesedSelect s, S context) {
            ok[0] = false;
            return null;
          }

          @Override
          public <S> Void visit(Select s, S context) {
            ok[0] = false;
            return null;
          }
        },
        null);
    return ok[0] ? max[0] : last;
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
