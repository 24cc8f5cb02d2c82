package dev.orbit.node.sql;

import dev.orbit.node.storage.KeyValue;
import java.util.Iterator;
import java.util.List;

/**
 * Enforces FOREIGN KEY constraints inside the writing transaction. Row writes queue their checks
 * ({@link FkQueue}), run when the statement ends: a referencing row needs its referenced row
 * (looked up by primary key or unique index, whose key it locks so a concurrent delete of that row
 * waits); a referenced key that went must not be referenced any more (23503), unless — NO ACTION
 * only — a row has that key again by then.
 */
final class FkEnforcer {
  private FkEnforcer() {}

  /** The primary key or unique index of {@code parent} on exactly {@code columnIds}, or null. */
  static Object uniqueKey(TableDef parent, List<Integer> columnIds) {
    if (parent.hasPrimaryKey() && sameSet(parent.primaryKey, columnIds)) {
      return parent.primaryKey;
    }
    for (IndexDef ix : parent.indexes) {
      if (ix.unique && sameSet(ix.columns, columnIds)) {
        return ix;
      }
    }
    return null;
  }

  private static boolean sameSet(List<Integer> a, List<Integer> b) {
    return a.size() == b.size() && a.containsAll(b) && b.containsAll(a);
  }

  /** Queues the checks a new row at {@code key} needs (run when the statement ends). */
  static void afterInsert(Exec ex, TableDef t, byte[] key, Object[] row) {
    for (ForeignKeys.FkDef fk : byName(t.foreignKeys)) {
      if (!allNull(t, fk.columns, row)) {
        ex.fkQueue().referencing(ex, t, fk, key);
      }
    }
  }

  private static boolean allNull(TableDef t, List<String> cols, Object[] row) {
    for (String c : cols) {
      if (row[t.position(c)] != null) {
        return false;
      }
    }
    return true;
  }

  /** Constraints in name order: PostgreSQL checks (and reports) them in that order. */
  private static List<ForeignKeys.FkDef> byName(List<ForeignKeys.FkDef> fks) {
    if (fks.size() < 2) {
      return fks;
    }
    List<ForeignKeys.FkDef> out = new java.util.ArrayList<>(fks);
    out.sort(java.util.Comparator.comparing(f -> f.name));
    return out;
  }

  /** Queues the checks a row updated to {@code row} at {@code key} needs. */
  static void afterUpdate(Exec ex, TableDef t, Object[] old, byte[] key, Object[] row) {
    for (ForeignKeys.FkDef fk : byName(t.foreignKeys)) {
      if (changed(t, fk.columns, old, row) && !allNull(t, fk.columns, row)) {
        ex.fkQueue().referencing(ex, t, fk, key);
      }
    }
    for (Object[] r : ForeignKeys.referencing(ex, t.name)) {
      ForeignKeys.FkDef fk = (ForeignKeys.FkDef) r[1];
      if (changed(t, fk.refColumns, old, row)) {
        keyGoes(ex, t, (TableDef) r[0], fk, old, row);
      }
    }
  }

  static void afterDelete(Exec ex, TableDef t, Object[] old) {
    for (Object[] r : ForeignKeys.referencing(ex, t.name)) {
      keyGoes(ex, t, (TableDef) r[0], (ForeignKeys.FkDef) r[1], old, null);
    }
  }

  /**
   * A referenced key goes ({@code now} is the row's new version, null when it was deleted): a
   * concurrent referencing insert waits for this transaction (the unique value's lock), and at its
   * end the statement checks that nothing references the key, or acts on the rows that do.
   */
  private static void keyGoes(
      Exec ex, TableDef parent, TableDef child, ForeignKeys.FkDef fk, Object[] old, Object[] now) {
    for (String c : fk.refColumns) {
      if (old[parent.position(c)] == null) {
        return;
      }
    }
    Object uk = uniqueKey(parent, refIds(parent, fk));
    if (uk instanceof IndexDef ix) {
      ex.txn.lock(parent.indexValuePrefix(ix, old));
    }
    ex.fkQueue().referenced(ex, parent, child, fk, old, now);
  }

  private static List<Integer> refIds(TableDef parent, ForeignKeys.FkDef fk) {
    List<Integer> ids = new java.util.ArrayList<>();
    for (String c : fk.refColumns) {
      ids.add(parent.columns.get(parent.position(c)).id);
    }
    return ids;
  }

