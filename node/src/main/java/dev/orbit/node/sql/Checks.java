package dev.orbit.node.sql;

import dev.orbit.node.storage.MergedScan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * CHECK constraints as PostgreSQL 15 has them: names it would choose, its refusals, enforcement on
 * every written row (after NOT NULL, in name order) and validation of existing rows on ALTER.
 */
final class Checks {
  private Checks() {}

  /** One CHECK constraint: its name and its expression, stored with unqualified column names. */
  public static final class CheckDef {
    public String name;
    public String sql;

    public CheckDef() {}

    CheckDef(String name, String sql) {
      this.name = name;
      this.sql = sql;
    }
  }

  /**
   * Adds a CHECK constraint over {@code t}'s columns (all defined already); {@code name} null
   * chooses PostgreSQL's name. {@code inCreate} selects CREATE TABLE's duplicate-name message.
   */
  static CheckDef add(Exec ex, TableDef t, String name, String exprSql, boolean inCreate) {
    Expression e = parse(exprSql);
    Set<String> vars = normalise(t, e, null, null);
    compile(ex, t, e); // names, types and refusals are checked now, not at the first write
    String n = name == null ? null : ExprCompiler.unquote(name);
    if (n == null) {
      String base = t.name + "_" + (vars.size() == 1 ? vars.iterator().next() + "_" : "");
      n = base + "check";
      for (int pass = 1; taken(t, n); pass++) {
        n = base + "check" + pass;
      }
    } else if (taken(t, n)) {
      throw new SqlException(
          "42710",
          inCreate
              ? "check constraint \"" + n + "\" already exists"
              : "constraint \"" + n + "\" for relation \"" + t.name + "\" already exists");
    }
    CheckDef c = new CheckDef(n, e.toString());
    t.checks.add(c);
    return c;
  }

  private static boolean taken(TableDef t, String name) {
    return t.checks.stream().anyMatch(c -> c.name.equals(name))
        || t.indexes.stream().anyMatch(ix -> ix.name.equals(name))
        || t.hasPrimaryKey() && name.equals(t.name + "_pkey");
  }

  /** Fails with 23514 when {@code row} (already coerced, NOT NULL checked) breaks a CHECK. */
  static void verify(Exec ex, TableDef t, Object[] row) {
    if (t.checks.isEmpty()) {
      return;
    }
    Env env = new Env(ex, null, row);
    for (Compiled c : compiled(ex, t)) {
      if (Boolean.FALSE.equals(c.expr.eval(env))) {
        throw new SqlException(
            "23514",
            "new row for relation \"" + t.name + "\" violates check constraint \"" + c.name + "\"",
            failingRow(t, row));
      }
    }
  }

  /** ALTER TABLE ADD CONSTRAINT: every stored row must satisfy the new constraint. */
  static void validate(Exec ex, TableDef t, CheckDef def) {
    Expr x = compile(ex, t, parse(def.sql));
    byte[] p = t.rowPrefix();
    try (MergedScan s = ex.catalog().store().scan(p, Bytes.prefixEnd(p))) {
      while (s.hasNext()) {
        ex.session.checkCancel();
        Object[] row = t.decodeRow(s.next().value());
        if (Boolean.FALSE.equals(x.eval(new Env(ex, null, row)))) {
          throw new SqlException(
              "23514",
              "check constraint \""
                  + def.name
                  + "\" of relation \""
                  + t.name
                  + "\" is violated by some row");
        }
      }
    }
  }

  /** DROP COLUMN: constraints reading the column go with it, as in PostgreSQL. */
  static void dropColumn(TableDef t, String column) {
    t.checks.removeIf(c -> normalise(t, parse(c.sql), null, null).contains(column));
  }

  /** RENAME COLUMN: the constraints' text follows the new name. */
  static void renameColumn(TableDef t, String from, String to) {
    for (CheckDef c : t.checks) {
      Expression e = parse(c.sql);
      normalise(t, e, from, to);
      c.sql = e.toString();
    }
  }

