package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * A common table expression of a WITH clause: its query, its column names, and the scope it was
 * defined in. A non-correlated CTE is computed once per statement; a recursive one iterates its
 * recursive term over the rows the previous step produced until a step produces none.
 */
final class Cte {
  final String name;
  final Query query;
  final List<Field> fields;
  final Scope definedParent;

  /** How many times the recursive term reads its own CTE (PostgreSQL allows once). */
  private int references;

  private boolean recursiveBody;

  private Cte(String name, Query query, List<Field> fields, Scope definedParent) {
    this.name = name;
    this.query = query;
    this.fields = fields;
    this.definedParent = definedParent;
  }

  /** Compiles one WITH item; {@code recursive} when the clause said WITH RECURSIVE. */
  static Cte compile(Compiler c, WithItem<?> w, Scope parent, boolean recursive) {
    if (w.getSelect() == null) {
      throw SqlException.unsupported("INSERT, UPDATE or DELETE in WITH");
    }
    if (w.getSearchClause() != null || w.getCycleClause() != null) {
      throw SqlException.unsupported("SEARCH and CYCLE clauses of WITH RECURSIVE");
    }
    String name = ExprCompiler.unquote(w.getAliasName());
    List<String> names = new ArrayList<>();
    if (w.getWithItemList() != null) {
      for (SelectItem<?> si : w.getWithItemList()) {
        names.add(ExprCompiler.unquote(si.toString()).toLowerCase(Locale.ROOT));
      }
    }
    var body = w.getSelect().getSelect();
    if (recursive
        && body instanceof SetOperationList sol
        && sol.getSelects().size() == 2
        && sol.getOperations().get(0) instanceof UnionOp u) {
      SetQuery.refuseLocking(sol);
      Query base = c.query(sol.getSelects().get(0), parent);
      Cte self = new Cte(name, null, rename(name, base.fields(), names), parent);
      self.recursiveBody = true;
      Query step = c.withCte(self, () -> c.query(sol.getSelects().get(1), parent));
      if (self.references > 0) {
        checkRecursiveTerm(sol);
        if (step instanceof SelectQuery sq && sq.aggregated()) {
          throw new SqlException(
              "42P19", "aggregate functions are not allowed in a recursive query's recursive term");
        }
        checkTypes(name, base.fields(), step.fields());
        Recursive r = new Recursive(base, step, u.isAll(), self);
        return new Cte(name, r, self.fields, parent);
      }
    }
    Query q = c.query(body, parent);
    return new Cte(name, q, rename(name, q.fields(), names), parent);
  }

  /** PostgreSQL refuses ORDER BY, LIMIT and OFFSET on a recursive UNION (and on its last term). */
  private static void checkRecursiveTerm(SetOperationList sol) {
    boolean order = sol.getOrderByElements() != null;
    boolean limit = sol.getLimit() != null || sol.getFetch() != null;
    boolean offset = sol.getOffset() != null;
    if (sol.getSelects().get(1) instanceof PlainSelect ps) {
      order |= ps.getOrderByElements() != null;
      limit |= ps.getLimit() != null || ps.getFetch() != null;
      offset |= ps.getOffset() != null;
    }
    String what = order ? "ORDER BY" : limit ? "LIMIT" : offset ? "OFFSET" : null;
    if (what != null) {
      throw SqlException.unsupported(what + " in a recursive query");
    }
  }

