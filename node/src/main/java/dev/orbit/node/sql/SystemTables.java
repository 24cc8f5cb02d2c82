package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.sf.jsqlparser.expression.Expression;

/**
 * The virtual pg_catalog and information_schema, computed from the live catalog when a query reads
 * them, so client queries (psql's \d family, pgjdbc metadata) are evaluated, not matched.
 */
final class SystemTables {
  static final long NS_CATALOG = 11;
  static final long NS_PUBLIC = 2200;
  static final long NS_INFO = 13000;
  private static final long PK_OID_BASE = 1_000_000_000L;

  /** The role pg_database_owner, owner of the public schema (as in PostgreSQL 15). */
  static final long DB_OWNER_ROLE = 6171;

  private static final String PUBLIC_ACL =
      "{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner}";

  /** A virtual relation: columns and how to compute its rows. */
  record View(
      String schema,
      String name,
      long oid,
      List<Scope.Col> cols,
      Function<Exec, List<Object[]>> rows) {}

  private static final Map<String, View> VIEWS = new LinkedHashMap<>();

  static void def(
      String schema, String name, long oid, String columns, Function<Exec, List<Object[]>> rows) {
    List<Scope.Col> cols = new ArrayList<>();
    for (String c : columns.trim().split("\\s+")) {
      String[] p = c.split(":");
      PgType t = p.length > 1 ? PgType.byName(p[1]) : PgType.TEXT;
      cols.add(new Scope.Col(name, p[0], t, oid, cols.size() + 1, -1));
    }
    VIEWS.put(schema + "." + name, new View(schema, name, oid, cols, rows));
  }

  static Function<Exec, List<Object[]>> none() {
    return ex -> List.of();
  }

  static View view(String schema, String name) {
    if (schema == null) {
      return VIEWS.get("pg_catalog." + name);
    }
    return VIEWS.get(schema + "." + name);
  }

  /** A FROM item reading a view, computed once per statement. */
  static final class ViewSource extends Source.Materialized {
    final View view;

    ViewSource(String alias, View v) {
      super(alias, requalify(alias, v));
      this.view = v;
    }

    /** The view's columns, then the system column tableoid (attnum -6: not part of *). */
    private static List<Scope.Col> requalify(String alias, View v) {
      List<Scope.Col> out = new ArrayList<>();
      for (Scope.Col c : v.cols()) {
        out.add(new Scope.Col(alias, c.name(), c.type(), c.tableOid(), c.attnum(), c.typmod()));
      }
      out.add(new Scope.Col(alias, "tableoid", PgType.OID, v.oid(), -6, -1));
      return out;
    }

    @Override
    List<Object[]> compute(Env env) {
      List<Object[]> rows = view.rows().apply(env.exec);
      int n = view.cols().size();
      List<Object[]> out = new ArrayList<>(rows.size());
      for (Object[] r : rows) {
        Object[] x = java.util.Arrays.copyOf(r, n + 1);
        x[n] = view.oid();
        out.add(x);
      }
      return out;
    }
  }

  /**
   * A sequence read as a relation ({@code SELECT last_value, is_called FROM s}, as pg_dump does):
   * one row of its current state, or null when {@code name} is no sequence of the database.
   */
  static Source sequenceSource(Catalog cat, String db, String schema, String name, String alias) {
    if ((schema != null && !schema.equals("public")) || !cat.hasSequence(db, name)) {
      return null;
    }
    long oid = seqOid(db, name);
    List<Scope.Col> cols =
        List.of(
            new Scope.Col(alias, "last_value", PgType.INT8, oid, 1, -1),
            new Scope.Col(alias, "log_cnt", PgType.INT8, oid, 2, -1),
            new Scope.Col(alias, "is_called", PgType.BOOL, oid, 3, -1));
    return new Source.Materialized(alias, cols) {
      @Override
      List<Object[]> compute(Env env) {
        SequenceDef d = env.exec.catalog().sequence(env.exec.db(), name);
        if (d == null) {
          throw SqlException.undefinedTable(name);
        }
        synchronized (d) {
          // log_cnt counts values PostgreSQL logged ahead in its WAL: Orbit reserves none that way
          return List.<Object[]>of(new Object[] {d.last, 0L, d.called});
        }
      }
    };
  }

