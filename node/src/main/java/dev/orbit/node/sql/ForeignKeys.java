package dev.orbit.node.sql;

import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FOREIGN KEY constraints: their definition (REFERENCES as a column or table constraint, ALTER
 * TABLE ADD CONSTRAINT … FOREIGN KEY), validation of existing rows, and what other schema changes
 * must respect. NO ACTION and RESTRICT are checked when the statement ends, when CASCADE and SET
 * NULL act too (see {@link FkEnforcer}, {@link FkActions}); SET DEFAULT, SET NULL of a column list,
 * MATCH FULL/PARTIAL and DEFERRABLE are refused.
 */
final class ForeignKeys {
  private ForeignKeys() {}

  /** One FOREIGN KEY constraint, stored with the referencing table. */
  public static final class FkDef {
    public String name;
    public List<String> columns = new ArrayList<>();
    public String refTable;
    public List<String> refColumns = new ArrayList<>();

    /** 'a' NO ACTION, 'r' RESTRICT, 'c' CASCADE or 'n' SET NULL, as pg_constraint.confdeltype. */
    public String onDelete = "a";

    /** 'a' NO ACTION, 'r' RESTRICT, 'c' CASCADE or 'n' SET NULL, as pg_constraint.confupdtype. */
    public String onUpdate = "a";

    public FkDef() {}
  }

  private static final String NAME = "(?:\"[^\"]+\"|[\\w$]+)";
  private static final Pattern REFERENCES =
      Pattern.compile(
          "(?is).*?\\bREFERENCES\\s+("
              + NAME
              + "(?:\\s*\\.\\s*"
              + NAME
              + ")?)\\s*(?:\\(([^()]*)\\))?(.*)");
  private static final Pattern ACTION =
      Pattern.compile(
          "(?i)ON\\s+(DELETE|UPDATE)\\s+(NO\\s+ACTION|RESTRICT|CASCADE|SET\\s+NULL|SET\\s+DEFAULT)"
              + "(\\s*\\([^()]*\\))?");

  /**
   * Reads a REFERENCES clause ({@code text} holds it, with anything before it) into a definition
   * for {@code columns}; refuses what is not supported.
   */
  static FkDef parse(String name, List<String> columns, String text) {
    Matcher m = REFERENCES.matcher(text.trim());
    if (!m.matches()) {
      throw SqlException.syntax("syntax error in FOREIGN KEY constraint");
    }
    FkDef fk = new FkDef();
    fk.name = name == null ? null : ExprCompiler.unquote(name);
    for (String c : columns) {
      fk.columns.add(ExprCompiler.unquote(c.trim()).toLowerCase(Locale.ROOT));
    }
    fk.refTable = Views.plain(m.group(1));
    if (m.group(2) != null) {
      for (String c : m.group(2).split(",")) {
        fk.refColumns.add(ExprCompiler.unquote(c.trim()).toLowerCase(Locale.ROOT));
      }
    }
    String rest = m.group(3);
    Matcher a = ACTION.matcher(rest);
    while (a.find()) {
      String action = a.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
      if (a.group(3) != null) {
        throw SqlException.unsupported("ON DELETE " + action + " of a column list");
      }
      String code =
          switch (action) {
            case "NO ACTION" -> "a";
            case "RESTRICT" -> "r";
            case "CASCADE" -> "c";
            case "SET NULL" -> "n";
            default ->
                throw SqlException.unsupported(
                    "ON "
                        + a.group(1).toUpperCase(Locale.ROOT)
                        + " "
                        + action
                        + " in foreign keys");
          };
      if (a.group(1).equalsIgnoreCase("DELETE")) {
        fk.onDelete = code;
      } else {
        fk.onUpdate = code;
      }
    }
    String r = ACTION.matcher(rest).replaceAll(" ").toUpperCase(Locale.ROOT);
    r = r.replaceAll("\\s+", " ").trim();
    if (r.contains("MATCH FULL") || r.contains("MATCH PARTIAL")) {
      throw SqlException.unsupported("MATCH FULL / MATCH PARTIAL foreign keys");
    }
    if (r.matches("(^|.* )DEFERRABLE.*") && !r.contains("NOT DEFERRABLE")
        || r.contains("INITIALLY DEFERRED")) {
      throw SqlException.unsupported("deferrable foreign keys");
    }
    if (r.contains("NOT VALID")) {
      throw SqlException.unsupported("NOT VALID foreign keys");
    }
    r = r.replaceAll("MATCH SIMPLE|NOT DEFERRABLE|INITIALLY IMMEDIATE", "").trim();
    if (!r.isEmpty()) {
      throw SqlException.syntax("syntax error at or near \"" + r.split(" ")[0] + "\"");
    }
    return fk;
  }