  private static List<Field> rename(String name, List<Field> fields, List<String> names) {
    if (names.size() > fields.size()) {
      throw new SqlException(
          "42P10",
          "WITH query \""
              + name
              + "\" has "
              + fields.size()
              + " columns available but "
              + names.size()
              + " columns specified");
    }
    List<Field> out = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      // an untyped literal's column is text, as in PostgreSQL
      PgType t = f.type() == PgType.UNKNOWN ? PgType.TEXT : f.type();
      out.add(
          i < names.size()
              ? new Field(names.get(i), t, 0, 0, f.typmod())
              : new Field(f.name(), t, f.tableOid(), f.attnum(), f.typmod()));
    }
    return out;
  }

  /** Unconstrained string types a recursive term may mix: the non-recursive term's type wins. */
  private static final Set<PgType> STRINGS = Set.of(PgType.TEXT, PgType.VARCHAR, PgType.UNKNOWN);

  private static void checkTypes(String name, List<Field> base, List<Field> step) {
    if (base.size() != step.size()) {
      throw new SqlException("42601", "each UNION query must have the same number of columns");
    }
    for (int i = 0; i < base.size(); i++) {
      PgType a = base.get(i).type();
      PgType b = step.get(i).type();
      boolean strings = STRINGS.contains(a) && STRINGS.contains(b);
      int mod = base.get(i).typmod();
      if (a != b && !strings && !(a == PgType.UNKNOWN || b == PgType.UNKNOWN)
          || mod >= 0 && (a != b || mod != step.get(i).typmod())) {
        throw new SqlException(
                "42804",
                "recursive query \""
                    + name
                    + "\" column "
                    + (i + 1)
                    + " has type "
                    + new ColumnDef(0, "", a, mod).formatType()
                    + " in non-recursive term but type "
                    + (a == b || strings ? a : b).sqlName
                    + " overall")
            .withHint("Cast the output of the non-recursive term to the correct type.");
      }
    }
  }

  /** A FROM reference to this CTE from a query whose parent scope is {@code parent}. */
  Source source(String alias, Scope parent) {
    int levels = 0;
    Scope s = parent;
    while (s != definedParent) {
      if (s == null) {
        throw SqlException.unsupported("this reference to WITH query \"" + name + "\"");
      }
      s = s.parent;
      levels++;
    }
    if (recursiveBody) {
      if (levels != 0) {
        throw new SqlException(
            "42P19",
            "recursive reference to query \"" + name + "\" must not appear within a subquery");
      }
      if (++references > 1) {
        throw new SqlException(
            "42P19",
            "recursive reference to query \"" + name + "\" must not appear more than once");
      }
    }
    // the scopes between the reference and the WITH see the CTE's dependence on outer rows
    boolean outer = !recursiveBody && query.correlated();
    for (Scope m = parent; outer && m != definedParent; m = m.parent) {
      m.correlated = true;
    }
    List<Scope.Col> cols = new ArrayList<>();
    for (Field f : fields) {
      cols.add(new Scope.Col(alias, f.name(), f.type(), 0, 0, f.typmod()));
    }
    int up = levels;
    Source src =
        new Source(alias, cols) {
          @Override
          Iterator<Object[]> fetch(Env env) {
            if (recursiveBody) {
              @SuppressWarnings("unchecked")
              List<Object[]> working = (List<Object[]>) env.exec.cache.get(Cte.this);
              return working.iterator();
            }
            Env e = env.outer;
            for (int i = 0; i < up; i++) {
              e = e.outer;
            }
            if (!query.correlated()) {
              return rows(e).iterator();
            }
            // depends on outer rows: once per run of the query reading it (each outer row)
            Object[] cached = (Object[]) env.exec.cache.get(this);
            if (cached == null || cached[0] != env) {
              cached = new Object[] {env, query.rows(e)};
              env.exec.cache.put(this, cached);
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = (List<Object[]>) cached[1];
            return rows.iterator();
          }
        };
    src.stable = !recursiveBody && !query.correlated();
    src.readsOuter = outer;
    src.recursiveRef = recursiveBody ? name : null;
    return src;
  }

  /** The rows of a CTE that reads no outer row: computed once per statement, as PostgreSQL does. */
  @SuppressWarnings("unchecked")
  private List<Object[]> rows(Env e) {
    List<Object[]> rows = (List<Object[]>) e.exec.cache.get(this);
    if (rows == null) {
      rows = query.rows(e);
      e.exec.cache.put(this, rows);
    }
    return rows;
  }

  /** WITH RECURSIVE's iteration: base rows, then the step over the last rows until none are new. */
  private static final class Recursive implements Query {
    private final Query base;
    private final Query step;
    private final boolean all;
    private final Cte self;

    Recursive(Query base, Query step, boolean all, Cte self) {
      this.base = base;
      this.step = step;
      this.all = all;
      this.self = self;
    }

    @Override
    public boolean correlated() {
      return base.correlated() || step.correlated();
    }

    @Override
    public List<Field> fields() {
      return self.fields;
    }

    @Override
    public List<Object[]> rows(Env outer) {
      Exec ex = outer.exec;
      int n = self.fields.size();
      Set<List<String>> seen = new HashSet<>();
      List<Object[]> result = new ArrayList<>();
      List<Object[]> last = keepNew(base.rows(outer), seen, ex, n);
      result.addAll(last);
      while (!last.isEmpty()) {
        ex.checkCancel();
        ex.cache.put(self, last);
        // results cached during a step depend on the working table: drop them after it
        Set<Object> before = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(ex.cache.keySet());
        List<Object[]> produced = step.rows(outer);
        ex.cache.keySet().retainAll(before);
        last = keepNew(produced, seen, ex, n);
        result.addAll(last);
      }
      ex.cache.remove(self);
      return result;
    }

    private List<Object[]> keepNew(List<Object[]> rows, Set<List<String>> seen, Exec ex, int n) {
      List<Object[]> out = new ArrayList<>();
      for (Object[] r : rows) {
        if (all || seen.add(SelectQuery.textKey(r, n))) {
          ex.keep(r);
          out.add(r);
        }
      }
      return out;
    }
  }
}