  private static boolean changed(TableDef t, List<String> cols, Object[] a, Object[] b) {
    for (String c : cols) {
      int p = t.position(c);
      Object x = a[p];
      Object y = b[p];
      if (x == null ? y != null : y == null || Values.compare(x, y) != 0) {
        return true;
      }
    }
    return false;
  }

  /** A referencing row: all key columns null (MATCH SIMPLE), or its referenced row exists. */
  static void checkReference(Exec ex, TableDef child, ForeignKeys.FkDef fk, Object[] row) {
    checkReference(ex, child, fk, row, true);
  }

  /**
   * As {@link #checkReference(Exec, TableDef, ForeignKeys.FkDef, Object[])}; {@code lock} false for
   * ALTER TABLE's validation, whose schema change holds no row locks (its reads see committed rows
   * only).
   */
  static void checkReference(
      Exec ex, TableDef child, ForeignKeys.FkDef fk, Object[] row, boolean lock) {
    TableDef parent =
        fk.refTable.equals(child.name) ? child : ex.catalog().table(ex.db(), fk.refTable);
    Object[] probe = new Object[parent.columns.size()];
    List<Integer> ids = new java.util.ArrayList<>();
    for (int i = 0; i < fk.columns.size(); i++) {
      Object v = row[child.position(fk.columns.get(i))];
      if (v == null) {
        return;
      }
      int p = parent.positionOrThrow(fk.refColumns.get(i));
      ColumnDef pc = parent.columns.get(p);
      probe[p] = Values.coerce(v, pc.type, pc.typmod);
      ids.add(pc.id);
    }
    if (!exists(ex, parent, uniqueKey(parent, ids), probe, lock)) {
      throw new SqlException(
          "23503",
          "insert or update on table \""
              + child.name
              + "\" violates foreign key constraint \""
              + fk.name
              + "\"",
          "Key ("
              + String.join(", ", fk.columns)
              + ")=("
              + values(child, fk.columns, row)
              + ") is not present in table \""
              + parent.name
              + "\".");
    }
  }

  private static boolean exists(
      Exec ex, TableDef parent, Object key, Object[] probe, boolean lock) {
    if (key instanceof IndexDef ix) {
      byte[] prefix = parent.indexValuePrefix(ix, probe);
      if (lock) {
        ex.txn.lock(prefix);
      }
      return anyLiveEntry(ex, prefix);
    }
    if (key == null) {
      throw new SqlException(
          "42830",
          "there is no unique constraint matching given keys for referenced table \""
              + parent.name
              + "\"");
    }
    byte[] k = parent.keyOf(probe, 0);
    if (lock) {
      ex.txn.lock(k);
    }
    return ex.txn.get(k) != null;
  }

  /**
   * A referenced key that went (row deleted or key changed): when the statement ends no row of
   * {@code child} may reference it — unless, for NO ACTION, a parent row has that key again.
   */
  static void checkUnreferenced(
      Exec ex,
      TableDef parent,
      TableDef child,
      ForeignKeys.FkDef fk,
      Object[] old,
      boolean deleted) {
    Object[] want = referencedKey(parent, child, fk, old);
    if (want == null) {
      return;
    }
    if ("a".equals(deleted ? fk.onDelete : fk.onUpdate) && stillPresent(ex, parent, fk, old)) {
      return;
    }
    if (!referencingKeys(ex, child, fk, want, true).isEmpty()) {
      throw new SqlException(
          "23503",
          "update or delete on table \""
              + parent.name
              + "\" violates foreign key constraint \""
              + fk.name
              + "\" on table \""
              + child.name
              + "\"",
          "Key ("
              + String.join(", ", fk.refColumns)
              + ")=("
              + values(parent, fk.refColumns, old)
              + ") is still referenced from table \""
              + child.name
              + "\".");
    }
  }

  /** A row of {@code parent} has the key {@code old} had (NO ACTION lets the key go then). */
  private static boolean stillPresent(
      Exec ex, TableDef parent, ForeignKeys.FkDef fk, Object[] old) {
    Object[] probe = new Object[parent.columns.size()];
    for (String c : fk.refColumns) {
      int p = parent.position(c);
      probe[p] = old[p];
    }
    return exists(ex, parent, uniqueKey(parent, refIds(parent, fk)), probe, true);
  }

