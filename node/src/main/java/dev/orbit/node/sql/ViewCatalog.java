package dev.orbit.node.sql;

import java.util.List;

/**
 * User views as the catalogs show them: pg_class (relkind 'v'), pg_attribute, pg_views,
 * information_schema.views/tables/columns, pg_rewrite (each view's _RETURN rule) and pg_depend (the
 * rule depends on what the view reads, so pg_dump writes a view after its tables), and
 * pg_get_viewdef.
 */
final class ViewCatalog {
  private ViewCatalog() {}

  /** Rule oids sit above every relation oid Orbit hands out. */
  private static final long RULE_OID_BASE = 1_000_000_000L;

  private static final long PG_REWRITE = 2618;

  static void define() {
    SystemTables.def(
        "pg_catalog",
        "pg_rewrite",
        2618,
        "oid:oid rulename:name ev_class:oid ev_type:char ev_enabled:char is_instead:bool",
        ex -> {
          List<Object[]> r = new java.util.ArrayList<>();
          for (ViewDef v : ex.catalog().views(ex.db())) {
            long oid = oid(ex, v);
            r.add(new Object[] {RULE_OID_BASE + oid, "_RETURN", oid, "1", "O", true});
          }
          return r;
        });
    SystemTables.def(
        "pg_catalog",
        "pg_views",
        12000,
        "schemaname:name viewname:name viewowner:name definition:text",
        ex -> {
          List<Object[]> r = new java.util.ArrayList<>();
          String owner = SystemTables.roleName(ex, 10);
          for (ViewDef v : ex.catalog().views(ex.db())) {
            r.add(new Object[] {"public", v.name, owner, definition(ex, v)});
          }
          return r;
        });
    SystemTables.def(
        "information_schema",
        "views",
        13004,
        "table_catalog table_schema table_name view_definition check_option is_updatable"
            + " is_insertable_into is_trigger_updatable is_trigger_deletable"
            + " is_trigger_insertable_into",
        ex -> {
          List<Object[]> r = new java.util.ArrayList<>();
          for (ViewDef v : ex.catalog().views(ex.db())) {
            r.add(
                new Object[] {
                  ex.db(), "public", v.name, definition(ex, v), "NONE", "NO", "NO", "NO", "NO", "NO"
                });
          }
          return r;
        });
  }

  static long oid(Exec ex, ViewDef v) {
    return ex.catalog().oidOf(v.id);
  }

  /**
   * pg_get_viewdef's text, led by a space and ended by a semicolon: the query as written when its
   * output columns are the view's, else the query wrapped to name exactly the view's columns (a
   * column list given to CREATE VIEW, or columns a table gained after {@code *} was expanded).
   */
  static String definition(Exec ex, ViewDef v) {
    List<String> natural;
    try {
      Compiler c = new Compiler(ex.session, new int[0]);
      var select = (net.sf.jsqlparser.statement.select.Select) Parser.jsql(v.sql);
      natural =
          c.isolated(() -> c.query(select, Scope.empty(null))).fields().stream()
              .map(Field::name)
              .toList();
    } catch (SqlException e) {
      natural = List.of(); // what it reads is gone: show the wrapped form, which names them
    }
    if (natural.equals(v.columns)) {
      return " " + v.sql + ";";
    }
    StringBuilder names = new StringBuilder();
    for (String col : v.columns) {
      names.append(names.length() > 0 ? ", " : "").append(quote(col));
    }
    return " SELECT " + names + " FROM (" + v.sql + ") AS " + quote(v.name) + "(" + names + ");";
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"'; // always: a column may be called select
  }

  /** pg_get_viewdef(oid | name): the definition, or null for a relation that is no view. */
  static String viewdef(Exec ex, Object arg) {
    for (ViewDef v : ex.catalog().views(ex.db())) {
      if (arg instanceof String s
          ? v.name.equals(Views.plain(s))
          : Values.asLong(arg) == oid(ex, v)) {
        return definition(ex, v);
      }
    }
    return null;
  }

  static void classRows(Exec ex, List<Object[]> r) {
    for (ViewDef v : ex.catalog().views(ex.db())) {
      Object[] row =
          SystemTables.classRow(
              oid(ex, v), v.name, SystemTables.NS_PUBLIC, 0L, false, "v", v.columns.size());
      row[19] = true; // relhasrules: its _RETURN rule
      r.add(row);
    }
  }

  static void attributeRows(Exec ex, List<Object[]> r) {
    for (ViewDef v : ex.catalog().views(ex.db())) {
      for (int i = 0; i < v.columns.size(); i++) {
        ColumnDef c = new ColumnDef(0, v.columns.get(i), v.type(i), v.typmods.get(i));
        r.add(SystemTables.attRow(oid(ex, v), c, i + 1));
      }
    }
  }

  /** information_schema.tables rows. */
  static void tableRows(Exec ex, List<Object[]> r) {
    for (ViewDef v : ex.catalog().views(ex.db())) {
      r.add(
          new Object[] {
            ex.db(), "public", v.name, "VIEW", null, null, null, null, null, "NO", "NO", null
          });
    }
  }

  /** information_schema.columns rows. */
  static void columnRows(Exec ex, List<Object[]> r) {
    for (ViewDef v : ex.catalog().views(ex.db())) {
      for (int i = 0; i < v.columns.size(); i++) {
        PgType t = v.type(i);
        int typmod = v.typmods.get(i);
        boolean chars = t == PgType.VARCHAR || t == PgType.BPCHAR;
        r.add(
            new Object[] {
              ex.db(),
              "public",
              v.name,
              v.columns.get(i),
              (long) i + 1,
              null,
              "YES",
              t.isArray() ? "ARRAY" : t.sqlName,
              chars && typmod >= 0 ? (Long) (long) typmod : null,
              null,
              t == PgType.NUMERIC && typmod >= 0
                  ? (Long) (long) (typmod >> 16)
                  : t.isInteger() ? (Long) (long) (t.typlen * 8) : null,
              t == PgType.NUMERIC ? (Long) 10L : t.isInteger() ? (Long) 2L : null,
              t == PgType.NUMERIC && typmod >= 0
                  ? (Long) (long) (typmod & 0xFFFF)
                  : t.isInteger() ? (Long) 0L : null,
              null,
              ex.db(),
              "pg_catalog",
              t.typname,
              "NO",
              "NEVER",
              "NO"
            });
      }
    }
  }

  /** pg_depend: each view's rule depends on what the view reads, and internally on the view. */
  static void dependRows(Exec ex, List<Object[]> r) {
    Catalog cat = ex.catalog();
    for (ViewDef v : cat.views(ex.db())) {
      long oid = oid(ex, v);
      long rule = RULE_OID_BASE + oid;
      r.add(new Object[] {PG_REWRITE, rule, 0L, DumpCatalog.PG_CLASS, oid, 0L, "i"});
      for (String d : v.dependsOn) {
        TableDef t = cat.find(ex.db(), d);
        ViewDef dv = cat.view(ex.db(), d);
        Long ref = t != null ? (Long) t.oid : dv != null ? (Long) oid(ex, dv) : null;
        if (ref != null) {
          r.add(new Object[] {PG_REWRITE, rule, 0L, DumpCatalog.PG_CLASS, ref, 0L, "n"});
        }
      }
    }
  }
}