  /**
   * Completes and checks {@code fk} for table {@code t} (whose definition may be new, and may be
   * the referenced table itself), then adds it to {@code t}.
   */
  static void add(Exec ex, TableDef t, FkDef fk) {
    TableDef parent = fk.refTable.equals(t.name) ? t : ex.catalog().find(ex.db(), fk.refTable);
    if (parent == null) {
      if (ex.catalog().view(ex.db(), fk.refTable) != null) {
        throw new SqlException(
            "42809", "referenced relation \"" + fk.refTable + "\" is not a table");
      }
      throw SqlException.undefinedTable(fk.refTable);
    }
    if (fk.refColumns.isEmpty()) {
      if (!parent.hasPrimaryKey()) {
        throw new SqlException(
            "42830", "there is no primary key for referenced table \"" + parent.name + "\"");
      }
      for (int id : parent.primaryKey) {
        fk.refColumns.add(parent.columns.get(parent.positionOfId(id)).name);
      }
    }
    if (fk.refColumns.size() != fk.columns.size()) {
      throw new SqlException(
          "42830", "number of referencing and referenced columns for foreign key disagree");
    }
    List<Integer> refIds = new ArrayList<>();
    for (int i = 0; i < fk.columns.size(); i++) {
      t.positionOrThrow(fk.columns.get(i));
      refIds.add(parent.columns.get(parent.positionOrThrow(fk.refColumns.get(i))).id);
    }
    if (FkEnforcer.uniqueKey(parent, refIds) == null) {
      throw new SqlException(
          "42830",
          "there is no unique constraint matching given keys for referenced table \""
              + parent.name
              + "\"");
    }
    for (int i = 0; i < fk.columns.size(); i++) {
      ColumnDef pc = parent.columns.get(parent.position(fk.refColumns.get(i)));
      ColumnDef cc = t.columns.get(t.position(fk.columns.get(i)));
      if (!compatible(cc.type, pc.type)) {
        throw new SqlException(
            "42804",
            "foreign key constraint \"" + name(t, fk) + "\" cannot be implemented",
            "Key columns \""
                + cc.name
                + "\" and \""
                + pc.name
                + "\" are of incompatible types: "
                + cc.type.sqlName
                + " and "
                + pc.type.sqlName
                + ".");
      }
    }
    fk.name = name(t, fk);
    for (FkDef other : t.foreignKeys) {
      if (other.name.equals(fk.name)) {
        throw new SqlException(
            "42710",
            "constraint \"" + fk.name + "\" for relation \"" + t.name + "\" already exists");
      }
    }
    t.foreignKeys.add(fk);
  }

  private static String name(TableDef t, FkDef fk) {
    if (fk.name != null) {
      return fk.name;
    }
    String base = t.name + "_" + String.join("_", fk.columns) + "_fkey";
    String n = base;
    java.util.Set<String> taken = new HashSet<>();
    t.foreignKeys.forEach(f -> taken.add(f.name));
    t.checks.forEach(c -> taken.add(c.name));
    for (int i = 1; taken.contains(n); i++) {
      n = base.substring(0, base.length() - 5) + "fkey" + i;
    }
    return n;
  }

  /**
   * Whether a referencing column of type {@code a} may reference one of type {@code b}: as in
   * PostgreSQL, the same type, the integer family among itself, an integer promoted to numeric
   * (never numeric narrowed to an integer), and the string types.
   */
  private static boolean compatible(PgType a, PgType b) {
    return a == b
        || a.isInteger() && b.isInteger()
        || a.isInteger() && b == PgType.NUMERIC
        || a.isText() && b.isText();
  }