  /**
   * The key a referenced row had ({@code old}), as values of {@code child}'s referencing columns;
   * null when no row can reference it (a null part, or a fraction no integer column can hold).
   */
  static Object[] referencedKey(
      TableDef parent, TableDef child, ForeignKeys.FkDef fk, Object[] old) {
    Object[] want = new Object[fk.columns.size()];
    for (int i = 0; i < want.length; i++) {
      int p = parent.position(fk.refColumns.get(i));
      if (old[p] == null) {
        return null;
      }
      ColumnDef cc = child.columns.get(child.position(fk.columns.get(i)));
      if (cc.type.isInteger()
          && old[p] instanceof java.math.BigDecimal d
          && d.stripTrailingZeros().scale() > 0) {
        return null;
      }
      want[i] = Values.coerce(old[p], cc.type, cc.typmod);
    }
    return want;
  }

  /** True when {@code row} of {@code child} has {@code want} in the foreign key's columns. */
  static boolean references(TableDef child, ForeignKeys.FkDef fk, Object[] row, Object[] want) {
    for (int i = 0; i < want.length; i++) {
      Object v = row[child.position(fk.columns.get(i))];
      if (v == null || Values.compare(v, want[i]) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Keys of the rows of {@code child} that have {@code want} in the foreign key's columns (the
   * first one only when {@code first}), by its primary key or an index on exactly those columns,
   * else by reading the table as PostgreSQL does without an index.
   */
  static List<byte[]> referencingKeys(
      Exec ex, TableDef child, ForeignKeys.FkDef fk, Object[] want, boolean first) {
    List<Integer> ids = new java.util.ArrayList<>();
    Object[] probe = new Object[child.columns.size()];
    for (int i = 0; i < want.length; i++) {
      int slot = child.position(fk.columns.get(i));
      ids.add(child.columns.get(slot).id);
      probe[slot] = want[i];
    }
    List<byte[]> keys = new java.util.ArrayList<>();
    if (child.primaryKey.equals(ids)) {
      byte[] k = child.keyOf(probe, 0);
      if (ex.txn.get(k) != null) {
        keys.add(k);
      }
      return keys;
    }
    for (IndexDef ix : child.indexes) {
      if (ix.columns.equals(ids)) {
        byte[] prefix = child.indexValuePrefix(ix, probe);
        Iterator<KeyValue> it = ex.txn.scan(prefix, Bytes.prefixEnd(prefix));
        try {
          while (it.hasNext() && !(first && !keys.isEmpty())) {
            ex.session.checkCancel();
            byte[] k = it.next().value();
            if (ex.txn.get(k) != null) {
              ex.memory.charge(64 + k.length);
              keys.add(k);
            }
          }
        } finally {
          close(it);
        }
        return keys;
      }
    }
    byte[] p = child.rowPrefix();
    Iterator<KeyValue> it = ex.txn.scan(p, Bytes.prefixEnd(p));
    try {
      while (it.hasNext() && !(first && !keys.isEmpty())) {
        ex.session.checkCancel();
        KeyValue kv = it.next();
        if (references(child, fk, child.decodeRow(kv.value()), want)) {
          ex.memory.charge(64 + kv.key().length);
          keys.add(kv.key());
        }
      }
    } finally {
      close(it);
    }
    return keys;
  }

  /** True when an index entry under {@code prefix} points at a row that exists. */
  private static boolean anyLiveEntry(Exec ex, byte[] prefix) {
    Iterator<KeyValue> it = ex.txn.scan(prefix, Bytes.prefixEnd(prefix));
    try {
      while (it.hasNext()) {
        if (ex.txn.get(it.next().value()) != null) {
          return true;
        }
      }
      return false;
    } finally {
      close(it);
    }
  }

  private static void close(Iterator<KeyValue> it) {
    if (it instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing an iterator does not fail
      }
    }
  }

  private static String values(TableDef t, List<String> cols, Object[] row) {
    StringBuilder b = new StringBuilder();
    for (String c : cols) {
      int p = t.position(c);
      b.append(b.length() > 0 ? ", " : "").append(Values.toText(row[p], t.columns.get(p).type));
    }
    return b.toString();
  }
}
