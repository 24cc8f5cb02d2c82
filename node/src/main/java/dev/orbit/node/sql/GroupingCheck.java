package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * In a grouped query, a column outside an aggregate must be grouped by, or belong to a table whose
 * whole primary key is grouped by (PostgreSQL's functional dependency rule); else 42803.
 */
final class GroupingCheck {
  private final Scope scope;
  private final List<Source> sources;
  private final Set<String> groupedTexts = new HashSet<>();
  private final Set<Integer> groupedSlots = new HashSet<>();

  GroupingCheck(Scope scope, List<Source> sources, List<Expression> groupBy) {
    this.scope = scope;
    this.sources = sources;
    for (Expression e : groupBy) {
      groupedTexts.add(e.toString().toLowerCase(java.util.Locale.ROOT));
      if (e instanceof Column c && c.getArrayConstructor() == null) {
        Scope.Ref r = scope.resolveOrNull(c);
        if (r != null && r.depth() == 0) {
          groupedSlots.add(r.slot());
        }
      }
    }
  }

  /** Fails when {@code e} reads a column that is neither grouped nor under an aggregate. */
  void check(Expression e) {
    if (e == null || groupedTexts.contains(e.toString().toLowerCase(java.util.Locale.ROOT))) {
      return;
    }
    List<Column> free = new ArrayList<>();
    e.accept(
        new ExpressionVisitorAdapter<Void>() {
          @Override
          public <S> Void visit(Function f, S context) {
            String n = f.getName() == null ? "" : f.getName().toLowerCase(java.util.Locale.ROOT);
            if (f.isAllColumns() || Aggregate.isAggregate(n.substring(n.lastIndexOf('.') + 1))) {
              return null;
            }
            if (groupedTexts.contains(f.toString().toLowerCase(java.util.Locale.ROOT))) {
              return null;
            }
            return super.visit(f, context);
          }

          @Override
          public <S> Void visit(AnalyticExpression a, S context) {
            return null;
          }

          @Override
          public <S> Void visit(ParenthesedSelect s, S context) {
            return null;
          }

          @Override
          public <S> Void visit(Select s, S context) {
            return null;
          }

          @Override
          public <S> Void visit(Column c, S context) {
            free.add(c);
            return null;
          }
        },
        null);
    for (Column c : free) {
      Scope.Ref r = scope.resolveOrNull(c);
      if (r == null || r.depth() != 0 || groupedSlots.contains(r.slot())) {
        continue;
      }
      if (!dependsOnGroupedKey(r.slot())) {
        String q = r.col().qualifier();
        throw new SqlException(
            "42803",
            "column \""
                + (q == null ? "" : q + ".")
                + r.col().name()
                + "\" must appear in the GROUP BY clause or be used in an aggregate function");
      }
    }
  }

  /** The column's table has a primary key whose columns are all grouped by. */
  private boolean dependsOnGroupedKey(int slot) {
    for (Source s : sources) {
      if (slot >= s.offset && slot < s.offset + s.cols.size() && s instanceof TableSource t) {
        int[] pk = t.table.pkSlots();
        if (!t.table.hasPrimaryKey()) {
          return false;
        }
        for (int k : pk) {
          if (!groupedSlots.contains(s.offset + k)) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }
}
