package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * CREATE [OR REPLACE] VIEW and DROP VIEW, and reading a view: its stored query compiled in place of
 * the name, with the columns it had when it was created. Views are read-only: writing through one
 * is refused (0A000), and what a view reads cannot be dropped or renamed under it (2BP01).
 */
final class Views {
  private Views() {}

  private static final String NAME = "(?:\"[^\"]+\"|[\\w$]+)";
  private static final Pattern CREATE =
      Pattern.compile(
          "(?is)CREATE\\s+(OR\\s+REPLACE\\s+)?((?:TEMP|TEMPORARY)\\s+)?(RECURSIVE\\s+)?VIEW\\s+("
              + NAME
              + "(?:\\s*\\.\\s*"
              + NAME
              + ")?)\\s*(\\(([^()]*)\\))?\\s*(WITH\\s*\\([^()]*\\)\\s*)?AS\\s+(.*?)"
              + "(\\s+WITH\\s+(?:CASCADED\\s+|LOCAL\\s+)?CHECK\\s+OPTION)?\\s*");

  /** Views nested deeper than this are taken for a cycle. */
  private static final int MAX_DEPTH = 64;

  static Stmt create(Parser.Parsed p) {
    Matcher m = CREATE.matcher(p.text());
    if (!m.matches()) {
      throw SqlException.syntax("syntax error in CREATE VIEW");
    }
    if (m.group(2) != null) {
      throw SqlException.unsupported("temporary views");
    }
    if (m.group(3) != null) {
      throw SqlException.unsupported("CREATE RECURSIVE VIEW");
    }
    if (m.group(7) != null) {
      throw SqlException.unsupported("view options (WITH ( … ))");
    }
    if (m.group(9) != null) {
      throw SqlException.unsupported("WITH CHECK OPTION (views are read-only)");
    }
    boolean replace = m.group(1) != null;
    String name = plain(m.group(4));
    List<String> names = new ArrayList<>();
    if (m.group(6) != null) {
      for (String c : m.group(6).split(",")) {
        names.add(ExprCompiler.unquote(c.trim()));
      }
    }
    String sql = m.group(8).trim();
    Statement st = Parser.jsql(sql);
    if (!(st instanceof Select)) {
      throw SqlException.syntax("syntax error at or near \"" + sql.split("\\s+")[0] + "\"");
    }
    return Ddl.command(
        "CREATE VIEW",
        ex -> {
          Catalog cat = ex.catalog();
          synchronized (cat) {
            ViewDef old = cat.view(ex.db(), name);
            if (old == null && cat.relationExists(ex.db(), name)) {
              throw new SqlException("42P07", "relation \"" + name + "\" already exists");
            }
            if (old != null && !replace) {
              throw new SqlException("42P07", "relation \"" + name + "\" already exists");
            }
            ViewDef v = define(ex, name, names, sql, (Select) Parser.jsql(sql));
            if (old != null) {
              checkReplacement(old, v);
              v.id = old.id;
              v.comment = old.comment;
              SchemaUndo.keptOnRollback(ex, "CREATE OR REPLACE VIEW");
            } else {
              v.id = cat.newId();
            }
            cat.saveView(ex.db(), v);
            if (old == null) {
              SchemaUndo.createdView(ex, v.id);
            }
          }
        });
  }

