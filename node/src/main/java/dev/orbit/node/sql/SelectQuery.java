package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * A compiled SELECT: nested-loop joins over its sources (each using its access path), WHERE,
 * grouping and aggregates, HAVING, projection, DISTINCT, ORDER BY, OFFSET/LIMIT. Without ordering,
 * grouping or DISTINCT it stops reading as soon as LIMIT rows are found.
 */
final class SelectQuery implements Query {
  private final List<Source> sources = new ArrayList<>();
  private Scope scope;
  private Expr where;

  /** The WHERE split over the join's levels, or null when it is checked whole at the end. */
  private EarlyFilters early;

  private final List<Expr> items = new ArrayList<>();
  private final List<Field> fields = new ArrayList<>();
  private List<Aggregate> aggregates;
  private final List<Window> windows = new ArrayList<>();
  private final List<Expr> srfs = new ArrayList<>();
  private final List<Expr> groupBy = new ArrayList<>();
  private boolean grouped;
  private Expr having;
  private boolean distinct;
  private final List<Sort> order = new ArrayList<>();
  private final Limits limits = new Limits();
  boolean hasSubqueries;

  /** True when it computes aggregates or groups rows. */
  boolean aggregated() {
    return grouped && !aggregates.isEmpty();
  }

  @Override
  public boolean correlated() {
    return scope.correlated;
  }