  static Source functionSource(
      Compiler c,
      net.sf.jsqlparser.expression.Function f,
      net.sf.jsqlparser.expression.Alias as,
      Scope parent) {
    String alias = as == null ? null : ExprCompiler.unquote(as.getName());
    List<String> colNames =
        as == null || as.getAliasColumns() == null
            ? List.of()
            : as.getAliasColumns().stream()
                .map(x -> x.name.toLowerCase(java.util.Locale.ROOT))
                .toList();
    String name = f.getName().substring(f.getName().lastIndexOf('.') + 1).toLowerCase();
    if (name.equals("pg_options_to_table")) {
      return optionsSource(c, f, alias != null ? alias : name, parent);
    }
    if (name.equals("pg_partition_ancestors")) {
      return ancestorsSource(c, f, alias != null ? alias : name, colNames, false, parent);
    }
    if (!name.equals("generate_series") && !name.equals("unnest")) {
      throw SqlException.unsupported("the set-returning function " + name + " in FROM");
    }
    if (colNames.size() > 1) {
      throw new SqlException("42601", "too many column aliases specified for function " + name);
    }
    Scope scope = Scope.empty(parent);
    ExprCompiler ec = new ExprCompiler(c, scope, null);
    List<Expr> args = new ArrayList<>();
    for (Object o : f.getParameters()) {
      args.add(ec.compile((Expression) o));
    }
    String a = alias != null ? alias : name;
    String col = colNames.isEmpty() ? a : colNames.get(0);
    PgType element = name.equals("unnest") ? ArrayTypes.elementOf(args.get(0).type) : PgType.INT8;
    List<Scope.Col> cols = List.of(new Scope.Col(a, col, element, 0, 0, -1));
    return new Source.Materialized(a, cols) {
      @Override
      java.util.Iterator<Object[]> fetch(Env env) {
        return scope.correlated ? compute(env).iterator() : super.fetch(env);
      }

      @Override
      List<Object[]> compute(Env outer) {
        Env env = new Env(outer.exec, outer.outer, new Object[0]);
        if (name.equals("unnest")) {
          Object v = args.get(0).eval(env);
          List<Object[]> out = new ArrayList<>();
          if (v != null) {
            for (Object x : v instanceof List<?> l ? l : Functions.parseArray(v.toString())) {
              out.add(new Object[] {x == null ? null : Values.coerce(x, element, -1)});
            }
          }
          return out;
        }
        Object f0 = args.get(0).eval(env);
        Object f1 = args.get(1).eval(env);
        if (f0 == null || f1 == null) {
          return List.of();
        }
        long from = Values.asLong(f0);
        long to = Values.asLong(f1);
        long step = args.size() > 2 ? Values.asLong(args.get(2).eval(env)) : 1;
        if (step == 0) {
          throw new SqlException("22023", "step size cannot equal zero");
        }
        List<Object[]> out = new ArrayList<>();
        for (long v = from; step > 0 ? v <= to : v >= to; v += step) {
          out.add(new Object[] {v});
        }
        return out;
      }
    };
  }

  /** pg_partition_ancestors(regclass): the relation itself (Orbit has no partitions). */
  static Source ancestorsSource(
      Compiler c,
      net.sf.jsqlparser.expression.Function f,
      String a,
      List<String> names,
      boolean ordinality,
      Scope parent) {
    Scope scope = Scope.empty(parent);
    Expr arg =
        new ExprCompiler(c, scope, null)
            .compile(
                new net.sf.jsqlparser.expression.Function(
                    "pg_partition_ancestors", (Expression) f.getParameters().get(0)));
    List<Scope.Col> cols = new ArrayList<>();
    cols.add(new Scope.Col(a, names.isEmpty() ? "relid" : names.get(0), PgType.REGCLASS, 0, 0, -1));
    if (ordinality) {
      cols.add(
          new Scope.Col(a, names.size() > 1 ? names.get(1) : "ordinality", PgType.INT8, 0, 0, -1));
    }
    return new Source.Materialized(a, cols) {
      @Override
      java.util.Iterator<Object[]> fetch(Env env) {
        return compute(env).iterator();
      }

      @Override
      List<Object[]> compute(Env outer) {
        Object v = arg.eval(new Env(outer.exec, outer.outer, new Object[0]));
        return v == null
            ? List.of()
            : List.<Object[]>of(ordinality ? new Object[] {v, 1L} : new Object[] {v});
      }
    };
  }

  /** pg_options_to_table(text[]): the name=value pairs of an options array as rows. */
  private static Source optionsSource(
      Compiler c, net.sf.jsqlparser.expression.Function f, String a, Scope parent) {
    Scope scope = Scope.empty(parent);
    Expr arg = new ExprCompiler(c, scope, null).compile((Expression) f.getParameters().get(0));
    List<Scope.Col> cols =
        List.of(
            new Scope.Col(a, "option_name", PgType.TEXT, 0, 0, -1),
            new Scope.Col(a, "option_value", PgType.TEXT, 0, 0, -1));
    return new Source.Materialized(a, cols) {
      @Override
      java.util.Iterator<Object[]> fetch(Env env) {
        return compute(env).iterator();
      }

      @Override
      List<Object[]> compute(Env outer) {
        Object v = arg.eval(new Env(outer.exec, outer.outer, new Object[0]));
        List<Object[]> out = new ArrayList<>();
        if (v != null) {
          for (Object o : v instanceof List<?> l ? l : Functions.parseArray(v.toString())) {
            String kv = String.valueOf(o);
            int eq = kv.indexOf('=');
            out.add(
                eq < 0
                    ? new Object[] {kv, null}
                    : new Object[] {kv.substring(0, eq), kv.substring(eq + 1)});
          }
        }
        return out;
      }
    };
  }

  // ---- helpers over the live schema ----

  static long pkOid(TableDef t) {
    return PK_OID_BASE + t.oid;
  }

  static long indexOid(Catalog cat, IndexDef ix) {
    return cat.oidOf(ix.id);
  }

  static long seqOid(String db, String name) {
    return 2_000_000_000L + Math.floorMod((db + "\0" + name).hashCode(), 100_000_000);
  }

  static String sequenceByOid(Exec ex, long oid) {
    for (String s : ex.catalog().sequenceNames(ex.db())) {
      if (seqOid(ex.db(), s) == oid) {
        return s;
      }
    }
    return null;
  }

