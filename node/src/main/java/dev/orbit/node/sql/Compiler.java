package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * Compiles one statement's queries against the live catalog. Holds the statement's parameter types:
 * those the client declared, plus those inferred from where each $n is used.
 */
final class Compiler {
  static final int MAX_PARAMS = 65535;

  final Session session;
  PgType[] paramTypes;
  int paramCount;

  /** Types of the literals a {@link LiteralShape} took out ($n reads them), or null. */
  PgType[] literals;

  Compiler(Session session, int[] declaredOids) {
    this.session = session;
    this.paramTypes = new PgType[Math.max(8, declaredOids.length)];
    for (int i = 0; i < declaredOids.length; i++) {
      PgType t = PgType.byOid(declaredOids[i]);
      paramTypes[i] = t == null || t == PgType.UNKNOWN ? null : t;
    }
    paramCount = declaredOids.length;
  }

  void useParam(int index) {
    if (index >= paramTypes.length) {
      paramTypes = Arrays.copyOf(paramTypes, Math.max(index + 1, paramTypes.length * 2));
    }
    paramCount = Math.max(paramCount, index + 1);
  }

  void inferParam(int index, PgType t) {
    useParam(index);
    if (paramTypes[index] == null) {
      paramTypes[index] = t == PgType.UNKNOWN ? null : t;
    }
  }

  /** Final parameter types (untyped ones become text). */
  PgType[] params() {
    PgType[] out = new PgType[paramCount];
    for (int i = 0; i < paramCount; i++) {
      out[i] = paramTypes[i] == null ? PgType.TEXT : paramTypes[i];
    }
    return out;
  }

  Catalog catalog() {
    return session.engine.catalog;
  }

  // ---- queries ----

  /** How many queries (top level and nested) were compiled. */
  int queries;

