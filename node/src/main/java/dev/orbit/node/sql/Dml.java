package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/** INSERT, UPDATE and DELETE, compiled against one stored table. */
final class Dml {
  private Dml() {}

  static TableDef target(Compiler c, Table t) {
    String schema = t.getSchemaName() == null ? null : ExprCompiler.unquote(t.getSchemaName());
    if (schema != null && !schema.equals("public")) {
      if (schema.equals("pg_catalog") || schema.equals("information_schema")) {
        throw new SqlException("42809", "cannot change catalog relation \"" + t.getName() + "\"");
      }
      throw new SqlException("3F000", "schema \"" + schema + "\" does not exist");
    }
    return c.catalog().table(c.session.database, ExprCompiler.unquote(t.getName()));
  }

  static String alias(Table t) {
    return t.getAlias() != null
        ? ExprCompiler.unquote(t.getAlias().getName())
        : ExprCompiler.unquote(t.getName());
  }

  /** Compiled DEFAULT expressions of a table's columns (null where none). */
  static Expr[] defaults(Compiler c, TableDef t) {
    Expr[] out = new Expr[t.columns.size()];
    ExprCompiler ec = new ExprCompiler(c, Scope.empty(null), null);
    for (int i = 0; i < out.length; i++) {
      String sql = t.columns.get(i).defaultSql;
      if (sql != null) {
        try {
          out[i] = ec.compile(CCJSqlParserUtil.parseExpression(sql));
        } catch (net.sf.jsqlparser.JSQLParserException e) {
          throw new SqlException("XX000", "bad stored default " + sql);
        }
      }
    }
    return out;
  }

  /** RETURNING items over the table's row. */
  static final class Returning {
    final List<Expr> items = new ArrayList<>();
    final List<Field> fields = new ArrayList<>();

    Returning(Compiler c, ReturningClause rc, TableSource src, Scope scope) {
      ExprCompiler ec = new ExprCompiler(c, scope, null);
      for (SelectItem<?> si : rc) {
        Expression e = si.getExpression();
        if (e instanceof net.sf.jsqlparser.statement.select.AllTableColumns atc
            && !src.alias.equals(ExprCompiler.unquote(atc.getTable().getName()))) {
          throw new SqlException(
              "42P01",
              "missing FROM-clause entry for table \""
                  + ExprCompiler.unquote(atc.getTable().getName())
                  + "\"");
        }
        if (e instanceof net.sf.jsqlparser.statement.select.AllColumns
            || e instanceof net.sf.jsqlparser.statement.select.AllTableColumns) {
          for (int i = 0; i < src.cols.size(); i++) {
            Scope.Col col = src.cols.get(i);
            int slot = i;
            items.add(Expr.of(col.type(), env -> env.row[slot]));
            fields.add(
                new Field(col.name(), col.type(), col.tableOid(), col.attnum(), col.typmod()));
          }
        } else {
          Expr x = ec.compile(e);
          items.add(x);
          fields.add(SelectQuery.field(si.getAlias(), e, x, scope));
        }
      }
    }

    Object[] eval(Env env) {
      Object[] out = new Object[items.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = items.get(i).eval(env);
      }
      return out;
    }
  }

  // ---- INSERT ----

