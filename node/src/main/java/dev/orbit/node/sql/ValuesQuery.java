package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.statement.select.Values;

/** {@code VALUES (…), (…)} as a query. */
final class ValuesQuery implements Query {
  private final List<List<Expr>> rows = new ArrayList<>();
  private final List<Field> fields = new ArrayList<>();
  private Scope scope;

  static ValuesQuery compile(Compiler c, Values v, Scope parent) {
    ValuesQuery q = new ValuesQuery();
    q.scope = Scope.empty(parent);
    ExprCompiler ec = new ExprCompiler(c, q.scope, null);
    for (List<Expression> row : rowsOf(v)) {
      List<Expr> r = new ArrayList<>();
      for (Expression e : row) {
        r.add(ec.compile(e));
      }
      q.rows.add(r);
    }
    for (int i = 0; i < q.rows.get(0).size(); i++) {
      q.fields.add(Field.of("column" + (i + 1), q.rows.get(0).get(i).type));
    }
    return q;
  }

  /** The rows of VALUES: one parenthesized list is one row; a plain list holds rows. */
  static List<List<Expression>> rowsOf(Values v) {
    List<List<Expression>> out = new ArrayList<>();
    ExpressionList<?> all = v.getExpressions();
    if (all
        instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList) {
      out.add(new ArrayList<>(all));
      return out;
    }
    for (Expression row : all) {
      if (row instanceof ExpressionList<?> list) {
        out.add(new ArrayList<>(list));
      } else if (row instanceof net.sf.jsqlparser.expression.RowConstructor<?> rc) {
        out.add(new ArrayList<>(rc));
      } else {
        out.add(List.of(row));
      }
    }
    return out;
  }

  List<List<Expr>> exprRows() {
    return rows;
  }

  @Override
  public boolean correlated() {
    return scope.correlated;
  }

  @Override
  public List<Field> fields() {
    return fields;
  }

  @Override
  public List<Object[]> rows(Env outer) {
    List<Object[]> out = new ArrayList<>();
    Env env = new Env(outer.exec, outer, new Object[0]);
    for (List<Expr> r : rows) {
      Object[] o = new Object[r.size()];
      for (int i = 0; i < o.length; i++) {
        o[i] = r.get(i).eval(env);
      }
      out.add(o);
    }
    return out;
  }
}
