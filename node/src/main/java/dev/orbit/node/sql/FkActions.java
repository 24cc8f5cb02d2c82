package dev.orbit.node.sql;

/**
 * ON DELETE / ON UPDATE CASCADE and SET NULL: when the statement ends, the rows referencing a key
 * that went are deleted, follow the key's new value, or get nulls in the foreign key's columns — as
 * PostgreSQL's RI action triggers do, with the same checks (NOT NULL, CHECK, other foreign keys,
 * and the actions of keys these rows are referenced by in turn).
 */
final class FkActions {
  private FkActions() {}

  /**
   * Acts on the rows of {@code child} that referenced {@code old}'s key; {@code now} is the
   * referenced row's new version, null when it was deleted.
   */
  static void act(
      Exec ex, TableDef parent, TableDef child, ForeignKeys.FkDef fk, Object[] old, Object[] now) {
    Object[] want = FkEnforcer.referencedKey(parent, child, fk, old);
    if (want == null) {
      return;
    }
    boolean setNull = (now == null ? fk.onDelete : fk.onUpdate).equals("n");
    for (byte[] key : FkEnforcer.referencingKeys(ex, child, fk, want, false)) {
      ex.session.checkCancel();
      ex.txn.lock(key);
      byte[] stored = ex.txn.get(key);
      if (stored == null) {
        continue; // gone meanwhile (an earlier action of this statement)
      }
      Object[] row = child.decodeRow(stored);
      if (!FkEnforcer.references(child, fk, row, want)) {
        continue; // changed meanwhile
      }
      if (now == null && !setNull) {
        RowWriter.delete(ex, child, key, row);
        continue;
      }
      Object[] next = row.clone();
      for (int i = 0; i < fk.columns.size(); i++) {
        next[child.position(fk.columns.get(i))] =
            setNull ? null : now[parent.position(fk.refColumns.get(i))];
      }
      RowWriter.update(ex, child, key, row, RowWriter.check(ex, child, next));
    }
  }
}