  static Stmt insert(Compiler c, Insert ins, Scope root) {
    TableDef t = target(c, ins.getTable());
    String alias = alias(ins.getTable());
    int[] targets;
    if (ins.getColumns() == null || ins.getColumns().isEmpty()) {
      targets = new int[t.columns.size()];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = i;
      }
    } else {
      targets = new int[ins.getColumns().size()];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = t.positionOrThrow(assignedColumn(ins.getColumns().get(i)));
      }
    }
    Expr[] defaults = defaults(c, t);
    List<List<Expr>> valueRows = null;
    Query select = null;
    ExprCompiler ec = new ExprCompiler(c, Scope.empty(root), null);
    String overriding =
        !ins.isOverriding()
            ? null
            : ins.toString().toUpperCase(java.util.Locale.ROOT).contains("OVERRIDING USER VALUE")
                ? "user"
                : "system";
    if (ins.getSelect() instanceof Values v) {
      valueRows = new ArrayList<>();
      for (List<Expression> items : ValuesQuery.rowsOf(v)) {
        if (items.size() > targets.length) {
          throw new SqlException("42601", "INSERT has more expressions than target columns");
        }
        if (items.size() < targets.length
            && ins.getColumns() != null
            && !ins.getColumns().isEmpty()) {
          throw new SqlException("42601", "INSERT has more target columns than expressions");
        }
        List<Expr> r = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          Expression e = items.get(i);
          ColumnDef target = t.columns.get(targets[i]);
          if (e instanceof Column col && col.getColumnName().equalsIgnoreCase("default")
              || target.identity != null && "user".equals(overriding)) {
            r.add(null); // OVERRIDING USER VALUE: identity columns take their sequence's value
            continue;
          }
          if ("a".equals(target.identity) && overriding == null) {
            throw target.generatedAlways(false);
          }
          Expr x = ec.compile(e);
          ec.inferParam(x, t.columns.get(targets[i]).type);
          r.add(x);
        }
        valueRows.add(r);
      }
    } else if (ins.getSelect() != null) {
      for (int slot : targets) {
        ColumnDef target = t.columns.get(slot);
        if ("a".equals(target.identity) && overriding == null) {
          throw target.generatedAlways(false);
        }
        if (target.identity != null && "user".equals(overriding)) {
          throw SqlException.unsupported("INSERT … SELECT with OVERRIDING USER VALUE");
        }
      }
      select = c.query(ins.getSelect(), Scope.empty(root));
    } else {
      valueRows = List.of(List.of());
    }
    TableSource src = new TableSource(alias, t, c.catalog().oidOf(t.id));
    Scope rowScope = new Scope(new ArrayList<>(src.cols), root);
    Returning returning =
        ins.getReturningClause() == null
            ? null
            : new Returning(c, ins.getReturningClause(), src, rowScope);
    OnConflict onConflict = OnConflict.compile(c, ins, t, src, root);
    List<List<Expr>> rows = valueRows;
    Query sel = select;
    return new Stmt() {
      @Override
      public List<Field> fields() {
        return returning == null ? null : returning.fields;
      }

      @Override
      public Result run(Exec ex) {
        Env env = new Env(ex, new Env(ex, null, new Object[0]), null);
        List<Object[]> input = new ArrayList<>();
        if (rows != null) {
          for (List<Expr> r : rows) {
            Object[] vals = new Object[r.size()];
            boolean[] dflt = new boolean[r.size()];
            for (int i = 0; i < vals.length; i++) {
              if (r.get(i) == null) {
                dflt[i] = true;
              } else {
                vals[i] = r.get(i).eval(env);
              }
            }
            input.add(build(ex, t, targets, vals, dflt, defaults, env));
          }
        } else {
          for (Object[] r : sel.rows(env.outer)) {
            input.add(build(ex, t, targets, r, new boolean[r.length], defaults, env));
          }
        }
        List<Object[]> out = new ArrayList<>();
        long count = 0;
        java.util.Set<java.nio.ByteBuffer> touched = new java.util.HashSet<>();
        for (Object[] row : input) {
          ex.checkCancel();
          RowWriter.check(ex, t, row);
          byte[] key = RowWriter.keyFor(ex, t, row);
          Object[] stored = row;
          if (onConflict != null) {
            byte[] hit = RowWriter.conflict(ex, t, key, row, onConflict.target);
            if (hit != null
                && !onConflict.doNothing
                && !touched.add(java.nio.ByteBuffer.wrap(hit))) {
              throw new SqlException(
                      "21000", "ON CONFLICT DO UPDATE command cannot affect row a second time")
                  .withHint(
                      "Ensure that no rows proposed for insertion within the same command have"
                          + " duplicate constrained values.");
            }
            if (hit == null && !onConflict.doNothing) {
              touched.add(java.nio.ByteBuffer.wrap(key));
            }
            if (hit != null) {
              stored = onConflict.apply(ex, t, hit, row);
              if (stored == null) {
                continue;
              }
            } else {
              RowWriter.insert(ex, t, key, row);
            }
          } else {
            RowWriter.insert(ex, t, key, row);
          }
          count++;
          if (returning != null) {
            Env re = new Env(ex, env.outer, stored);
            out.add(returning.eval(re));
          }
        }
        String tag = "INSERT 0 " + count;
        return returning == null ? Result.command(tag) : Result.rows(returning.fields, out, tag);
      }
    };
  }

  private static Object[] build(
      Exec ex, TableDef t, int[] targets, Object[] vals, boolean[] dflt, Expr[] defaults, Env env) {
    Object[] row = new Object[t.columns.size()];
    boolean[] set = new boolean[row.length];
    for (int i = 0; i < vals.length && i < targets.length; i++) {
      if (!dflt[i]) {
        row[targets[i]] = vals[i];
        set[targets[i]] = true;
      }
    }
    for (int i = 0; i < row.length; i++) {
      if (!set[i] && defaults[i] != null) {
        row[i] = defaults[i].eval(env);
      }
    }
    return row;
  }

  /** ON CONFLICT [(cols)] DO NOTHING | DO UPDATE SET … [WHERE …]. */
  static final class OnConflict {
    List<Integer> target;
    boolean doNothing;
    int[] setSlots;
    List<Expr> setValues;
    Expr where;

    static OnConflict compile(Compiler c, Insert ins, TableDef t, TableSource src, Scope root) {
      InsertConflictAction action = ins.getConflictAction();
      if (action == null) {
        return null;
      }
      OnConflict oc = new OnConflict();
      if (ins.getConflictTarget() != null
          && ins.getConflictTarget().getIndexColumnNames() != null
          && !ins.getConflictTarget().getIndexColumnNames().isEmpty()) {
        oc.target = new ArrayList<>();
        for (String n : ins.getConflictTarget().getIndexColumnNames()) {
          oc.target.add(t.columns.get(t.positionOrThrow(ExprCompiler.unquote(n))).id);
        }
        boolean matches =
            t.hasPrimaryKey()
                && new java.util.HashSet<>(t.primaryKey).equals(new java.util.HashSet<>(oc.target));
        for (IndexDef ix : t.indexes) {
          matches |=
              ix.unique
                  && new java.util.HashSet<>(ix.columns).equals(new java.util.HashSet<>(oc.target));
        }
        if (!matches) {
          throw new SqlException(
              "42P10",
              "there is no unique or exclusion constraint matching the ON CONFLICT specification");
        }
      } else if (ins.getConflictTarget() != null
          && ins.getConflictTarget().getConstraintName() != null) {
        throw SqlException.unsupported("ON CONFLICT ON CONSTRAINT");
      }
      oc.doNothing =
          action.getConflictActionType()
              == net.sf.jsqlparser.statement.insert.ConflictActionType.DO_NOTHING;
      if (!oc.doNothing) {
        List<Scope.Col> cols = new ArrayList<>(src.cols);
        for (Scope.Col col : src.cols) {
          cols.add(new Scope.Col("excluded", col.name(), col.type(), 0, 0, col.typmod()));
        }
        Scope scope = new Scope(cols, root);
        ExprCompiler ec = new ExprCompiler(c, scope, null);
        List<Integer> slots = new ArrayList<>();
        oc.setValues = new ArrayList<>();
        for (UpdateSet us : action.getUpdateSets()) {
          for (int i = 0; i < us.getColumns().size(); i++) {
            int slot = t.positionOrThrow(assignedColumn(us.getColumns().get(i)));
            slots.add(slot);
            if ("a".equals(t.columns.get(slot).identity)) {
              throw t.columns.get(slot).generatedAlways(true);
            }
            Expr v = ec.compile(us.getValues().get(i));
            ec.inferParam(v, t.columns.get(slot).type);
            oc.setValues.add(v);
          }
        }
        oc.setSlots = slots.stream().mapToInt(Integer::intValue).toArray();
        if (action.getWhereExpression() != null) {
          oc.where = ec.compile(action.getWhereExpression());
        }
      }
      return oc;
    }

    /** Updates the conflicting row; returns the stored row, or null when nothing was written. */
    Object[] apply(Exec ex, TableDef t, byte[] key, Object[] proposed) {
      if (doNothing) {
        return null;
      }
      ex.txn.lock(key);
      byte[] raw = ex.txn.get(key);
      Object[] old = t.decodeRow(raw);
      Object[] both = Arrays.copyOf(old, old.length * 2);
      System.arraycopy(proposed, 0, both, old.length, old.length);
      Env env = new Env(ex, null, both);
      if (where != null && !Expr.isTrue(where.eval(env))) {
        return null;
      }
      Object[] row = old.clone();
      for (int i = 0; i < setSlots.length; i++) {
        row[setSlots[i]] = setValues.get(i).eval(env);
      }
      RowWriter.check(ex, t, row);
      RowWriter.update(ex, t, key, old, row);
      return row;
    }
  }

  // ---- UPDATE / DELETE ----

  static Stmt update(Compiler c, Update up, Scope root) {
    if (up.getStartJoins() != null && !up.getStartJoins().isEmpty()) {
      throw SqlException.unsupported("UPDATE … JOIN");
    }
    boolean joined = up.getFromItem() != null;
    List<Expression> fromValues = new ArrayList<>();
    List<Integer> fromIndex = new ArrayList<>();
    TableDef t = target(c, up.getTable());
    TableSource src = new TableSource(alias(up.getTable()), t, c.catalog().oidOf(t.id));
    Scope scope = new Scope(new ArrayList<>(src.cols), root);
    ExprCompiler ec = new ExprCompiler(c, scope, null);
    List<Integer> slots = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    Expr[] defaults = defaults(c, t);
    java.util.Set<Integer> assigned = new java.util.HashSet<>();
    for (UpdateSet us : up.getUpdateSets()) {
      if (us.getValues() == null || us.getValues().size() != us.getColumns().size()) {
        throw SqlException.unsupported("UPDATE … SET (columns) = (subquery)");
      }
      for (int i = 0; i < us.getColumns().size(); i++) {
        int slot = t.positionOrThrow(assignedColumn(us.getColumns().get(i)));
        if (!assigned.add(slot)) {
          throw new SqlException(
              "42601", "multiple assignments to same column \"" + t.columns.get(slot).name + "\"");
        }
        Expression ve = us.getValues().get(i);
        boolean isDefault =
            ve instanceof Column col && col.getColumnName().equalsIgnoreCase("default");
        if (ve instanceof net.sf.jsqlparser.statement.select.AllColumns) {
          throw new SqlException(
                  "42804",
                  "column \""
                      + t.columns.get(slot).name
                      + "\" is of type "
                      + t.columns.get(slot).type.sqlName
                      + " but expression is of type record")
              .withHint("You will need to rewrite or cast the expression.");
        }
        if (!isDefault && "a".equals(t.columns.get(slot).identity)) {
          throw t.columns.get(slot).generatedAlways(true);
        }
        slots.add(slot);
        if (joined && !isDefault) {
          fromIndex.add(fromValues.size());
          fromValues.add(ve);
          values.add(null);
          continue;
        }
        Expr v =
            isDefault
                ? (defaults[slot] != null ? defaults[slot] : Expr.literal(PgType.UNKNOWN, null))
                : ec.compile(ve);
        ec.inferParam(v, t.columns.get(slot).type);
        fromIndex.add(-1);
        values.add(v);
      }
    }
    JoinedDml from =
        joined
            ? JoinedDml.compile(
                c,
                scope,
                alias(up.getTable()),
                up.getFromItem(),
                up.getJoins(),
                up.getWhere(),
                fromValues)
            : null;
    Expr where = joined ? from.matches() : up.getWhere() == null ? null : ec.compile(up.getWhere());
    src.plan(
        joined ? List.of() : Compiler.conjuncts(up.getWhere()),
        new ExprCompiler(c, Scope.empty(root), null));
    refuseStarWithFrom(joined, up.getReturningClause());
    Returning returning =
        up.getReturningClause() == null
            ? null
            : new Returning(c, up.getReturningClause(), src, scope);
    return new Modify(src, where, returning, "UPDATE") {
      @Override
      Object[] change(Exec ex, Env env, byte[] key, Object[] old) {
        Object[] row = old.clone();
        Object[] match = from == null ? null : from.match(env);
        for (int i = 0; i < slots.size(); i++) {
          int fi = fromIndex.get(i);
          row[slots.get(i)] = fi >= 0 ? match[fi] : values.get(i).eval(env);
        }
        RowWriter.check(ex, t, row);
        RowWriter.update(ex, t, key, old, row);
        return row;
      }
    };
  }

  static Stmt delete(Compiler c, Delete del, Scope root) {
    if (del.getJoins() != null && !del.getJoins().isEmpty()) {
      throw SqlException.unsupported("DELETE … JOIN");
    }
    List<net.sf.jsqlparser.statement.select.FromItem> using = del.getUsingFromItemList();
    boolean joined = using != null && !using.isEmpty();
    Table table = del.getTable();
    TableDef t = target(c, table);
    TableSource src = new TableSource(alias(table), t, c.catalog().oidOf(t.id));
    Scope scope = new Scope(new ArrayList<>(src.cols), root);
    ExprCompiler ec = new ExprCompiler(c, scope, null);
    Expr where;
    if (joined) {
      List<net.sf.jsqlparser.statement.select.Join> rest = new ArrayList<>();
      for (int i = 1; i < using.size(); i++) {
        net.sf.jsqlparser.statement.select.Join j = new net.sf.jsqlparser.statement.select.Join();
        j.setSimple(true);
        j.setFromItem(using.get(i));
        rest.add(j);
      }
      where =
          JoinedDml.compile(c, scope, alias(table), using.get(0), rest, del.getWhere(), List.of())
              .matches();
    } else {
      where = del.getWhere() == null ? null : ec.compile(del.getWhere());
    }
    src.plan(
        joined ? List.of() : Compiler.conjuncts(del.getWhere()),
        new ExprCompiler(c, Scope.empty(root), null));
    refuseStarWithFrom(joined, del.getReturningClause());
    Returning returning =
        del.getReturningClause() == null
            ? null
            : new Returning(c, del.getReturningClause(), src, scope);
    return new Modify(src, where, returning, "DELETE") {
      @Override
      Object[] change(Exec ex, Env env, byte[] key, Object[] old) {
        RowWriter.delete(ex, t, key, old);
        return old;
      }
    };
  }

  /** RETURNING * after FROM/USING includes the other tables' columns, which is not built. */
  private static void refuseStarWithFrom(
      boolean joined, net.sf.jsqlparser.statement.ReturningClause rc) {
    if (!joined || rc == null) {
      return;
    }
    for (SelectItem<?> si : rc) {
      if (si.getExpression() instanceof net.sf.jsqlparser.statement.select.AllColumns
          && !(si.getExpression() instanceof net.sf.jsqlparser.statement.select.AllTableColumns)) {
        throw SqlException.unsupported("RETURNING * with FROM or USING (name the columns)");
      }
    }
  }

  /**
   * Finds the rows to change, then for each: locks it, reads it again and re-checks WHERE (a
   * concurrent writer may have changed it while we waited), then changes it.
   */
  abstract static class Modify implements Stmt {
    final TableSource src;
    final Expr where;
    final Returning returning;
    final String verb;

    Modify(TableSource src, Expr where, Returning returning, String verb) {
      this.src = src;
      this.where = where;
      this.returning = returning;
      this.verb = verb;
    }

    abstract Object[] change(Exec ex, Env env, byte[] key, Object[] old);

    @Override
    public void explain(List<String> out) {
      out.add(verb.charAt(0) + verb.substring(1).toLowerCase() + " on " + src.table.name);
      out.add("  -> " + Explain.line(src));
    }

    @Override
    public List<Field> fields() {
      return returning == null ? null : returning.fields;
    }

    @Override
    public Result run(Exec ex) {
      Env root = new Env(ex, null, new Object[0]);
      Env env = new Env(ex, root, null);
      List<byte[]> keys = new ArrayList<>();
      Iterator<TableSource.Keyed> it = src.fetchKeyed(env);
      while (it.hasNext()) {
        TableSource.Keyed k = it.next();
        env.row = k.row();
        if (where == null || Expr.isTrue(where.eval(env))) {
          keys.add(k.key());
        }
      }
      List<Object[]> out = new ArrayList<>();
      long count = 0;
      for (byte[] key : keys) {
        ex.checkCancel();
        ex.txn.lock(key);
        byte[] raw = ex.txn.get(key);
        if (raw == null) {
          continue;
        }
        Object[] old = src.table.decodeRow(raw);
        env.row = old;
        if (where != null && !Expr.isTrue(where.eval(env))) {
          continue;
        }
        Object[] row = change(ex, env, key, old);
        count++;
        if (returning != null) {
          out.add(returning.eval(new Env(ex, root, row)));
        }
      }
      String tag = verb + " " + count;
      return returning == null ? Result.command(tag) : Result.rows(returning.fields, out, tag);
    }
  }

  /**
   * The column an INSERT or UPDATE target names. A subscripted target ({@code a[1]}, {@code
   * a[1:2]}) would otherwise overwrite the whole array, so it is refused.
   */
  private static String assignedColumn(Column col) {
    if (col.getArrayConstructor() != null) {
      throw SqlException.unsupported("assignment to an array element or slice");
    }
    return ExprCompiler.unquote(col.getColumnName());
  }
}
