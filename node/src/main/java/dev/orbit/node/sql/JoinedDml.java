package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * UPDATE … FROM and DELETE … USING: the other tables and the WHERE clause become a query run for
 * each row of the target (whose columns it reads as an outer row); a target row is changed when the
 * query finds a match, with the SET values of the first match, as PostgreSQL uses one.
 */
final class JoinedDml {
  private final SelectQuery query;

  private JoinedDml(SelectQuery query) {
    this.query = query;
  }

  /**
   * Compiles {@code SELECT items FROM first, joins WHERE where LIMIT 1} under {@code target}'s
   * scope, refusing what PostgreSQL refuses: the target's name again in FROM (42712) and column
   * names both sides have, unqualified (42702).
   */
  static JoinedDml compile(
      Compiler c,
      Scope target,
      String targetAlias,
      FromItem first,
      List<Join> joins,
      Expression where,
      List<Expression> items) {
    PlainSelect ps = new PlainSelect();
    ps.setFromItem(first);
    ps.setJoins(joins);
    ps.setWhere(where);
    List<SelectItem<?>> sel = new ArrayList<>();
    for (Expression e : items) {
      sel.add(new SelectItem<>(e));
    }
    if (sel.isEmpty()) {
      sel.add(new SelectItem<>(new LongValue(1)));
    }
    ps.setSelectItems(sel);
    ps.setLimit(new Limit().withRowCount(new LongValue(1)));
    if (!(c.query(ps, target) instanceof SelectQuery q)) {
      throw SqlException.unsupported("this FROM/USING list");
    }
    List<Scope.Col> others = q.scope().cols;
    for (Scope.Col col : others) {
      if (targetAlias.equals(col.qualifier())) {
        throw new SqlException(
            "42712", "table name \"" + targetAlias + "\" specified more than once");
      }
    }
    List<Expression> read = new ArrayList<>(items);
    if (where != null) {
      read.add(where);
    }
    for (Expression e : read) {
      refuseAmbiguous(e, target, others);
    }
    return new JoinedDml(q);
  }

  /** An unqualified name that is a column of the target and of a FROM/USING item: 42702. */
  private static void refuseAmbiguous(Expression e, Scope target, List<Scope.Col> others) {
    e.accept(
        new ExpressionVisitorAdapter<Void>() {
          @Override
          public <S> Void visit(Column col, S context) {
            if (col.getTable() == null || col.getTable().getName() == null) {
              String n = ExprCompiler.unquote(col.getColumnName()).toLowerCase(Locale.ROOT);
              boolean inTarget = target.cols.stream().anyMatch(x -> x.name().equals(n));
              boolean inOthers = others.stream().anyMatch(x -> x.name().equals(n));
              if (inTarget && inOthers) {
                throw new SqlException("42702", "column reference \"" + n + "\" is ambiguous");
              }
            }
            return null;
          }

          @Override
          public <S> Void visit(ParenthesedSelect s, S context) {
            return null; // a subquery's names resolve in its own scope first
          }
        },
        null);
  }

  /** The first match for the target row in {@code env} (its row), or null. */
  Object[] match(Env env) {
    List<Object[]> rows = query.rows(env);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** WHERE for {@link Dml.Modify}: the target row has a match. */
  Expr matches() {
    return Expr.of(PgType.BOOL, env -> match(env) != null);
  }
}