  /** The pg_attrdef oid of column {@code i}'s default. */
  static long attrdefOid(TableDef t, int i) {
    return 3_000_000_000L + t.oid * 100 + i;
  }

  /** The pg_constraint oid of {@code t}'s CHECK number {@code i}. */
  static long checkOid(TableDef t, int i) {
    return 4_000_000_000L + t.oid * 1000 + i;
  }

  private static Object[] checkRow(TableDef t, int i) {
    Checks.CheckDef c = t.checks.get(i);
    List<Object> key = new ArrayList<>();
    for (String col : Checks.columnsRead(t, c)) {
      key.add((long) t.position(col) + 1);
    }
    return new Object[] {
      checkOid(t, i),
      c.name,
      NS_PUBLIC,
      "c",
      false,
      false,
      true,
      t.oid,
      0L,
      0L,
      0L,
      0L,
      " ",
      " ",
      " ",
      true,
      0L,
      false,
      key,
      null,
      null,
      null,
      null,
      null,
      c.sql
    };
  }

  /** pg_type.typcategory as PostgreSQL 15 has it (A for every array type). */
  private static String typcategory(PgType t) {
    if (t.isArray()) {
      return "A";
    }
    var known = dev.orbit.node.sql.types.PgType.byOid(t.oid);
    return known != null
        ? String.valueOf(known.category)
        : t.isNumeric() ? "N" : t.isText() ? "S" : "U";
  }

  private static boolean typispreferred(PgType t) {
    var known = dev.orbit.node.sql.types.PgType.byOid(t.oid);
    return known != null && known.preferred;
  }

  /** An array's alignment: its element's when that is 8 bytes wide, else int alignment. */
  private static String arrayAlign(PgType t) {
    return t.element().typlen == 8 ? "d" : "i";
  }

  /** typcollation/attcollation: text types and arrays of them are collatable (name: C). */
  private static long collation(PgType t) {
    if (t.isArray()) {
      PgType e = t.element();
      return e == PgType.NAME
          ? 950L
          : e == PgType.TEXT || e == PgType.VARCHAR || e == PgType.BPCHAR ? 100L : 0L;
    }
    return t.isText() ? 100L : 0L;
  }

  static int pgTypmod(ColumnDef c) {
    return c.typmod < 0 ? -1 : c.typmod + 4;
  }

  static String formatType(long oid, int pgTypmod) {
    PgType t = PgType.byOid((int) oid);
    if (t == null) {
      return "???";
    }
    if (t.isArray()) { // numeric(5,2)[]: an array's typmod is its element's
      return formatType(t.element().oid, pgTypmod) + "[]";
    }
    if (pgTypmod < 0) {
      return t.sqlName;
    }
    int m = pgTypmod - 4;
    if (t == PgType.NUMERIC) {
      return "numeric(" + (m >> 16) + "," + (m & 0xFFFF) + ")";
    }
    if (t == PgType.VARCHAR || t == PgType.BPCHAR) {
      return t.sqlName + "(" + m + ")";
    }
    return t.sqlName;
  }

  static Long regclass(Exec ex, String text) {
    String n = text.trim();
    if (n.matches("\\d{1,10}")) {
      return Long.parseLong(n); // a numeric OID reads as itself, as regclass input does
    }
    String schema = null;
    if (n.contains(".")) {
      schema = ExprCompiler.unquote(n.substring(0, n.indexOf('.')));
      n = n.substring(n.indexOf('.') + 1);
    }
    n = ExprCompiler.unquote(n);
    Catalog cat = ex.catalog();
    if (schema == null || schema.equals("public")) {
      TableDef t = cat.find(ex.db(), n);
      if (t != null) {
        return t.oid;
      }
      for (TableDef x : cat.tables(ex.db())) {
        if ((x.name + "_pkey").equals(n) && x.hasPrimaryKey()) {
          return pkOid(x);
        }
        IndexDef ix = x.index(n);
        if (ix != null) {
          return indexOid(cat, ix);
        }
      }
      if (cat.hasSequence(ex.db(), n)) {
        return seqOid(ex.db(), n);
      }
      ViewDef uv = cat.view(ex.db(), n);
      if (uv != null) {
        return cat.oidOf(uv.id);
      }
    }
    View v = view(schema == null ? "pg_catalog" : schema, n);
    if (v != null) {
      return v.oid();
    }
    throw SqlException.undefinedTable(text);
  }

  /** The name of the role with {@code oid}, numbered as pg_roles numbers them, or null. */
  static String roleName(Exec ex, long oid) {
    if (oid == DB_OWNER_ROLE) {
      return "pg_database_owner";
    }
    long next = 16010;
    for (String u : ex.session.engine.users()) {
      if (u.equals("orbit") ? oid == 10 : oid == next++) {
        return u;
      }
    }
    return null;
  }

  /** The name a reg* value prints as. */
  static String regName(Exec ex, PgType type, long oid) {
    if (type == PgType.REGNAMESPACE) {
      return oid == NS_CATALOG ? "pg_catalog" : oid == NS_INFO ? "information_schema" : "public";
    }
    if (type == PgType.REGTYPE) {
      PgType t = PgType.byOid((int) oid);
      return t == null ? String.valueOf(oid) : t.sqlName;
    }
    for (Object[] row : pgClass(ex)) {
      if (((Long) row[0]) == oid) {
        return (String) row[1];
      }
    }
    return String.valueOf(oid);
  }