  /** ALTER TABLE DROP CONSTRAINT on a CHECK; false when {@code t} has no CHECK of that name. */
  static boolean drop(TableDef t, String name) {
    return t.checks.removeIf(c -> c.name.equals(name));
  }

  static String failingRow(TableDef t, Object[] row) {
    List<String> vals = new ArrayList<>();
    for (int i = 0; i < row.length; i++) {
      String s = Values.toText(row[i], t.columns.get(i).type);
      vals.add(s == null ? "null" : s);
    }
    return "Failing row contains (" + String.join(", ", vals) + ").";
  }

  private record Compiled(String name, Expr expr) {}

  /** The table's constraints compiled once per statement (a TableDef is replaced on ALTER). */
  @SuppressWarnings("unchecked")
  private static List<Compiled> compiled(Exec ex, TableDef t) {
    Object key = t.checks;
    List<Compiled> out = (List<Compiled>) ex.cache.get(key);
    if (out == null) {
      out = new ArrayList<>();
      for (CheckDef c : t.checks) {
        out.add(new Compiled(c.name, compile(ex, t, parse(c.sql))));
      }
      out.sort(Comparator.comparing(Compiled::name)); // PostgreSQL checks in name order
      ex.cache.put(key, out);
    }
    return out;
  }

  private static Expr compile(Exec ex, TableDef t, Expression e) {
    List<Scope.Col> cols = new ArrayList<>();
    for (int i = 0; i < t.columns.size(); i++) {
      ColumnDef c = t.columns.get(i);
      cols.add(new Scope.Col(t.name, c.name, c.type, t.oid, i + 1, c.typmod));
    }
    Expr x;
    try {
      x =
          new ExprCompiler(new Compiler(ex.session, new int[0]), new Scope(cols, null), null)
              .compile(e);
    } catch (SqlException err) {
      if (err.sqlState().equals("42803")) {
        throw new SqlException("42803", "aggregate functions are not allowed in check constraints");
      }
      throw err;
    }
    if (x.type != PgType.BOOL) {
      throw new SqlException(
          "42804", "argument of CHECK must be type boolean, not type " + x.type.sqlName);
    }
    return x;
  }

  private static Expression parse(String sql) {
    try {
      return CCJSqlParserUtil.parseCondExpression(sql);
    } catch (JSQLParserException e) {
      throw new SqlException("42601", "syntax error in CHECK constraint: " + sql);
    }
  }

  /**
   * Drops the table qualifier of column references (refusing other tables and subqueries), renames
   * {@code from} to {@code to} when given; returns the table's columns read.
   */
  private static Set<String> normalise(TableDef t, Expression e, String from, String to) {
    Set<String> vars = new LinkedHashSet<>();
    e.accept(
        new ExpressionVisitorAdapter<Void>() {
          @Override
          public <S> Void visit(Column c, S context) {
            if (c.getTable() != null && c.getTable().getName() != null) {
              String q = ExprCompiler.unquote(c.getTable().getName());
              if (!q.equals(t.name)) {
                throw new SqlException(
                    "42P01", "missing FROM-clause entry for table \"" + q + "\"");
              }
              c.setTable(null);
            }
            String n = ExprCompiler.unquote(c.getColumnName());
            if (from != null && n.equals(from)) {
              n = to;
              c.setColumnName(quoteIfNeeded(to));
            }
            if (t.position(n) >= 0) {
              vars.add(n);
            }
            return null;
          }

          @Override
          public <S> Void visit(ParenthesedSelect s, S context) {
            throw new SqlException("0A000", "cannot use subquery in check constraint");
          }

          @Override
          public <S> Void visit(Select s, S context) {
            throw new SqlException("0A000", "cannot use subquery in check constraint");
          }
        },
        null);
    return vars;
  }

  private static String quoteIfNeeded(String name) {
    return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