  /** ALTER TABLE ADD FOREIGN KEY: every existing row must reference a parent row (23503). */
  static void validate(Exec ex, TableDef t, FkDef fk) {
    byte[] p = t.rowPrefix();
    try (MergedScan s = ex.catalog().store().scan(p, Bytes.prefixEnd(p))) {
      while (s.hasNext()) {
        ex.session.checkCancel();
        KeyValue kv = s.next();
        FkEnforcer.checkReference(ex, t, fk, t.decodeRow(kv.value()), false);
      }
    }
  }

  /** The (table, constraint) pairs referencing {@code parent}, from other tables or itself. */
  static List<Object[]> referencing(Exec ex, String parent) {
    Catalog cat = ex.catalog();
    long version = cat.version();
    Referencing cached = CACHE.get(cat);
    if (cached == null || cached.version != version || !cached.db.equals(ex.db())) {
      java.util.Map<String, List<Object[]>> byParent = new java.util.HashMap<>();
      for (TableDef t : cat.tables(ex.db())) {
        for (FkDef fk : t.foreignKeys) {
          byParent.computeIfAbsent(fk.refTable, k -> new ArrayList<>()).add(new Object[] {t, fk});
        }
      }
      for (List<Object[]> l : byParent.values()) {
        l.sort(java.util.Comparator.comparing(r -> ((FkDef) r[1]).name)); // checked in name order
      }
      cached = new Referencing(version, ex.db(), byParent);
      CACHE.put(cat, cached);
    }
    return new ArrayList<>(cached.byParent.getOrDefault(parent, List.of()));
  }

  /** Who references whom, per catalog version: row writes ask for every row they change. */
  private record Referencing(
      long version, String db, java.util.Map<String, List<Object[]>> byParent) {}

  private static final java.util.Map<Catalog, Referencing> CACHE =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /**
   * DROP TABLE of a referenced table: fails with 2BP01 naming the constraints, or with CASCADE
   * drops those constraints (the referencing tables stay), as PostgreSQL does.
   */
  static void beforeDrop(Exec ex, String table, boolean cascade, java.util.Set<String> dropping) {
    List<Object[]> refs = referencing(ex, table);
    refs.removeIf(r -> dropping.contains(((TableDef) r[0]).name));
    if (refs.isEmpty()) {
      return;
    }
    if (!cascade) {
      StringBuilder detail = new StringBuilder();
      for (Object[] r : refs) {
        detail.append(detail.length() > 0 ? "\n" : "").append("constraint ");
        detail.append(((FkDef) r[1]).name).append(" on table ").append(((TableDef) r[0]).name);
        detail.append(" depends on table ").append(table);
      }
      throw new SqlException(
              "2BP01",
              "cannot drop table " + table + " because other objects depend on it",
              detail.toString())
          .withHint("Use DROP ... CASCADE to drop the dependent objects too.");
    }
    for (Object[] r : refs) {
      TableDef child = ex.catalog().find(ex.db(), ((TableDef) r[0]).name).copy();
      String fkName = ((FkDef) r[1]).name;
      ex.session.notice("drop cascades to constraint " + fkName + " on table " + child.name);
      child.foreignKeys.removeIf(f -> f.name.equals(fkName));
      ex.catalog().save(ex.db(), child, child.name);
    }
  }

  /** Refuses a schema change touching a column a foreign key names (either side). */
  static void refuseColumnChange(Exec ex, TableDef t, String column, String change) {
    for (FkDef fk : t.foreignKeys) {
      if (fk.columns.contains(column)) {
        throw SqlException.unsupported(change + " of a column in foreign key \"" + fk.name + "\"");
      }
    }
    for (Object[] r : referencing(ex, t.name)) {
      FkDef fk = (FkDef) r[1];
      if (fk.refColumns.contains(column)) {
        throw SqlException.unsupported(
            change + " of a column referenced by foreign key \"" + fk.name + "\"");
      }
    }
  }

  /** Refuses renaming a table other tables' foreign keys reference. */
  static void refuseRename(Exec ex, TableDef t) {
    for (Object[] r : referencing(ex, t.name)) {
      if (r[0] != t && !((TableDef) r[0]).name.equals(t.name)) {
        throw SqlException.unsupported(
            "renaming a table referenced by foreign key \"" + ((FkDef) r[1]).name + "\"");
      }
    }
  }

  /** DROP CONSTRAINT of a foreign key; false when {@code t} has none of that name. */
  static boolean drop(TableDef t, String name) {
    return t.foreignKeys.removeIf(f -> f.name.equals(name));
  }
}