  static String indexDef(Exec ex, long oid) {
    for (TableDef t : ex.catalog().tables(ex.db())) {
      if (t.hasPrimaryKey() && pkOid(t) == oid) {
        return "CREATE UNIQUE INDEX "
            + t.name
            + "_pkey ON public."
            + t.name
            + " USING btree ("
            + names(t, t.primaryKey)
            + ")";
      }
      for (IndexDef ix : t.indexes) {
        if (indexOid(ex.catalog(), ix) == oid) {
          return "CREATE "
              + (ix.unique ? "UNIQUE " : "")
              + "INDEX "
              + ix.name
              + " ON public."
              + t.name
              + " USING btree ("
              + names(t, ix.columns)
              + ")";
        }
      }
    }
    return null;
  }

  static String constraintDef(Exec ex, long oid) {
    for (TableDef t : ex.catalog().tables(ex.db())) {
      for (int i = 0; i < t.checks.size(); i++) {
        if (checkOid(t, i) == oid) {
          return CheckDeparse.constraintDef(t, t.checks.get(i));
        }
      }
      String fk = FkCatalog.constraintDef(ex, t, oid);
      if (fk != null) {
        return fk;
      }
      if (t.hasPrimaryKey() && pkOid(t) == oid) {
        return "PRIMARY KEY (" + names(t, t.primaryKey) + ")";
      }
      for (IndexDef ix : t.indexes) {
        if (ix.unique && indexOid(ex.catalog(), ix) == oid) {
          return "UNIQUE (" + names(t, ix.columns) + ")";
        }
      }
    }
    return null;
  }

  static String serialSequence(Exec ex, String table, String column) {
    TableDef t =
        ex.catalog().table(ex.db(), ExprCompiler.unquote(table.replaceFirst("^public\\.", "")));
    ColumnDef c = t.columns.get(t.positionOrThrow(column));
    if (c.defaultSql != null && c.defaultSql.startsWith("nextval('")) {
      return "public." + Catalog.sequenceOf(c.defaultSql);
    }
    return null;
  }

  private static String names(TableDef t, List<Integer> ids) {
    List<String> out = new ArrayList<>();
    for (int id : ids) {
      out.add(t.columns.get(t.positionOfId(id)).name);
    }
    return String.join(", ", out);
  }

  private static String keyList(TableDef t, List<Integer> ids) {
    List<String> out = new ArrayList<>();
    for (int id : ids) {
      out.add(String.valueOf(t.positionOfId(id) + 1));
    }
    return String.join(" ", out);
  }

  /** Index-like objects of a table: the primary key (if any), then secondary indexes. */
  record Ix(long oid, String name, List<Integer> cols, boolean unique, boolean primary) {}

  static List<Ix> indexes(Catalog cat, TableDef t) {
    List<Ix> out = new ArrayList<>();
    if (t.hasPrimaryKey()) {
      out.add(new Ix(pkOid(t), t.name + "_pkey", t.primaryKey, true, true));
    }
    for (IndexDef ix : t.indexes) {
      out.add(new Ix(indexOid(cat, ix), ix.name, ix.columns, ix.unique, false));
    }
    return out;
  }

  // ---- the views ----