  /** Compiles the query to fix the view's columns and records what it reads. */
  private static ViewDef define(
      Exec ex, String name, List<String> names, String sql, Select select) {
    Compiler c = new Compiler(ex.session, new int[0]);
    Query q = c.isolated(() -> c.query(select, Scope.empty(null)));
    if (c.paramCount > 0) {
      throw new SqlException("42P02", "there is no parameter $1");
    }
    List<Field> fields = q.fields();
    if (names.size() > fields.size()) {
      throw new SqlException("42601", "CREATE VIEW specifies more column names than columns");
    }
    ViewDef v = new ViewDef();
    v.name = name;
    v.sql = sql;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      String col = i < names.size() ? names.get(i) : f.name();
      if (!seen.add(col)) {
        throw new SqlException("42701", "column \"" + col + "\" specified more than once");
      }
      v.columns.add(col);
      v.types.add((f.type() == PgType.UNKNOWN ? PgType.TEXT : f.type()).oid);
      v.typmods.add(f.typmod());
    }
    Set<String> deps = new LinkedHashSet<>();
    for (String t : new TablesNamesFinder<Void>().getTables((Statement) select)) {
      String[] parts = t.split("\\.");
      String rel = ExprCompiler.unquote(parts[parts.length - 1]);
      if (parts.length > 1 && !ExprCompiler.unquote(parts[0]).equals("public")) {
        continue; // pg_catalog / information_schema: always there
      }
      if (ex.catalog().find(ex.db(), rel) != null || ex.catalog().view(ex.db(), rel) != null) {
        deps.add(rel);
      }
    }
    if (deps.contains(name)) {
      throw new SqlException(
          "42P17", "infinite recursion detected in rules for relation \"" + name + "\"");
    }
    v.dependsOn = new ArrayList<>(deps);
    return v;
  }

  /** OR REPLACE keeps the old columns (names and types, in order) and may only add more. */
  private static void checkReplacement(ViewDef old, ViewDef v) {
    if (v.columns.size() < old.columns.size()) {
      throw new SqlException("42P16", "cannot drop columns from view");
    }
    for (int i = 0; i < old.columns.size(); i++) {
      if (!old.columns.get(i).equals(v.columns.get(i))) {
        throw new SqlException(
                "42P16",
                "cannot change name of view column \""
                    + old.columns.get(i)
                    + "\" to \""
                    + v.columns.get(i)
                    + "\"")
            .withHint(
                "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
      }
      if (!old.types.get(i).equals(v.types.get(i))
          || !old.typmods.get(i).equals(v.typmods.get(i))) {
        throw new SqlException(
            "42P16",
            "cannot change data type of view column \""
                + old.columns.get(i)
                + "\" from "
                + old.type(i).sqlName
                + " to "
                + v.type(i).sqlName);
      }
    }
  }

  static Stmt drop(Parser.Parsed p) {
    String[] w = p.words();
    boolean ifExists = p.word(2).equals("IF") && p.word(3).equals("EXISTS");
    boolean cascade = false;
    List<String> names = new ArrayList<>();
    for (int i = ifExists ? 4 : 2; i < w.length; i++) {
      String u = p.word(i);
      if (u.equals("CASCADE")) {
        cascade = true;
      } else if (!u.equals(",") && !u.equals("RESTRICT")) {
        names.add(plain(w[i]));
      }
    }
    if (names.isEmpty()) {
      throw SqlException.syntax("syntax error at end of input");
    }
    boolean cascading = cascade;
    return Ddl.command(
        "DROP VIEW",
        ex -> {
          Catalog cat = ex.catalog();
          synchronized (cat) {
            for (String n : names) {
              if (cat.view(ex.db(), n) == null) {
                if (cat.find(ex.db(), n) != null) {
                  throw new SqlException("42809", "\"" + n + "\" is not a view")
                      .withHint("Use DROP TABLE to remove a table.");
                }
                if (!ifExists) {
                  throw new SqlException("42P01", "view \"" + n + "\" does not exist");
                }
              }
            }
            for (String n : names) {
              if (cat.view(ex.db(), n) == null) {
                ex.session.notice("view \"" + n + "\" does not exist, skipping");
                continue;
              }
              dropDependents(ex, "view", n, cascading, new HashSet<>(names));
              cat.dropView(ex.db(), n);
            }
          }
        });
  }

  /**
   * Before {@code relation} goes: with CASCADE drops the views reading it (and theirs), else fails
   * with 2BP01 as PostgreSQL does. Views named in {@code dropping} go anyway and do not count.
   */
  static void dropDependents(
      Exec ex, String kind, String relation, boolean cascade, Set<String> dropping) {
    List<ViewDef> deps = dependents(ex, relation);
    deps.removeIf(v -> dropping.contains(v.name));
    if (deps.isEmpty()) {
      return;
    }
    if (!cascade) {
      StringBuilder detail = new StringBuilder();
      for (ViewDef v : deps) {
        detail.append(detail.length() > 0 ? "\n" : "");
        detail.append("view ").append(v.name).append(" depends on ").append(kind);
        detail.append(' ').append(relation);
      }
      throw new SqlException(
              "2BP01",
              "cannot drop " + kind + " " + relation + " because other objects depend on it",
              detail.toString())
          .withHint("Use DROP ... CASCADE to drop the dependent objects too.");
    }
    for (ViewDef v : deps) {
      if (ex.catalog().view(ex.db(), v.name) != null) {
        dropDependents(ex, "view", v.name, true, dropping);
        ex.session.notice("drop cascades to view " + v.name);
        ex.catalog().dropView(ex.db(), v.name);
      }
    }
  }

  /** The views that read {@code relation} directly. */
  static List<ViewDef> dependents(Exec ex, String relation) {
    List<ViewDef> out = new ArrayList<>();
    for (ViewDef v : ex.catalog().views(ex.db())) {
      if (v.dependsOn.contains(relation)) {
        out.add(v);
      }
    }
    return out;
  }

  /** Refuses a change (rename, dropping or retyping a column) to a relation views read. */
  static void refuseChangeUnder(Exec ex, String relation, String change) {
    List<ViewDef> deps = dependents(ex, relation);
    if (!deps.isEmpty()) {
      throw SqlException.unsupported(
          change + " of \"" + relation + "\", which view \"" + deps.get(0).name + "\" reads");
    }
  }

  /** A view in FROM: its query (compiled without the outer query's WITH names) as a subquery. */
  static Source source(Compiler c, ViewDef v, String alias, List<String> aliasColumns) {
    if (++c.viewDepth > MAX_DEPTH) {
      throw new SqlException(
          "42P17", "infinite recursion detected in rules for relation \"" + v.name + "\"");
    }
    Query q;
    try {
      Select select = (Select) Parser.jsql(v.sql);
      q = c.isolated(() -> c.query(select, Scope.empty(null)));
    } finally {
      c.viewDepth--;
    }
    int n = v.columns.size();
    if (q.fields().size() < n) {
      throw new SqlException(
          "XX000", "view \"" + v.name + "\" no longer matches the relations it reads");
    }
    if (aliasColumns.size() > n) {
      throw new SqlException(
          "42P10",
          "table \""
              + alias
              + "\" has "
              + n
              + " columns available but "
              + aliasColumns.size()
              + " columns specified");
    }
    List<Scope.Col> cols = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String col = i < aliasColumns.size() ? aliasColumns.get(i) : v.columns.get(i);
      cols.add(new Scope.Col(alias, col, v.type(i), 0, 0, v.typmods.get(i)));
    }
    Source s =
        new Source.Materialized(alias, cols) {
          @Override
          List<Object[]> compute(Env env) {
            List<Object[]> rows = q.rows(env.outer);
            if (q.fields().size() == n) {
              return rows;
            }
            List<Object[]> out = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
              out.add(java.util.Arrays.copyOf(r, n)); // columns added to a table after the view
            }
            return out;
          }
        };
    s.stable = true;
    return s;
  }

  /** A relation name, possibly qualified with public. */
  static String plain(String qualified) {
    return SequenceDef.plainName(
        java.util.Arrays.asList(qualified.replaceAll("\\s+", "").split("(?=\\.)")));
  }

  /** The 0A000 for writing through a view. */
  static SqlException notUpdatable(String view, String what) {
    return SqlException.unsupported(
        what + " on view \"" + view + "\" (updatable views are not supported)");
  }
}