  Query query(Select select, Scope parent) {
    queries++;
    if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
      var items = select.getWithItemsList();
      boolean recursive = items.stream().anyMatch(w -> w.isRecursive());
      java.util.Map<String, Cte> frame = new java.util.HashMap<>();
      ctes.push(frame);
      try {
        for (var w : items) {
          Cte cte = Cte.compile(this, w, parent, recursive);
          if (frame.put(cte.name, cte) != null) {
            throw new SqlException(
                "42712", "WITH query name \"" + cte.name + "\" specified more than once");
          }
        }
        select.setWithItemsList(null);
        try {
          return query(select, parent);
        } finally {
          select.setWithItemsList(items);
        }
      } finally {
        ctes.pop();
      }
    }
    if (select instanceof PlainSelect ps) {
      return SelectQuery.compile(this, ps, parent);
    }
    if (select instanceof SetOperationList sol) {
      return SetQuery.compile(this, sol, parent);
    }
    if (select instanceof ParenthesedSelect ps) {
      return query(ps.getSelect(), parent);
    }
    if (select instanceof net.sf.jsqlparser.statement.select.Values v) {
      return ValuesQuery.compile(this, v, parent);
    }
    throw SqlException.unsupported("the query form " + select.getClass().getSimpleName());
  }

  /** The WITH queries visible here, innermost first. */
  private java.util.Deque<java.util.Map<String, Cte>> ctes = new java.util.ArrayDeque<>();

  /** How many views are being expanded, one inside another. */
  int viewDepth;

  /** Compiles {@code body} seeing none of the WITH queries around it (a view's query). */
  Query isolated(java.util.function.Supplier<Query> body) {
    var outer = ctes;
    ctes = new java.util.ArrayDeque<>();
    try {
      return body.get();
    } finally {
      ctes = outer;
    }
  }

  /** Compiles with {@code cte} visible (a recursive CTE's own term). */
  Query withCte(Cte cte, java.util.function.Supplier<Query> body) {
    ctes.push(java.util.Map.of(cte.name, cte));
    try {
      return body.get();
    } finally {
      ctes.pop();
    }
  }

  private Cte cte(String name) {
    for (java.util.Map<String, Cte> frame : ctes) {
      Cte c = frame.get(name);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  /** Builds the FROM sources (with join conditions) into {@code out}; returns their scope. */
  Scope sources(FromItem first, List<Join> joins, Scope parent, List<Source> out) {
    while (first instanceof ParenthesedFromItem pf
        && pf.getAlias() == null
        && pf.getJoins() != null
        && !pf.getJoins().isEmpty()) {
      // (a JOIN b …) JOIN c …: joins associate to the left, so the parentheses change nothing
      List<Join> all = new ArrayList<>(pf.getJoins());
      if (joins != null) {
        all.addAll(joins);
      }
      first = pf.getFromItem();
      joins = all;
    }
    List<Scope.Col> cols = new ArrayList<>();
    Scope scope = new Scope(cols, parent);
    if (first == null) {
      out.add(new Source.OneRow());
      return scope;
    }
    add(source(first, parent), out, cols);
    scope.correlated |= out.get(0).readsOuter;
    if (joins != null) {
      for (Join j : joins) {
        boolean natural =
            j.isNatural() || j.toString().toUpperCase(Locale.ROOT).startsWith("NATURAL");
        boolean rightOrFull = j.isRight() || j.isFull();
        boolean using = j.getUsingColumns() != null && !j.getUsingColumns().isEmpty();
        if (rightOrFull && (natural || using)) {
          // the merged USING column (COALESCE of both sides) is not built
          throw SqlException.unsupported("RIGHT and FULL joins with USING or NATURAL");
        }
        boolean qualified =
            (j.getOnExpressions() != null && !j.getOnExpressions().isEmpty())
                || (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty());
        if (!natural && !qualified && !j.isSimple() && !j.isCross()) {
          throw SqlException.syntax("syntax error: JOIN needs ON or USING");
        }
        Source s = source(j.getFromItem(), parent);
        add(s, out, cols);
        scope.correlated |= s.readsOuter;
        s.leftJoin = j.isLeft() || j.isFull();
        s.rightJoin = rightOrFull;
        boolean nullablePrefix = false;
        for (int k = 0; rightOrFull && k < out.size() - 1; k++) {
          nullablePrefix |= out.get(k).recursiveRef != null;
        }
        if ((s.leftJoin && s.recursiveRef != null) || nullablePrefix) {
          throw new SqlException(
              "42P19",
              "recursive reference to query \""
                  + s.recursiveRef
                  + "\" must not appear within an outer join");
        }
        if (natural) {
          // NATURAL: USING every column name the two sides share
          Source left = out.get(out.size() - 2);
          List<Column> common = new ArrayList<>();
          for (Scope.Col rc : s.cols) {
            for (Scope.Col lc : left.cols) {
              if (lc.name().equals(rc.name())) {
                common.add(new Column(rc.name()));
                break;
              }
            }
          }
          j.setUsingColumns(common);
          if (common.isEmpty()) {
            j.setOnExpressions(null);
          }
        }
        List<Expression> on = new ArrayList<>();
        if (j.getOnExpressions() != null) {
          on.addAll(j.getOnExpressions());
        }
        if (j.getUsingColumns() != null) {
          s.usingColumns = new ArrayList<>();
          for (Column c : j.getUsingColumns()) {
            s.usingColumns.add(ExprCompiler.unquote(c.getColumnName()));
            String n = ExprCompiler.unquote(c.getColumnName());
            Source left = out.get(out.size() - 2);
            EqualsTo eq =
                new EqualsTo(
                    new Column(new Table(left.alias), n), new Column(new Table(s.alias), n));
            on.add(eq);
          }
        }
        if (!on.isEmpty()) {
          Expression all = on.get(0);
          for (int i = 1; i < on.size(); i++) {
            all = new AndExpression(all, on.get(i));
          }
          s.on = new ExprCompiler(this, scope, null).compile(all);
          s.onConjuncts = conjuncts(all);
        }
      }
    }
    return scope;
  }

  private static void add(Source s, List<Source> out, List<Scope.Col> cols) {
    s.offset = cols.size();
    cols.addAll(s.cols);
    out.add(s);
  }

  Source source(FromItem item, Scope parent) {
    String alias = item.getAlias() == null ? null : ExprCompiler.unquote(item.getAlias().getName());
    if (item instanceof Table t) {
      String schema = t.getSchemaName() == null ? null : ExprCompiler.unquote(t.getSchemaName());
      String name = ExprCompiler.unquote(t.getName());
      String a = alias != null ? alias : name;
      Cte cte = schema == null ? cte(name) : null;
      if (cte != null) {
        for (Scope m = parent; m != null; m = m.parent) {
          if (m.aggLevel != null) {
            m.aggLevel.ctes.add(cte);
          }
        }
        return cte.source(a, parent);
      }
      if (schema != null
          && !schema.equals("public")
          && !schema.equals("pg_catalog")
          && !schema.equals("information_schema")) {
        throw new SqlException("3F000", "schema \"" + schema + "\" does not exist");
      }
      TableDef def =
          "pg_catalog".equals(schema) || "information_schema".equals(schema)
              ? null
              : catalog().find(session.database, name);
      if (def != null) {
        return new TableSource(a, def, catalog().oidOf(def.id));
      }
      ViewDef view =
          "pg_catalog".equals(schema) || "information_schema".equals(schema)
              ? null
              : catalog().view(session.database, name);
      if (view != null) {
        List<String> aliasCols =
            item.getAlias() != null && item.getAlias().getAliasColumns() != null
                ? item.getAlias().getAliasColumns().stream()
                    .map(c -> ExprCompiler.unquote(c.name).toLowerCase(Locale.ROOT))
                    .toList()
                : List.of();
        return Views.source(this, view, a, aliasCols);
      }
      SystemTables.View v = SystemTables.view(schema, name);
      if (v != null) {
        return new SystemTables.ViewSource(a, v);
      }
      Source seq = SystemTables.sequenceSource(catalog(), session.database, schema, name, a);
      if (seq != null) {
        return seq;
      }
      throw SqlException.undefinedTable(schema == null ? name : schema + "." + name);
    }
    if (item instanceof ParenthesedSelect ps) {
      return derived(query(ps.getSelect(), parent), item.getAlias());
    }
    if (item instanceof ParenthesedFromItem pf
        && (pf.getJoins() == null || pf.getJoins().isEmpty())
        && pf.getFromItem() instanceof net.sf.jsqlparser.statement.select.Values v) {
      // (VALUES …) AS t(a, b)
      var a = pf.getAlias() != null ? pf.getAlias() : v.getAlias();
      return derived(ValuesQuery.compile(this, v, parent), a);
    }
    if (item instanceof ParenthesedFromItem) {
      throw SqlException.unsupported("parenthesized joins");
    }
    if (item instanceof net.sf.jsqlparser.statement.select.TableFunction tf) {
      return SystemTables.functionSource(this, tf.getFunction(), item.getAlias(), parent);
    }
    throw SqlException.unsupported("FROM " + item);
  }

  /** A subquery or VALUES list in FROM, named by its alias and alias column list. */
  private Source derived(Query q, net.sf.jsqlparser.expression.Alias alias) {
    String a = alias != null ? ExprCompiler.unquote(alias.getName()) : "subquery";
    List<Scope.Col> cols = new ArrayList<>();
    List<String> names =
        alias != null && alias.getAliasColumns() != null
            ? alias.getAliasColumns().stream()
                .map(c -> ExprCompiler.unquote(c.name).toLowerCase(Locale.ROOT))
                .toList()
            : List.of();
    if (names.size() > q.fields().size()) {
      throw new SqlException(
          "42P10",
          "table \""
              + a
              + "\" has "
              + q.fields().size()
              + " columns available but "
              + names.size()
              + " columns specified");
    }
    for (int i = 0; i < q.fields().size(); i++) {
      Field f = q.fields().get(i);
      PgType t = f.type() == PgType.UNKNOWN ? PgType.TEXT : f.type();
      cols.add(new Scope.Col(a, i < names.size() ? names.get(i) : f.name(), t, 0, 0, -1));
    }
    if (q.correlated()) {
      return new PerRun(a, cols, q);
    }
    Source derived =
        new Source.Materialized(a, cols) {
          @Override
          List<Object[]> compute(Env env) {
            return q.rows(env.outer);
          }
        };
    derived.stable = true;
    return derived;
  }

  /** The AND-ed parts of a condition. */
  static List<Expression> conjuncts(Expression e) {
    List<Expression> out = new ArrayList<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expression e, List<Expression> out) {
    if (e instanceof AndExpression a) {
      collect(a.getLeftExpression(), out);
      collect(a.getRightExpression(), out);
    } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
      collect(p.get(0), out);
    } else if (e != null) {
      out.add(e);
    }
  }

  /** Chooses access paths of stored tables from the WHERE and ON conjuncts. */
  void planAccess(List<Source> sources, List<Expression> where, Scope parent) {
    List<Scope.Col> known = new ArrayList<>();
    for (Source s : sources) {
      if (s instanceof TableSource t) {
        List<Expression> conj = new ArrayList<>();
        if (!s.leftJoin && !s.rightJoin) {
          conj.addAll(where);
        }
        // the preserved side of RIGHT/FULL is read whole once, to find its unmatched rows
        if (s.onConjuncts != null && !s.rightJoin) {
          conj.addAll(s.onConjuncts);
        }
        t.plan(conj, new ExprCompiler(this, new Scope(new ArrayList<>(known), parent), null));
      }
      known.addAll(s.cols);
    }
  }

  /**
   * Gives each source that would be read whole for every row before it (a full table scan, a
   * derived table) a hash lookup on its equality conditions, when it has one.
   */
  void planHashes(List<Source> sources, List<Expression> where, Scope scope) {
    for (Source s : sources) {
      boolean whole = s.stable || (s instanceof TableSource t && t.pathKind().equals("full"));
      if (!whole || s.rightJoin) {
        continue;
      }
      List<Expression> conj = new ArrayList<>();
      if (!s.leftJoin) {
        conj.addAll(where);
      }
      if (s.onConjuncts != null) {
        conj.addAll(s.onConjuncts);
      }
      s.hash = HashJoin.plan(s, conj, scope, this);
    }
  }

  /**
   * A derived table that reads columns of an enclosing query: computed again for each run of the
   * query it is in (each outer row), once per run.
   */
  static final class PerRun extends Source {
    private final Query q;

    PerRun(String alias, List<Scope.Col> cols, Query q) {
      super(alias, cols);
      this.q = q;
      readsOuter = true;
    }

    @Override
    @SuppressWarnings("unchecked")
    Iterator<Object[]> fetch(Env env) {
      Object[] cached = (Object[]) env.exec.cache.get(this);
      if (cached == null || cached[0] != env) {
        cached = new Object[] {env, q.rows(env.outer)};
        env.exec.cache.put(this, cached);
      }
      return ((List<Object[]>) cached[1]).iterator();
    }
  }
}