  @Override
  public boolean pointOnly() {
    if (hasSubqueries || !windows.isEmpty()) {
      return false;
    }
    for (Source s : sources) {
      boolean ok =
          s instanceof Source.OneRow || (s instanceof TableSource t && t.pathKind().equals("get"));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** One ORDER BY key: an output column or an expression over the source row. */
  record Sort(int output, Expr expr, boolean desc, boolean nullsFirst) {}

  static SelectQuery compile(Compiler c, PlainSelect ps, Scope parent) {
    if (ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()) {
      throw new SqlException("42601", "SELECT ... INTO is not allowed here");
    }
    SelectQuery q = new SelectQuery();
    q.scope = c.sources(ps.getFromItem(), ps.getJoins(), parent, q.sources);
    List<Expression> conj = Compiler.conjuncts(ps.getWhere());
    List<Aggregate> aggs = new ArrayList<>();
    ExprCompiler rowLevel = new ExprCompiler(c, q.scope, null);
    ExprCompiler withAggs = new ExprCompiler(c, q.scope, aggs, q.windows);
    withAggs.srfs = q.srfs;
    if (ps.getWhere() != null) {
      q.where = rowLevel.compile(ps.getWhere());
    }
    if (ps.getWhere() != null) {
      q.early = EarlyFilters.plan(q.sources, conj, q.scope, c);
    }
    c.planAccess(q.sources, conj, parent);
    c.planHashes(q.sources, conj, q.scope);
    if (ps.getDistinct() != null) {
      if (ps.getDistinct().getOnSelectItems() != null) {
        throw SqlException.unsupported("DISTINCT ON");
      }
      q.distinct = true;
    }
    List<Expression> itemExprs = new ArrayList<>();
    for (SelectItem<?> si : ps.getSelectItems()) {
      Expression e = si.getExpression();
      if (e instanceof AllTableColumns atc) {
        String t = ExprCompiler.unquote(atc.getTable().getName());
        boolean found = false;
        for (Source s : q.sources) {
          if (t.equals(s.alias)) {
            q.expand(s, c, itemExprs);
            found = true;
          }
        }
        if (!found) {
          throw new SqlException("42P01", "missing FROM-clause entry for table \"" + t + "\"");
        }
      } else if (e instanceof AllColumns) {
        boolean using = false;
        for (Source s : q.sources) {
          using |= s.usingColumns != null && !s.usingColumns.isEmpty();
        }
        if (!using) {
          for (Source s : q.sources) {
            q.expand(s, c, itemExprs);
          }
        } else if (q.sources.size() == 2
            && !q.sources.get(1).leftJoin
            && !q.sources.get(1).rightJoin) {
          q.expandUsing(q.sources.get(0), q.sources.get(1), itemExprs);
        } else {
          throw SqlException.unsupported(
              "SELECT * over an outer join or several joins with USING or NATURAL");
        }
      } else {
        Expr x = withAggs.compile(e);
        q.items.add(x);
        itemExprs.add(e);
        q.fields.add(field(si.getAlias(), e, x, q.scope));
      }
    }
    GroupByElement gb = ps.getGroupBy();
    if (gb != null && gb.getGroupByExpressionList() != null) {
      for (Object o : gb.getGroupByExpressionList()) {
        Expression e = (Expression) o;
        int pos = outputRef(e, q.fields);
        q.groupBy.add(pos >= 0 ? rowLevel.compile(itemExprs.get(pos)) : rowLevel.compile(e));
      }
    }
    if (ps.getHaving() != null) {
      q.having = withAggs.compile(ps.getHaving());
    }
    if (ps.getOrderByElements() != null) {
      for (OrderByElement o : ps.getOrderByElements()) {
        int pos = outputRef(o.getExpression(), q.fields);
        Expr x = pos >= 0 ? null : withAggs.compile(o.getExpression());
        boolean desc = !o.isAsc();
        boolean nullsFirst =
            o.getNullOrdering() == null
                ? desc
                : o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
        q.order.add(new Sort(pos, x, desc, nullsFirst));
      }
    }
    q.aggregates = aggs;
    q.grouped = !aggs.isEmpty() || !q.groupBy.isEmpty() || q.having != null;
    if (q.grouped) {
      List<Expression> groupExprs = new ArrayList<>();
      if (gb != null && gb.getGroupByExpressionList() != null) {
        for (Object o : gb.getGroupByExpressionList()) {
          Expression ge = (Expression) o;
          int pos = outputRef(ge, q.fields);
          groupExprs.add(pos >= 0 ? itemExprs.get(pos) : ge);
        }
      }
      GroupingCheck check = new GroupingCheck(q.scope, q.sources, groupExprs);
      for (Expression ie : itemExprs) {
        check.check(ie);
      }
      check.check(ps.getHaving());
      if (ps.getOrderByElements() != null) {
        for (OrderByElement o : ps.getOrderByElements()) {
          if (outputRef(o.getExpression(), q.fields) < 0) {
            check.check(o.getExpression());
          }
        }
      }
    }
    if ((q.grouped || !q.windows.isEmpty()) && !q.srfs.isEmpty()) {
      throw SqlException.unsupported("set-returning functions with GROUP BY or window functions");
    }
    if (q.grouped && !q.windows.isEmpty()) {
      throw SqlException.unsupported("window functions together with GROUP BY or aggregates");
    }
    if (ps.getLimit() != null && ps.getLimit().getRowCount() != null) {
      q.limits.limit = rowLevel.compile(ps.getLimit().getRowCount());
      rowLevel.inferParam(q.limits.limit, PgType.INT8);
    }
    if (ps.getLimit() != null && ps.getLimit().getOffset() != null) {
      q.limits.offset = rowLevel.compile(ps.getLimit().getOffset());
    }
    if (ps.getOffset() != null) {
      q.limits.offset = rowLevel.compile(ps.getOffset().getOffset());
      rowLevel.inferParam(q.limits.offset, PgType.INT8);
    }
    q.limits.fetch(ps.getFetch(), rowLevel, !q.order.isEmpty());
    if (q.limits.withTies && ps.getForUpdate() != null && ps.getForUpdate().isSkipLocked()) {
      throw new SqlException("0A000", "SKIP LOCKED and WITH TIES options cannot be used together");
    }
    return q;
  }

  private void expand(Source s, Compiler c, List<Expression> itemExprs) {
    for (int i = 0; i < s.cols.size(); i++) {
      Scope.Col col = s.cols.get(i);
      if (col.attnum() < 0) {
        continue; // a system column (tableoid): named, never part of *
      }
      int slot = s.offset + i;
      items.add(Expr.of(col.type(), env -> env.row[slot]));
      itemExprs.add(new Column(col.name()));
      fields.add(new Field(col.name(), col.type(), col.tableOid(), col.attnum(), col.typmod()));
    }
  }

  /** SELECT * over a USING join: the USING columns once (from the left), then the others. */
  private void expandUsing(Source left, Source right, List<Expression> itemExprs) {
    List<String> using = right.usingColumns;
    for (String name : using) {
      for (int i = 0; i < left.cols.size(); i++) {
        if (left.cols.get(i).name().equals(name)) {
          addColumn(left, i, itemExprs);
        }
      }
    }
    for (int i = 0; i < left.cols.size(); i++) {
      if (!using.contains(left.cols.get(i).name())) {
        addColumn(left, i, itemExprs);
      }
    }
    for (int i = 0; i < right.cols.size(); i++) {
      if (!using.contains(right.cols.get(i).name())) {
        addColumn(right, i, itemExprs);
      }
    }
  }

  private void addColumn(Source s, int i, List<Expression> itemExprs) {
    Scope.Col col = s.cols.get(i);
    int slot = s.offset + i;
    items.add(Expr.of(col.type(), env -> env.row[slot]));
    itemExprs.add(new Column(col.name()));
    fields.add(new Field(col.name(), col.type(), col.tableOid(), col.attnum(), col.typmod()));
  }

  /** An ORDER BY / GROUP BY item naming an output column (by position or alias), or -1. */
  private static int outputRef(Expression e, List<Field> fields) {
    if (e instanceof LongValue l) {
      int p = (int) l.getValue() - 1;
      if (p < 0 || p >= fields.size()) {
        throw new SqlException("42P10", "position " + l.getValue() + " is not in select list");
      }
      return p;
    }
    if (e instanceof Column c && c.getTable() == null && c.getArrayConstructor() == null) {
      String n = ExprCompiler.unquote(c.getColumnName());
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).name().equals(n)) {
          return i;
        }
      }
    }
    return -1;
  }

  static Field field(Alias alias, Expression e, Expr x, Scope scope) {
    Field f = named(alias, e, x, scope);
    if (f.typmod() >= 0) {
      return f;
    }
    int typmod = typmod(e, x, scope);
    return typmod < 0 ? f : new Field(f.name(), f.type(), f.tableOid(), f.attnum(), typmod);
  }

  /** The declared length/precision an output column keeps: a cast's or a column's, else -1. */
  private static int typmod(Expression e, Expr x, Scope scope) {
    if (e instanceof CastExpression ce) {
      TypeName tn = TypeName.parse(ce.getColDataType().toString());
      return tn.type() == x.type ? tn.typmod() : -1;
    }
    if (e instanceof Column c && c.getArrayConstructor() == null) {
      Scope.Ref r =
          scope.resolve(
              c.getTable() == null ? null : ExprCompiler.unquote(c.getTable().getName()),
              ExprCompiler.unquote(c.getColumnName()));
      return r != null && r.col().type() == x.type ? r.col().typmod() : -1;
    }
    return -1;
  }

  private static Field named(Alias alias, Expression e, Expr x, Scope scope) {
    if (alias != null) {
      return new Field(
          ExprCompiler.unquote(alias.getName()),
          x.type == PgType.UNKNOWN ? PgType.TEXT : x.type,
          0,
          0,
          -1);
    }
    Expression inner = e;
    while (inner instanceof CastExpression ce
        && !(ce.getLeftExpression() instanceof net.sf.jsqlparser.expression.StringValue)) {
      inner = ce.getLeftExpression();
    }
    if (inner instanceof Column c && c.getArrayConstructor() != null) {
      return Field.of(ExprCompiler.unquote(c.getColumnName()), x.type); // a[i] is named a
    }
    if (inner instanceof Column c) {
      String n = ExprCompiler.unquote(c.getColumnName());
      Scope.Ref r =
          scope.resolve(
              c.getTable() == null ? null : ExprCompiler.unquote(c.getTable().getName()), n);
      if (r != null && r.depth() == 0 && inner == e) {
        Scope.Col col = r.col();
        return new Field(n, col.type(), col.tableOid(), col.attnum(), col.typmod());
      }
      return Field.of(n, x.type);
    }
    if (inner instanceof net.sf.jsqlparser.expression.ArrayConstructor) {
      return Field.of("array", x.type);
    }
    if (inner instanceof Function f) {
      return Field.of(
          f.getName().substring(f.getName().lastIndexOf('.') + 1).toLowerCase(), x.type);
    }
    if (inner instanceof CastExpression ce) {
      TypeName tn = TypeName.parse(ce.getColDataType().toString());
      // '{1}'::int[] is named after its element type (int4), as PostgreSQL names it
      return Field.of((tn.element() != null ? tn.element() : tn).type().typname, x.type);
    }
    if (inner instanceof TimeKeyExpression t) {
      return Field.of(t.getStringValue().toLowerCase(), x.type);
    }
    return Field.of("?column?", x.type);
  }

  @Override
  public List<Field> fields() {
    return fields;
  }

  /** The columns of this query's FROM sources. */
  Scope scope() {
    return scope;
  }

  @Override
  public void explain(List<String> out) {
    for (Source s : sources) {
      out.add(Explain.line(s));
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Object[]> rows(Env outer) {
    if (!scope.correlated) {
      Object cached = outer.exec.cache.get(this);
      if (cached != null) {
        return (List<Object[]>) cached;
      }
      List<Object[]> out = run(outer);
      outer.exec.cache.put(this, out);
      return out;
    }
    return run(outer);
  }

  private List<Object[]> run(Env outer) {
    Exec ex = outer.exec;
    int width = scope.cols.size();
    Env env = new Env(ex, outer, new Object[width]);
    long lim = limits.limit(env);
    long off = limits.offset(env);
    boolean streaming = !grouped && order.isEmpty() && !distinct && lim >= 0 && windows.isEmpty();
    Collector sink = new Collector(env, streaming ? off + lim : Long.MAX_VALUE);
    readRightSides(env);
    if (loop(0, env, sink)) {
      unmatched(env, sink);
    }
    List<Object[]> out;
    if (grouped) {
      out = sink.finishGroups(env);
    } else if (!windows.isEmpty()) {
      out = sink.finishWindows(env);
    } else {
      out = sink.out;
    }
    if (distinct) {
      Set<List<String>> seen = new HashSet<>();
      List<Object[]> kept = new ArrayList<>();
      for (Object[] r : out) {
        if (seen.add(textKey(r, fields.size()))) {
          kept.add(r);
        }
      }
      out = kept;
    }
    if (!order.isEmpty()) {
      out.sort(comparator());
    }
    int n = fields.size();
    List<Object[]> result = limits.slice(out, off, lim, order.isEmpty() ? null : comparator());
    result.replaceAll(r -> r.length == n ? r : java.util.Arrays.copyOf(r, n));
    return result;
  }

  static List<String> textKey(Object[] r, int n) {
    List<String> k = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object v = r[i];
      k.add(
          v == null
              ? null
              : v instanceof Number num
                  ? Values.toDecimal(num).stripTrailingZeros().toPlainString()
                  : Values.toText(v, Values.typeOf(v)));
    }
    return k;
  }

  private Comparator<Object[]> comparator() {
    int n = fields.size();
    return (a, b) -> {
      for (int i = 0; i < order.size(); i++) {
        Sort s = order.get(i);
        int slot = s.output() >= 0 ? s.output() : n + i;
        Object x = a[slot];
        Object y = b[slot];
        int c;
        if (x == null || y == null) {
          c = x == y ? 0 : (x == null) == s.nullsFirst() ? -1 : 1;
          if (c != 0) {
            return c;
          }
          continue;
        }
        c = Values.compare(x, y);
        if (c != 0) {
          return s.desc() ? -c : c;
        }
      }
      return 0;
    };
  }

  private boolean loop(int i, Env env, Collector sink) {
    if (early != null && i > 0) {
      Expr f = early.after[i - 1];
      if (f != null && !Expr.isTrue(f.eval(env))) {
        return true;
      }
      if (i == sources.size()) {
        return sink.accept(env);
      }
    }
    if (i == sources.size()) {
      if (where == null || Expr.isTrue(where.eval(env))) {
        return sink.accept(env);
      }
      return true;
    }
    Source s = sources.get(i);
    boolean matched = false;
    RightRows right = s.rightJoin ? (RightRows) env.exec.cache.get(s) : null;
    Iterator<Object[]> it =
        right != null ? right.rows.iterator() : s.hash != null ? s.hash.probe(env) : s.fetch(env);
    for (int idx = 0; it.hasNext(); idx++) {
      env.exec.checkCancel();
      Object[] vals = it.next();
      System.arraycopy(vals, 0, env.row, s.offset, s.cols.size());
      if (s.on != null && !Expr.isTrue(s.on.eval(env))) {
        continue;
      }
      if (right != null) {
        right.matched[idx] = true;
      }
      matched = true;
      if (!loop(i + 1, env, sink)) {
        return false;
      }
    }
    if (!matched && s.leftJoin) {
      java.util.Arrays.fill(env.row, s.offset, s.offset + s.cols.size(), null);
      return loop(i + 1, env, sink);
    }
    return true;
  }

  /** The rows of a RIGHT/FULL joined source in one run, and which of them found a match. */
  private static final class RightRows {
    final List<Object[]> rows;
    final boolean[] matched;

    RightRows(List<Object[]> rows) {
      this.rows = rows;
      this.matched = new boolean[rows.size()];
    }
  }

  /** Reads each RIGHT/FULL joined source once for this run. */
  private void readRightSides(Env env) {
    for (Source s : sources) {
      if (s.rightJoin) {
        List<Object[]> rows = new ArrayList<>();
        for (Iterator<Object[]> it = s.fetch(env); it.hasNext(); ) {
          env.exec.checkCancel();
          Object[] r = it.next();
          env.exec.keep(r);
          rows.add(r);
        }
        env.exec.cache.put(s, new RightRows(rows));
      }
    }
  }

  /**
   * After the joined rows: each RIGHT/FULL joined source's rows that matched nothing, with every
   * earlier source's columns null, joined on with the sources after it (left to right, so a later
   * RIGHT join also sees these rows).
   */
  private void unmatched(Env env, Collector sink) {
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      if (!s.rightJoin) {
        continue;
      }
      RightRows right = (RightRows) env.exec.cache.get(s);
      for (int idx = 0; idx < right.rows.size(); idx++) {
        if (right.matched[idx]) {
          continue;
        }
        java.util.Arrays.fill(env.row, 0, s.offset, null);
        System.arraycopy(right.rows.get(idx), 0, env.row, s.offset, s.cols.size());
        if (!loop(i + 1, env, sink)) {
          return;
        }
      }
    }
  }

  /** Receives each joined row that passed WHERE: projects it, or adds it to its group. */
  private final class Collector {
    final List<Object[]> out = new ArrayList<>();
    final Map<List<String>, Object[]> groupRows = new LinkedHashMap<>();
    final Map<List<String>, Aggregate.State[]> groupStates = new LinkedHashMap<>();
    final long stopAfter;

    Collector(Env env, long stopAfter) {
      this.stopAfter = stopAfter;
    }

    boolean accept(Env env) {
      if (grouped) {
        Object[] keyVals = new Object[groupBy.size()];
        for (int i = 0; i < keyVals.length; i++) {
          keyVals[i] = groupBy.get(i).eval(env);
        }
        List<String> key = textKey(keyVals, keyVals.length);
        Aggregate.State[] st = groupStates.get(key);
        if (st == null) {
          st = new Aggregate.State[aggregates.size()];
          for (int i = 0; i < st.length; i++) {
            st[i] = aggregates.get(i).newState();
          }
          groupStates.put(key, st);
          groupRows.put(key, env.row.clone());
          env.exec.keep(env.row);
        }
        for (Aggregate.State s : st) {
          s.add(env);
        }
        return true;
      }
      if (!windows.isEmpty()) {
        out.add(env.row.clone());
        env.exec.keep(env.row);
        return true;
      }
      if (!srfs.isEmpty()) {
        expand(env, out);
        return out.size() < stopAfter;
      }
      Object[] r = project(env);
      env.exec.keep(r);
      out.add(r);
      return out.size() < stopAfter;
    }

    List<Object[]> finishWindows(Env env) {
      Object[][] values = new Object[out.size()][windows.size()];
      for (int w = 0; w < windows.size(); w++) {
        windows.get(w).compute(env.exec, env.outer, out, values, w);
      }
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < out.size(); i++) {
        env.row = out.get(i);
        env.aggs = values[i];
        rows.add(project(env));
      }
      return rows;
    }

    List<Object[]> finishGroups(Env env) {
      if (groupStates.isEmpty() && groupBy.isEmpty()) {
        Aggregate.State[] st = new Aggregate.State[aggregates.size()];
        for (int i = 0; i < st.length; i++) {
          st[i] = aggregates.get(i).newState();
        }
        groupStates.put(List.of(), st);
        groupRows.put(List.of(), new Object[scope.cols.size()]);
      }
      List<Object[]> rows = new ArrayList<>();
      for (Map.Entry<List<String>, Aggregate.State[]> g : groupStates.entrySet()) {
        Aggregate.State[] st = g.getValue();
        Object[] aggs = new Object[st.length];
        for (int i = 0; i < st.length; i++) {
          aggs[i] = st[i].result();
        }
        env.row = groupRows.get(g.getKey());
        env.aggs = aggs;
        if (having != null && !Expr.isTrue(having.eval(env))) {
          continue;
        }
        rows.add(project(env));
      }
      return rows;
    }
  }

  /** Projects one row per element of the select list's set-returning calls. */
  private void expand(Env env, List<Object[]> out) {
    List<List<?>> arrays = new ArrayList<>();
    int n = 0;
    env.srf = new Object[srfs.size()];
    for (Expr e : srfs) {
      Object v = e.eval(env);
      List<?> l =
          v == null ? List.of() : v instanceof List<?> x ? x : Functions.parseArray(v.toString());
      arrays.add(l);
      n = Math.max(n, l.size());
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < arrays.size(); k++) {
        List<?> l = arrays.get(k);
        env.srf[k] = i < l.size() ? new Object[] {l.get(i), (long) i + 1} : null;
      }
      out.add(project(env));
    }
  }

  private Object[] project(Env env) {
    int n = items.size();
    Object[] r = new Object[n + order.size()];
    for (int i = 0; i < n; i++) {
      r[i] = items.get(i).eval(env);
    }
    for (int i = 0; i < order.size(); i++) {
      Sort s = order.get(i);
      if (s.output() < 0) {
        r[n + i] = s.expr().eval(env);
      }
    }
    return r;
  }
}
