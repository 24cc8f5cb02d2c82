package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;

/** UNION [ALL] of queries, with ORDER BY on output columns and LIMIT/OFFSET. */
final class SetQuery implements Query {
  private final List<Query> parts = new ArrayList<>();
  private final List<Boolean> all = new ArrayList<>();
  private final List<int[]> order = new ArrayList<>();
  private Expr limit;
  private Expr offset;
  private Scope limitScope;

  static SetQuery compile(Compiler c, SetOperationList sol, Scope parent) {
    SetQuery q = new SetQuery();
    for (SetOperation op : sol.getOperations()) {
      if (!(op instanceof UnionOp u)) {
        throw SqlException.unsupported(op + " (only UNION)");
      }
      q.all.add(u.isAll());
    }
    for (var s : sol.getSelects()) {
      q.parts.add(c.query(s, parent));
    }
    List<Field> first = q.parts.get(0).fields();
    for (Query part : q.parts) {
      List<Field> f = part.fields();
      if (f.size() != first.size()) {
        throw new SqlException("42601", "each UNION query must have the same number of columns");
      }
      for (int i = 0; i < f.size(); i++) {
        PgType a = first.get(i).type();
        PgType b = f.get(i).type();
        boolean numA = a.isNumeric();
        boolean numB = b.isNumeric();
        if (a != b && (numA != numB || a == PgType.BOOL || b == PgType.BOOL)) {
          throw new SqlException(
              "42804", "UNION types " + a.sqlName + " and " + b.sqlName + " cannot be matched");
        }
      }
    }
    List<Field> fields = q.fields();
    if (sol.getOrderByElements() != null) {
      for (OrderByElement o : sol.getOrderByElements()) {
        int pos = -1;
        if (o.getExpression() instanceof LongValue l) {
          pos = (int) l.getValue() - 1;
        } else if (o.getExpression() instanceof Column col) {
          String n = ExprCompiler.unquote(col.getColumnName());
          for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(n)) {
              pos = i;
            }
          }
        }
        if (pos < 0 || pos >= fields.size()) {
          throw SqlException.unsupported("ORDER BY " + o + " on a UNION");
        }
        q.order.add(new int[] {pos, o.isAsc() ? 1 : -1});
      }
    }
    q.limitScope = Scope.empty(parent);
    ExprCompiler ec = new ExprCompiler(c, q.limitScope, null);
    if (sol.getLimit() != null && sol.getLimit().getRowCount() != null) {
      q.limit = ec.compile(sol.getLimit().getRowCount());
    }
    if (sol.getOffset() != null) {
      q.offset = ec.compile(sol.getOffset().getOffset());
    }
    return q;
  }

  @Override
  public boolean correlated() {
    return parts.stream().anyMatch(Query::correlated) || limitScope.correlated;
  }

  @Override
  public List<Field> fields() {
    return parts.get(0).fields();
  }

  @Override
  public List<Object[]> rows(Env outer) {
    int n = fields().size();
    List<Object[]> out = new ArrayList<>(parts.get(0).rows(outer));
    for (Object[] r : out) {
      outer.exec.keep(r);
    }
    // left to right: each UNION removes duplicates of everything before it, UNION ALL keeps them
    for (int i = 1; i < parts.size(); i++) {
      outer.exec.checkCancel();
      List<Object[]> part = parts.get(i).rows(outer);
      for (Object[] r : part) {
        outer.exec.keep(r);
      }
      out.addAll(part);
      if (!all.get(i - 1)) {
        Set<List<String>> seen = new HashSet<>();
        List<Object[]> kept = new ArrayList<>();
        for (Object[] r : out) {
          if (seen.add(SelectQuery.textKey(r, n))) {
            kept.add(r);
          }
        }
        out = kept;
      }
    }
    if (!order.isEmpty()) {
      out.sort(
          (a, b) -> {
            for (int[] o : order) {
              Object x = a[o[0]];
              Object y = b[o[0]];
              int c = x == null ? (y == null ? 0 : 1) : y == null ? -1 : Values.compare(x, y);
              if (c != 0) {
                return c * o[1];
              }
            }
            return 0;
          });
    }
    Env env = new Env(outer.exec, outer, new Object[0]);
    long off = offset == null ? 0 : Values.asLong(offset.eval(env));
    long lim = limit == null ? Long.MAX_VALUE : Values.asLong(limit.eval(env));
    int from = (int) Math.min(off, out.size());
    int to = (int) Math.min(out.size(), from + Math.min(lim, Integer.MAX_VALUE));
    return new ArrayList<>(out.subList(from, to));
  }
}
