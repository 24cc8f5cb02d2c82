package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * FOREIGN KEY constraints as the catalogs show them: pg_constraint rows (contype 'f') and
 * pg_get_constraintdef's text, so psql \d lists them and pg_dump writes them (after the data, as
 * ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY).
 */
final class FkCatalog {
  private FkCatalog() {}

  static long oid(TableDef t, int i) {
    return SystemTables.checkOid(t, 500 + i);
  }

  /** pg_constraint rows of {@code t}'s foreign keys. */
  static void constraintRows(Exec ex, TableDef t, List<Object[]> r) {
    for (int i = 0; i < t.foreignKeys.size(); i++) {
      ForeignKeys.FkDef fk = t.foreignKeys.get(i);
      TableDef parent = ex.catalog().find(ex.db(), fk.refTable);
      if (parent == null) {
        continue;
      }
      List<Object> key = new ArrayList<>();
      for (String c : fk.columns) {
        key.add((long) t.position(c) + 1);
      }
      List<Object> fkey = new ArrayList<>();
      List<Integer> ids = new ArrayList<>();
      for (String c : fk.refColumns) {
        int p = parent.position(c);
        fkey.add((long) p + 1);
        ids.add(parent.columns.get(p).id);
      }
      Object uk = FkEnforcer.uniqueKey(parent, ids);
      long indexOid =
          uk instanceof IndexDef ix
              ? SystemTables.indexOid(ex.catalog(), ix)
              : SystemTables.pkOid(parent);
      r.add(
          new Object[] {
            oid(t, i),
            fk.name,
            SystemTables.NS_PUBLIC,
            "f",
            false,
            false,
            true,
            t.oid,
            0L,
            indexOid,
            0L,
            parent.oid,
            fk.onUpdate,
            fk.onDelete,
            "s",
            true,
            0L,
            true,
            key,
            fkey,
            null,
            null,
            null,
            null,
            null
          });
    }
  }

  /** pg_get_constraintdef of a foreign key, or null when {@code oid} is none. */
  static String constraintDef(Exec ex, TableDef t, long oid) {
    for (int i = 0; i < t.foreignKeys.size(); i++) {
      if (oid(t, i) != oid) {
        continue;
      }
      ForeignKeys.FkDef fk = t.foreignKeys.get(i);
      // qualified when public is off search_path, as pg_dump (search_path '') needs it
      String ref =
          Builtins.currentSchemas(ex, false).contains("public")
              ? fk.refTable
              : "public." + fk.refTable;
      StringBuilder b = new StringBuilder("FOREIGN KEY (");
      b.append(String.join(", ", fk.columns)).append(") REFERENCES ").append(ref);
      b.append('(').append(String.join(", ", fk.refColumns)).append(')');
      b.append(action(" ON UPDATE ", fk.onUpdate)).append(action(" ON DELETE ", fk.onDelete));
      return b.toString();
    }
    return null;
  }

  private static String action(String on, String code) {
    return switch (code) {
      case "r" -> on + "RESTRICT";
      case "c" -> on + "CASCADE";
      case "n" -> on + "SET NULL";
      default -> ""; // NO ACTION, the default, is not spelled out
    };
  }
}
