package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ExceptOp;
import net.sf.jsqlparser.statement.select.IntersectOp;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;

/**
 * UNION, INTERSECT and EXCEPT [ALL] of queries (INTERSECT binds tighter, otherwise left to right),
 * with ORDER BY on output columns and LIMIT/OFFSET.
 */
final class SetQuery implements Query {
  private final List<Query> parts = new ArrayList<>();
  private final List<Op> ops = new ArrayList<>();

  /** One set operator between two parts. */
  enum Kind {
    UNION,
    INTERSECT,
    EXCEPT
  }

  record Op(Kind kind, boolean all) {}

  private final List<int[]> order = new ArrayList<>();
  private final Limits limits = new Limits();
  private Scope limitScope;

  static SetQuery compile(Compiler c, SetOperationList sol, Scope parent) {
    refuseLocking(sol);
    if (sol.getSelects().get(0) instanceof net.sf.jsqlparser.statement.select.PlainSelect ps
        && ps.getIntoTables() != null
        && !ps.getIntoTables().isEmpty()) {
      throw SqlException.unsupported("SELECT … INTO with UNION/INTERSECT/EXCEPT");
    }
    SetQuery q = new SetQuery();
    for (SetOperation op : sol.getOperations()) {
      Kind k =
          op instanceof UnionOp
              ? Kind.UNION
              : op instanceof IntersectOp
                  ? Kind.INTERSECT
                  : op instanceof ExceptOp ? Kind.EXCEPT : null;
      if (k == null) {
        throw SqlException.unsupported("the set operation " + op);
      }
      q.ops.add(new Op(k, op.isAll()));
    }
    for (var s : sol.getSelects()) {
      q.parts.add(c.query(s, parent));
    }
    List<Field> first = q.parts.get(0).fields();
    for (int p = 1; p < q.parts.size(); p++) {
      List<Field> f = q.parts.get(p).fields();
      String opName = q.ops.get(p - 1).kind().name();
      if (f.size() != first.size()) {
        throw new SqlException(
            "42601", "each " + opName + " query must have the same number of columns");
      }
      for (int i = 0; i < f.size(); i++) {
        PgType a = first.get(i).type();
        PgType b = f.get(i).type();
        boolean numA = a.isNumeric();
        boolean numB = b.isNumeric();
        if (a != b && (numA != numB || a == PgType.BOOL || b == PgType.BOOL)) {
          throw new SqlException(
              "42804", opName + " types " + a.sqlName + " and " + b.sqlName + " cannot be matched");
        }
      }
    }
    List<Field> fields = q.fields();
    if (sol.getOrderByElements() != null) {
      for (OrderByElement o : sol.getOrderByElements()) {
        int pos = -1;
        if (o.getExpression() instanceof LongValue l) {
          pos = (int) l.getValue() - 1;
        } else if (o.getExpression() instanceof Column col && col.getArrayConstructor() == null) {
          String n = ExprCompiler.unquote(col.getColumnName());
          for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(n)) {
              pos = i;
            }
          }
        }
        if (pos < 0 || pos >= fields.size()) {
          throw SqlException.unsupported("ORDER BY " + o + " on a set operation");
        }
        boolean nullsFirst =
            o.getNullOrdering() == null
                ? !o.isAsc()
                : o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
        q.order.add(new int[] {pos, o.isAsc() ? 1 : -1, nullsFirst ? 1 : 0});
      }
    }
    q.limitScope = Scope.empty(parent);
    ExprCompiler ec = new ExprCompiler(c, q.limitScope, null);
    if (sol.getLimit() != null && sol.getLimit().getRowCount() != null) {
      q.limits.limit = ec.compile(sol.getLimit().getRowCount());
    }
    if (sol.getLimit() != null && sol.getLimit().getOffset() != null) {
      q.limits.offset = ec.compile(sol.getLimit().getOffset());
    }
    q.limits.fetch(sol.getFetch(), ec, !q.order.isEmpty());
    if (sol.getOffset() != null) {
      q.limits.offset = ec.compile(sol.getOffset().getOffset());
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
    // INTERSECT first (it binds tighter), then UNION and EXCEPT from left to right
    List<List<Object[]>> terms = new ArrayList<>();
    List<Op> termOps = new ArrayList<>();
    terms.add(part(0, outer));
    for (int i = 1; i < parts.size(); i++) {
      outer.exec.checkCancel();
      Op op = ops.get(i - 1);
      List<Object[]> right = part(i, outer);
      if (op.kind() == Kind.INTERSECT) {
        terms.set(terms.size() - 1, combine(terms.get(terms.size() - 1), right, op, n));
      } else {
        terms.add(right);
        termOps.add(op);
      }
    }
    List<Object[]> out = terms.get(0);
    for (int i = 0; i < termOps.size(); i++) {
      out = combine(out, terms.get(i + 1), termOps.get(i), n);
    }
    java.util.Comparator<Object[]> cmp =
        (a, b) -> {
          for (int[] o : order) {
            Object x = a[o[0]];
            Object y = b[o[0]];
            if (x == null || y == null) {
              if (x != y) {
                return (x == null) == (o[2] == 1) ? -1 : 1;
              }
              continue;
            }
            int c = Values.compare(x, y);
            if (c != 0) {
              return c * o[1];
            }
          }
          return 0;
        };
    if (!order.isEmpty()) {
      out.sort(cmp);
    }
    Env env = new Env(outer.exec, outer, new Object[0]);
    long off = limits.offset(env);
    long lim = limits.limit(env);
    return limits.slice(out, off, lim, cmp);
  }

  private List<Object[]> part(int i, Env outer) {
    List<Object[]> rows = parts.get(i).rows(outer);
    for (Object[] r : rows) {
      outer.exec.keep(r);
    }
    return rows;
  }

  /** {@code left op right} as PostgreSQL computes it; rows are equal when their texts are. */
  private static List<Object[]> combine(List<Object[]> left, List<Object[]> right, Op op, int n) {
    List<Object[]> out = new ArrayList<>();
    if (op.kind() == Kind.UNION) {
      out.addAll(left);
      out.addAll(right);
      return op.all() ? out : distinct(out, n);
    }
    Map<List<String>, Integer> counts = new HashMap<>();
    for (Object[] r : right) {
      counts.merge(SelectQuery.textKey(r, n), 1, Integer::sum);
    }
    boolean intersect = op.kind() == Kind.INTERSECT;
    for (Object[] r : op.all() ? left : distinct(left, n)) {
      List<String> k = SelectQuery.textKey(r, n);
      Integer c = counts.get(k);
      boolean inRight = c != null && c > 0;
      if (op.all() && inRight) {
        counts.put(k, c - 1);
      }
      if (inRight == intersect) {
        out.add(r);
      }
    }
    return out;
  }

  private static List<Object[]> distinct(List<Object[]> rows, int n) {
    Set<List<String>> seen = new HashSet<>();
    List<Object[]> kept = new ArrayList<>();
    for (Object[] r : rows) {
      if (seen.add(SelectQuery.textKey(r, n))) {
        kept.add(r);
      }
    }
    return kept;
  }

  /** PostgreSQL cannot lock the rows of a set operation: FOR UPDATE/SHARE anywhere in it fails. */
  static void refuseLocking(SetOperationList sol) {
    List<net.sf.jsqlparser.statement.select.Select> all = new ArrayList<>(sol.getSelects());
    all.add(sol);
    for (var s : all) {
      while (s instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect p
          && p.getForMode() == null) {
        s = p.getSelect();
      }
      if (s.getForMode() != null) {
        throw new SqlException(
            "0A000",
            "FOR "
                + s.getForMode().name().replace('_', ' ')
                + " is not allowed with UNION/INTERSECT/EXCEPT");
      }
    }
  }
}
