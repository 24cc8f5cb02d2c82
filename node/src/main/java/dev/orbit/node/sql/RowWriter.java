package dev.orbit.node.sql;

import dev.orbit.node.storage.KeyValue;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Writes rows of one table inside a transaction: locks the row key (and unique index values),
 * checks constraints, and keeps every secondary index in step with the row.
 */
final class RowWriter {
  private RowWriter() {}

  /** Prepares a new row: coerces values, checks NOT NULL; returns it for {@link #insert}. */
  static Object[] check(TableDef t, Object[] row) {
    for (int i = 0; i < row.length; i++) {
      ColumnDef c = t.columns.get(i);
      row[i] = Values.coerce(row[i], c.type, c.typmod);
      if (c.elementType != null) {
        row[i] = ArrayElements.coerce(row[i], c.elementType, c.elementTypmod);
      }
    }
    for (int i = 0; i < row.length; i++) {
      ColumnDef c = t.columns.get(i);
      if (row[i] == null && (c.notNull || t.primaryKey.contains(c.id))) {
        throw new SqlException(
            "23502",
            "null value in column \""
                + c.name
                + "\" of relation \""
                + t.name
                + "\" violates not-null constraint",
            Checks.failingRow(t, row));
      }
    }
    return row;
  }

  /** {@link #check(TableDef, Object[])}, then the table's CHECK constraints (23514). */
  static Object[] check(Exec ex, TableDef t, Object[] row) {
    check(t, row);
    Checks.verify(ex, t, row);
    return row;
  }

  /** The key the row would be stored under (a fresh row id for tables without a key). */
  static byte[] keyFor(Exec ex, TableDef t, Object[] row) {
    return t.keyOf(row, t.hasPrimaryKey() ? 0 : ex.catalog().rowId(t));
  }

  /** Inserts; fails with 23505 when the key or a unique value is taken. */
  static void insert(Exec ex, TableDef t, byte[] key, Object[] row) {
    Transaction txn = ex.txn;
    if (t.hasPrimaryKey()) {
      txn.lock(key);
      if (txn.get(key) != null) {
        throw duplicate(t, t.name + "_pkey", t.pkSlots(), row);
      }
    }
    checkUnique(ex, t, row, key);
    txn.put(key, t.encodeRow(row));
    for (IndexDef ix : t.indexes) {
      txn.put(t.indexEntry(ix, row, key), key);
    }
    FkEnforcer.afterInsert(ex, t, key, row);
  }

  /** Replaces the row at {@code oldKey} (locked by the caller) with {@code row}. */
  static byte[] update(Exec ex, TableDef t, byte[] oldKey, Object[] old, Object[] row) {
    Transaction txn = ex.txn;
    byte[] newKey = t.hasPrimaryKey() ? t.keyOf(row, 0) : oldKey;
    boolean moved = !Arrays.equals(newKey, oldKey);
    if (moved) {
      txn.lock(newKey);
      if (txn.get(newKey) != null) {
        throw duplicate(t, t.name + "_pkey", t.pkSlots(), row);
      }
    }
    for (IndexDef ix : t.indexes) {
      byte[] before = t.indexEntry(ix, old, oldKey);
      byte[] after = t.indexEntry(ix, row, newKey);
      if (!Arrays.equals(before, after)) {
        txn.delete(before);
      }
    }
    checkUnique(ex, t, row, newKey);
    if (moved) {
      txn.delete(oldKey);
    }
    txn.put(newKey, t.encodeRow(row));
    for (IndexDef ix : t.indexes) {
      txn.put(t.indexEntry(ix, row, newKey), newKey);
    }
    FkEnforcer.afterUpdate(ex, t, old, newKey, row);
    return newKey;
  }

  static void delete(Exec ex, TableDef t, byte[] key, Object[] old) {
    Transaction txn = ex.txn;
    txn.delete(key);
    for (IndexDef ix : t.indexes) {
      txn.delete(t.indexEntry(ix, old, key));
    }
    FkEnforcer.afterDelete(ex, t, old);
  }

  private static void checkUnique(Exec ex, TableDef t, Object[] row, byte[] key) {
    for (IndexDef ix : t.indexes) {
      if (!ix.unique) {
        continue;
      }
      int[] slots = t.indexSlots(ix);
      boolean hasNull = false;
      for (int s : slots) {
        hasNull |= row[s] == null;
      }
      if (hasNull) {
        continue;
      }
      byte[] prefix = t.indexValuePrefix(ix, row);
      ex.txn.lock(prefix);
      Iterator<KeyValue> it = ex.txn.scan(prefix, Bytes.prefixEnd(prefix));
      try {
        while (it.hasNext()) {
          KeyValue kv = it.next();
          if (!Arrays.equals(kv.value(), key) && ex.txn.get(kv.value()) != null) {
            throw duplicate(t, ix.name, slots, row);
          }
        }
      } finally {
        if (it instanceof AutoCloseable c) {
          try {
            c.close();
          } catch (Exception ignored) {
            // closing an iterator does not fail
          }
        }
      }
    }
  }

  static SqlException duplicate(TableDef t, String constraint, int[] slots, Object[] row) {
    StringBuilder cols = new StringBuilder();
    StringBuilder vals = new StringBuilder();
    for (int s : slots) {
      if (cols.length() > 0) {
        cols.append(", ");
        vals.append(", ");
      }
      cols.append(t.columns.get(s).name);
      vals.append(Values.toText(row[s], t.columns.get(s).type));
    }
    return new SqlException(
        "23505",
        "duplicate key value violates unique constraint \"" + constraint + "\"",
        "Key (" + cols + ")=(" + vals + ") already exists.");
  }

  /** The conflicting row's key for ON CONFLICT: the key itself, or a unique index hit. */
  static byte[] conflict(Exec ex, TableDef t, byte[] key, Object[] row, List<Integer> target) {
    Transaction txn = ex.txn;
    if (t.hasPrimaryKey() && (target == null || target.equals(t.primaryKey))) {
      txn.lock(key);
      if (txn.get(key) != null) {
        return key;
      }
    }
    for (IndexDef ix : t.indexes) {
      if (!ix.unique || (target != null && !target.equals(ix.columns))) {
        continue;
      }
      byte[] prefix = t.indexValuePrefix(ix, row);
      ex.txn.lock(prefix);
      Iterator<KeyValue> it = ex.txn.scan(prefix, Bytes.prefixEnd(prefix));
      while (it.hasNext()) {
        byte[] k = it.next().value();
        if (txn.get(k) != null) {
          return k;
        }
      }
    }
    return null;
  }
}