  static {
    DumpCatalog.define();
    ViewCatalog.define();
    def(
        "pg_catalog",
        "pg_namespace",
        2615,
        "oid:oid nspname:name nspowner:oid nspacl:text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          r.add(new Object[] {NS_CATALOG, "pg_catalog", 10L, null});
          // as PostgreSQL 15 creates it: owned by pg_database_owner, usable by every role
          r.add(new Object[] {NS_PUBLIC, "public", DB_OWNER_ROLE, PUBLIC_ACL});
          r.add(new Object[] {NS_INFO, "information_schema", 10L, null});
          return r;
        });
    def(
        "pg_catalog",
        "pg_class",
        1259,
        "oid:oid relname:name relnamespace:oid reltype:oid reloftype:oid relowner:oid relam:oid"
            + " relfilenode:oid reltablespace:oid relpages:int4 reltuples:float4 relallvisible:int4"
            + " reltoastrelid:oid relhasindex:bool relisshared:bool relpersistence:char relkind:char"
            + " relnatts:int2 relchecks:int2 relhasrules:bool relhastriggers:bool relhassubclass:bool"
            + " relrowsecurity:bool relforcerowsecurity:bool relispopulated:bool relreplident:char"
            + " relispartition:bool relrewrite:oid relfrozenxid:int8 relminmxid:int8 relacl:text"
            + " reloptions:text relpartbound:text",
        SystemTables::pgClass);
    def(
        "pg_catalog",
        "pg_attribute",
        1249,
        "attrelid:oid attname:name atttypid:oid attstattarget:int4 attlen:int2 attnum:int2"
            + " attndims:int4 attcacheoff:int4 atttypmod:int4 attbyval:bool attalign:char"
            + " attstorage:char attcompression:char attnotnull:bool atthasdef:bool atthasmissing:bool"
            + " attidentity:char attgenerated:char attisdropped:bool attislocal:bool attinhcount:int4"
            + " attcollation:oid attacl:text attoptions:text attfdwoptions:text attmissingval:text",
        SystemTables::pgAttribute);
    def(
        "pg_catalog",
        "pg_type",
        1247,
        "oid:oid typname:name typnamespace:oid typowner:oid typlen:int2 typbyval:bool typtype:char"
            + " typcategory:char typispreferred:bool typisdefined:bool typdelim:char typrelid:oid"
            + " typelem:oid typarray:oid typinput:regproc typoutput:regproc typreceive:regproc"
            + " typsend:regproc typmodin:regproc typmodout:regproc typanalyze:regproc typalign:char"
            + " typstorage:char typnotnull:bool typbasetype:oid typtypmod:int4 typndims:int4"
            + " typcollation:oid typdefaultbin:text typdefault:text typacl:text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (PgType t : PgType.values()) {
            PgType array = PgType.arrayOf(t);
            r.add(
                new Object[] {
                  (long) t.oid,
                  t.typname,
                  NS_CATALOG,
                  10L,
                  (long) t.typlen,
                  t.typlen > 0 && t.typlen <= 8,
                  "b",
                  typcategory(t),
                  typispreferred(t),
                  true,
                  ",",
                  0L,
                  t.isArray() ? (long) t.element().oid : 0L,
                  array == null ? 0L : (long) array.oid,
                  0L,
                  0L,
                  0L,
                  0L,
                  0L,
                  0L,
                  0L,
                  t.isArray() ? arrayAlign(t) : "i",
                  t.isArray() ? "x" : "p",
                  false,
                  0L,
                  -1L,
                  0L,
                  collation(t),
                  null,
                  null,
                  null
                });
          }
          return r;
        });
    def(
        "pg_catalog",
        "pg_index",
        2610,
        "indexrelid:oid indrelid:oid indnatts:int2 indnkeyatts:int2 indisunique:bool"
            + " indnullsnotdistinct:bool indisprimary:bool indisexclusion:bool indimmediate:bool"
            + " indisclustered:bool indisvalid:bool indcheckxmin:bool indisready:bool indislive:bool"
            + " indisreplident:bool indkey:int2vector indcollation:oidvector indclass:oidvector"
            + " indoption:int2vector indexprs:text indpred:text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (TableDef t : ex.catalog().tables(ex.db())) {
            for (Ix ix : indexes(ex.catalog(), t)) {
              long n = ix.cols().size();
              r.add(
                  new Object[] {
                    ix.oid(),
                    t.oid,
                    n,
                    n,
                    ix.unique(),
                    false,
                    ix.primary(),
                    false,
                    true,
                    false,
                    true,
                    false,
                    true,
                    true,
                    false,
                    keyList(t, ix.cols()),
                    "0",
                    "0",
                    "0",
                    null,
                    null
                  });
            }
          }
          return r;
        });
    def(
        "pg_catalog",
        "pg_database",
        1262,
        "oid:oid datname:name datdba:oid encoding:int4 datlocprovider:char datistemplate:bool"
            + " datallowconn:bool datconnlimit:int4 datfrozenxid:int8 datminmxid:int8"
            + " dattablespace:oid datcollate:text datctype:text daticulocale:text datcollversion:text"
            + " datacl:text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          long oid = 16000;
          for (String d : ex.catalog().databaseNames()) {
            r.add(
                new Object[] {
                  oid++, d, 10L, 6L, "c", false, true, -1L, 0L, 0L, 1663L, "C", "C", null, null,
                  null
                });
          }
          return r;
        });
    def(
        "pg_catalog",
        "pg_settings",
        12001,
        "name setting unit category short_desc extra_desc context vartype source min_val max_val"
            + " enumvals boot_val reset_val sourcefile sourceline:int4 pending_restart:bool",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (Map.Entry<String, String> e : ex.session.allSettings().entrySet()) {
            r.add(
                new Object[] {
                  e.getKey(),
                  e.getValue(),
                  null,
                  "",
                  "",
                  null,
                  "user",
                  "string",
                  "default",
                  null,
                  null,
                  null,
                  e.getValue(),
                  e.getValue(),
                  null,
                  null,
                  false
                });
          }
          return r;
        });
    def(
        "pg_catalog",
        "pg_tables",
        12002,
        "schemaname:name tablename:name tableowner:name tablespace:name hasindexes:bool"
            + " hasrules:bool hastriggers:bool rowsecurity:bool",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (TableDef t : ex.catalog().tables(ex.db())) {
            r.add(
                new Object[] {
                  "public",
                  t.name,
                  "orbit",
                  null,
                  !indexes(ex.catalog(), t).isEmpty(),
                  false,
                  false,
                  false
                });
          }
          return r;
        });
    def(
        "pg_catalog",
        "pg_indexes",
        12003,
        "schemaname:name tablename:name indexname:name tablespace:name indexdef:text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (TableDef t : ex.catalog().tables(ex.db())) {
            for (Ix ix : indexes(ex.catalog(), t)) {
              r.add(new Object[] {"public", t.name, ix.name(), null, indexDef(ex, ix.oid())});
            }
          }
          return r;
        });
    def(
        "pg_catalog",
        "pg_roles",
        12004,
        "rolname:name rolsuper:bool rolinherit:bool rolcreaterole:bool rolcreatedb:bool"
            + " rolcanlogin:bool rolreplication:bool rolconnlimit:int4 rolpassword:text"
            + " rolvaliduntil:timestamptz rolbypassrls:bool rolconfig:text oid:oid",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          long oid = 10;
          for (String u : ex.session.engine.users()) {
            boolean su = u.equals("orbit");
            r.add(
                new Object[] {
                  u,
                  su,
                  true,
                  su,
                  su,
                  true,
                  false,
                  -1L,
                  "********",
                  null,
                  su,
                  null,
                  su ? 10L : 16000 + oid++
                });
          }
          r.add(
              new Object[] {
                "pg_database_owner",
                false,
                true,
                false,
                false,
                false,
                false,
                -1L,
                "********",
                null,
                false,
                null,
                DB_OWNER_ROLE
              });
          return r;
        });
    def(
        "pg_catalog",
        "pg_user",
        12005,
        "usename:name usesysid:oid usecreatedb:bool usesuper:bool userepl:bool usebypassrls:bool"
            + " passwd:text valuntil:timestamptz useconfig:text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          long oid = 16000;
          for (String u : ex.session.engine.users()) {
            boolean su = u.equals("orbit");
            r.add(new Object[] {u, su ? 10L : oid++, su, su, false, su, "********", null, null});
          }
          return r;
        });
    def(
        "pg_catalog",
        "pg_description",
        2609,
        "objoid:oid classoid:oid objsubid:int4 description:text",
        Comments::descriptions);
    def(
        "pg_catalog",
        "pg_auth_members",
        1261,
        "oid:oid roleid:oid member:oid grantor:oid admin_option:bool inherit_option:bool set_option:bool",
        none());
    def("pg_catalog", "pg_shdescription", 2396, "objoid:oid classoid:oid description:text", none());
    def(
        "pg_catalog",
        "pg_am",
        2601,
        "oid:oid amname:name amhandler:regproc amtype:char",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          r.add(new Object[] {2L, "heap", 0L, "t"});
          r.add(new Object[] {403L, "btree", 0L, "i"});
          return r;
        });
    def(
        "pg_catalog",
        "pg_attrdef",
        2604,
        "oid:oid adrelid:oid adnum:int2 adbin:text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (TableDef t : ex.catalog().tables(ex.db())) {
            for (int i = 0; i < t.columns.size(); i++) {
              ColumnDef c = t.columns.get(i);
              if (c.defaultSql != null && c.identity == null) { // identity: no pg_attrdef row
                r.add(new Object[] {attrdefOid(t, i), t.oid, (long) i + 1, c.defaultSql});
              }
            }
          }
          return r;
        });
    def(
        "pg_catalog",
        "pg_constraint",
        2606,
        "oid:oid conname:name connamespace:oid contype:char condeferrable:bool condeferred:bool"
            + " convalidated:bool conrelid:oid contypid:oid conindid:oid conparentid:oid"
            + " confrelid:oid confupdtype:char confdeltype:char confmatchtype:char conislocal:bool"
            + " coninhcount:int4 connoinherit:bool conkey:_text confkey:_text conpfeqop:text"
            + " conppeqop:text conffeqop:text conexclop:text conbin:text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (TableDef t : ex.catalog().tables(ex.db())) {
            for (Ix ix : indexes(ex.catalog(), t)) {
              if (!ix.unique()) {
                continue;
              }
              List<Object> key = new ArrayList<>();
              for (int id : ix.cols()) {
                key.add((long) t.positionOfId(id) + 1);
              }
              r.add(
                  new Object[] {
                    ix.oid(),
                    ix.name(),
                    NS_PUBLIC,
                    ix.primary() ? "p" : "u",
                    false,
                    false,
                    true,
                    t.oid,
                    0L,
                    ix.oid(),
                    0L,
                    0L,
                    " ",
                    " ",
                    " ",
                    true,
                    0L,
                    true,
                    key,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null
                  });
            }
            for (int i = 0; i < t.checks.size(); i++) {
              r.add(checkRow(t, i));
            }
            FkCatalog.constraintRows(ex, t, r);
          }
          return r;
        });
    def(
        "pg_catalog",
        "pg_inherits",
        2611,
        "inhrelid:oid inhparent:oid inhseqno:int4 inhdetachpending:bool",
        none());
    def(
        "pg_catalog",
        "pg_partitioned_table",
        3350,
        "partrelid:oid partstrat:char partnatts:int2 partdefid:oid partattrs:int2vector"
            + " partclass:oidvector partcollation:oidvector partexprs:text",
        none());
    def(
        "pg_catalog",
        "pg_sequence",
        2224,
        "seqrelid:oid seqtypid:oid seqstart:int8 seqincrement:int8 seqmax:int8 seqmin:int8 seqcache:int8 seqcycle:bool",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (String s : ex.catalog().sequenceNames(ex.db())) {
            SequenceDef d = ex.catalog().sequence(ex.db(), s);
            if (d != null) {
              r.add(
                  new Object[] {
                    seqOid(ex.db(), s),
                    d.typeOid(),
                    d.start,
                    d.increment,
                    d.max,
                    d.min,
                    d.cache,
                    d.cycle
                  });
            }
          }
          return r;
        });
    def(
        "pg_catalog",
        "pg_proc",
        1255,
        "oid:oid proname:name pronamespace:oid proowner:oid prolang:oid prokind:char prorettype:oid"
            + " proargtypes:oidvector proretset:bool pronargs:int2 proacl:_text",
        none());
    def(
        "pg_catalog",
        "pg_trigger",
        2620,
        "oid:oid tgrelid:oid tgparentid:oid tgname:name tgfoid:oid tgtype:int2 tgenabled:char tgisinternal:bool",
        none());
    def(
        "pg_catalog",
        "pg_policy",
        3256,
        "oid:oid polname:name polrelid:oid polcmd:char polpermissive:bool polroles:text polqual:text polwithcheck:text",
        none());
    def(
        "pg_catalog",
        "pg_statistic_ext",
        3381,
        "oid:oid stxrelid:oid stxname:name stxnamespace:oid stxowner:oid stxstattarget:int4 stxkeys:int2vector stxkind:_text",
        none());
    def(
        "pg_catalog",
        "pg_publication",
        6104,
        "oid:oid pubname:name pubowner:oid puballtables:bool pubinsert:bool pubupdate:bool pubdelete:bool pubtruncate:bool pubviaroot:bool",
        none());
    def(
        "pg_catalog",
        "pg_publication_rel",
        6106,
        "oid:oid prpubid:oid prrelid:oid prqual:text prattrs:int2vector",
        none());
    def("pg_catalog", "pg_publication_namespace", 6237, "oid:oid pnpubid:oid pnnspid:oid", none());
    def(
        "pg_catalog",
        "pg_publication_tables",
        12006,
        "pubname:name schemaname:name tablename:name",
        none());
    def(
        "pg_catalog",
        "pg_extension",
        3079,
        "oid:oid extname:name extowner:oid extnamespace:oid extrelocatable:bool extversion:text"
            + " extconfig:_text extcondition:_text",
        none());
    def("pg_catalog", "pg_foreign_table", 3118, "ftrelid:oid ftserver:oid ftoptions:text", none());
    def(
        "pg_catalog",
        "pg_collation",
        3456,
        "oid:oid collname:name collnamespace:oid collprovider:char collowner:oid collencoding:int4",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          r.add(new Object[] {100L, "default", NS_CATALOG, "d", 10L, -1L});
          return r;
        });
    def(
        "pg_catalog",
        "pg_tablespace",
        1213,
        "oid:oid spcname:name spcowner:oid spcacl:text spcoptions:text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          r.add(new Object[] {1663L, "pg_default", 10L, null, null});
          return r;
        });
    def(
        "pg_catalog",
        "pg_stat_activity",
        12007,
        "datid:oid datname:name pid:int4 leader_pid:int4 usesysid:oid usename:name"
            + " application_name:text client_addr:text client_hostname:text client_port:int4"
            + " backend_start:timestamptz xact_start:timestamptz query_start:timestamptz"
            + " state_change:timestamptz wait_event_type:text wait_event:text state:text"
            + " backend_xid:text backend_xmin:text query_id:int8 query:text backend_type:text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          List<Session> all = new ArrayList<>(ex.session.engine.sessions());
          all.sort(java.util.Comparator.comparingInt(x -> x.pid));
          long oid = 16000;
          List<String> dbs = ex.catalog().databaseNames();
          for (Session s : all) {
            Session.Activity a = s.activity;
            boolean self = s == ex.session;
            r.add(
                new Object[] {
                  oid + Math.max(0, dbs.indexOf(s.database)),
                  s.database,
                  (long) s.pid,
                  null,
                  10L,
                  s.user,
                  s.allSettings().getOrDefault("application_name", ""),
                  a.clientAddr,
                  null,
                  a.clientPort == null ? null : (long) a.clientPort,
                  a.backendStart,
                  a.xactStart,
                  a.queryStart,
                  a.stateChange,
                  null,
                  null,
                  self ? "active" : a.state,
                  null,
                  null,
                  null,
                  a.query,
                  "client backend"
                });
          }
          return r;
        });
    def(
        "information_schema",
        "schemata",
        13001,
        "catalog_name schema_name schema_owner",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (String s : List.of("information_schema", "pg_catalog", "public")) {
            r.add(new Object[] {ex.db(), s, "orbit"});
          }
          return r;
        });
    def(
        "information_schema",
        "tables",
        13002,
        "table_catalog table_schema table_name table_type self_referencing_column_name"
            + " reference_generation user_defined_type_catalog user_defined_type_schema"
            + " user_defined_type_name is_insertable_into is_typed commit_action",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (TableDef t : ex.catalog().tables(ex.db())) {
            r.add(
                new Object[] {
                  ex.db(),
                  "public",
                  t.name,
                  "BASE TABLE",
                  null,
                  null,
                  null,
                  null,
                  null,
                  "YES",
                  "NO",
                  null
                });
          }
          ViewCatalog.tableRows(ex, r);
          for (View v : VIEWS.values()) {
            r.add(
                new Object[] {
                  ex.db(),
                  v.schema(),
                  v.name(),
                  "VIEW",
                  null,
                  null,
                  null,
                  null,
                  null,
                  "NO",
                  "NO",
                  null
                });
          }
          return r;
        });
    def(
        "information_schema",
        "columns",
        13003,
        "table_catalog table_schema table_name column_name ordinal_position:int4 column_default"
            + " is_nullable data_type character_maximum_length:int4 character_octet_length:int4"
            + " numeric_precision:int4 numeric_precision_radix:int4 numeric_scale:int4"
            + " datetime_precision:int4 udt_catalog udt_schema udt_name is_identity is_generated"
            + " is_updatable",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          for (TableDef t : ex.catalog().tables(ex.db())) {
            for (int i = 0; i < t.columns.size(); i++) {
              ColumnDef c = t.columns.get(i);
              boolean chars = c.type == PgType.VARCHAR || c.type == PgType.BPCHAR;
              boolean num = c.type == PgType.NUMERIC && c.typmod >= 0;
              r.add(
                  new Object[] {
                    ex.db(),
                    "public",
                    t.name,
                    c.name,
                    (long) i + 1,
                    c.identity == null ? c.defaultSql : null,
                    c.notNull ? "NO" : "YES",
                    c.type.isArray() ? "ARRAY" : c.type.sqlName,
                    chars && c.typmod >= 0 ? (long) c.typmod : null,
                    null,
                    numericPrecision(c),
                    c.type == PgType.NUMERIC ? (Long) 10L : c.type.isInteger() ? (Long) 2L : null,
                    num ? (Long) (long) (c.typmod & 0xFFFF) : c.type.isInteger() ? (Long) 0L : null,
                    null,
                    ex.db(),
                    "pg_catalog",
                    c.type.typname,
                    c.identity == null ? "NO" : "YES",
                    "NEVER",
                    "YES"
                  });
            }
          }
          ViewCatalog.columnRows(ex, r);
          return r;
        });
  }

  /** information_schema's numeric_precision: declared digits, or the integer's bits as PG 15. */
  private static Long numericPrecision(ColumnDef c) {
    if (c.type == PgType.NUMERIC) {
      return c.typmod >= 0 ? (Long) (long) (c.typmod >> 16) : null;
    }
    return c.type.isInteger() ? (Long) (long) (c.type.typlen * 8) : null;
  }

  private static List<Object[]> pgClass(Exec ex) {
    List<Object[]> r = new ArrayList<>();
    Catalog cat = ex.catalog();
    for (TableDef t : cat.tables(ex.db())) {
      List<Ix> ixs = indexes(cat, t);
      Object[] row = classRow(t.oid, t.name, NS_PUBLIC, 2L, !ixs.isEmpty(), "r", t.columns.size());
      row[18] = (long) t.checks.size(); // relchecks: pg_dump reads CHECKs only when non-zero
      // relhastriggers: psql and pg_dump look for foreign keys only on tables that have triggers
      row[20] = !t.foreignKeys.isEmpty() || !ForeignKeys.referencing(ex, t.name).isEmpty();
      r.add(row);
      for (Ix ix : ixs) {
        r.add(classRow(ix.oid(), ix.name(), NS_PUBLIC, 403L, false, "i", ix.cols().size()));
      }
    }
    for (String s : cat.sequenceNames(ex.db())) {
      r.add(classRow(seqOid(ex.db(), s), s, NS_PUBLIC, 0L, false, "S", 3));
    }
    ViewCatalog.classRows(ex, r);
    for (View v : VIEWS.values()) {
      r.add(
          classRow(
              v.oid(),
              v.name(),
              v.schema().equals("pg_catalog") ? NS_CATALOG : NS_INFO,
              0L,
              false,
              "v",
              v.cols().size()));
    }
    return r;
  }

  static Object[] classRow(
      long oid, String name, long ns, long am, boolean hasIndex, String kind, int natts) {
    return new Object[] {
      oid,
      name,
      ns,
      0L,
      0L,
      10L,
      am,
      oid,
      0L,
      0L,
      -1.0,
      0L,
      0L,
      hasIndex,
      false,
      "p",
      kind,
      (long) natts,
      0L,
      false,
      false,
      false,
      false,
      false,
      true,
      "d",
      false,
      0L,
      0L,
      0L,
      null,
      null,
      null
    };
  }

  private static List<Object[]> pgAttribute(Exec ex) {
    List<Object[]> r = new ArrayList<>();
    Catalog cat = ex.catalog();
    for (TableDef t : cat.tables(ex.db())) {
      for (int i = 0; i < t.columns.size(); i++) {
        r.add(attRow(t.oid, t.columns.get(i), i + 1));
      }
      for (Ix ix : indexes(cat, t)) {
        int n = 1;
        for (int id : ix.cols()) {
          r.add(attRow(ix.oid(), t.columns.get(t.positionOfId(id)), n++));
        }
      }
    }
    ViewCatalog.attributeRows(ex, r);
    Map<Long, Boolean> seen = new HashMap<>();
    for (View v : VIEWS.values()) {
      if (seen.put(v.oid(), true) != null) {
        continue;
      }
      for (Scope.Col c : v.cols()) {
        ColumnDef d = new ColumnDef(0, c.name(), c.type(), -1);
        r.add(attRow(v.oid(), d, c.attnum()));
      }
    }
    return r;
  }

  static Object[] attRow(long rel, ColumnDef c, int num) {
    return new Object[] {
      rel,
      c.name,
      (long) c.type.oid,
      -1L,
      (long) c.type.typlen,
      (long) num,
      c.type.isArray() ? 1L : 0L,
      -1L,
      (long) pgTypmod(c),
      c.type.typlen > 0 && c.type.typlen <= 8,
      c.type.isArray() ? arrayAlign(c.type) : "i",
      c.type.isArray() ? "x" : "p",
      "",
      c.notNull,
      c.defaultSql != null && c.identity == null,
      c.missingText != null,
      c.identity == null ? "" : c.identity,
      "",
      false,
      true,
      0L,
      collation(c.type),
      null,
      null,
      null,
      null
    };
  }
}
