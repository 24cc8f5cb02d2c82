package dev.orbit.node.sql;

import dev.orbit.node.storage.BulkLoad;
import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ALTER TABLE … ADD PRIMARY KEY: copies every row of a table under a new table id keyed by the new
 * primary key (checking it is unique and not null) and rebuilds the indexes. The caller publishes
 * the new definition only after the copy is complete, so a crash leaves the old table intact, and
 * then retires the old copy.
 */
final class Rekey {
  private static final int BATCH = 5000;

  private Rekey() {}

  static TableDef copy(Exec ex, TableDef old, TableDef t) {
    Catalog cat = ex.catalog();
    t.id = cat.newId();
    List<IndexDef> indexes = new ArrayList<>();
    for (IndexDef ix : t.indexes) {
      indexes.add(new IndexDef(cat.newId(), ix.name, ix.columns, ix.unique));
    }
    t.indexes = new ArrayList<>();
    byte[] p = old.rowPrefix();
    boolean asStored = sameColumns(old, t);
    int[] keyIds = t.primaryKey.stream().mapToInt(Integer::intValue).toArray();
    int[] keySlots = RowCodec.slotTable(keyIds, t.pkSlots());
    // rows whose new keys come in ascending order (unique, then) go straight into files; from the
    // first key out of order on, rows go through batches that look each such key up first
    Transaction batch = null;
    byte[] highest = null;
    int n = 0;
    try (MergedScan scan = cat.store().scan(p, Bytes.prefixEnd(p));
        BulkLoad load = cat.store().bulkLoad()) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        Object[] row = asStored ? keyColumns(t, kv.value(), keySlots) : converted(old, t, kv);
        byte[] key = t.keyOf(row, 0);
        byte[] value = asStored ? kv.value() : t.encodeRow(row);
        if (batch == null) {
          if (load.accepts(key)) {
            load.add(key, value);
            highest = key;
            continue;
          }
          load.commit(List.of(), v -> false);
          batch = ex.session.engine.batchTransaction();
        }
        if (Arrays.compareUnsigned(key, highest) > 0) {
          highest = key; // above every earlier key: new, no lookup needed
        } else if (batch.get(key) != null) {
          batch.rollback();
          byte[] np = t.rowPrefix();
          cat.store().clearRange(np, Bytes.prefixEnd(np));
          SqlException dup = RowWriter.duplicate(t, t.name + "_pkey", t.pkSlots(), row);
          throw new SqlException(
              "23505", "could not create unique index \"" + t.name + "_pkey\"", dup.detail());
        }
        batch.put(key, value);
        if (++n % BATCH == 0) {
          batch.commitUnpublished();
        }
      }
      if (batch == null) {
        load.commit(List.of(), v -> false);
      } else {
        batch.commitUnpublished();
      }
    } catch (RuntimeException | Error e) {
      if (batch != null) {
        batch.rollback(); // its buffered rows and files are dropped with the failed copy
      }
      throw e;
    }
    for (IndexDef ix : indexes) {
      Ddl.build(ex, t, ix);
      t.indexes.add(ix);
    }
    return t;
  }

  /** A row of {@code old} as a checked row of {@code t}. */
  private static Object[] converted(TableDef old, TableDef t, KeyValue kv) {
    Object[] oldRow = old.decodeRow(kv.value());
    Object[] row = new Object[t.columns.size()];
    for (int i = 0; i < row.length; i++) {
      int op = old.positionOfId(t.columns.get(i).id);
      row[i] = op < 0 ? null : oldRow[op];
    }
    return RowWriter.check(t, row);
  }

  /**
   * Only the key columns of a stored row that is valid as it is (the rest stay null); the one new
   * constraint, NOT NULL on the key, is checked.
   */
  private static Object[] keyColumns(TableDef t, byte[] raw, int[] keySlots) {
    Object[] row = new Object[t.columns.size()];
    for (int s : t.pkSlots()) {
      ColumnDef c = t.columns.get(s);
      if (c.missingText != null) {
        row[s] = Values.fromText(c.missingText, c.type);
      }
    }
    RowCodec.decode(raw, keySlots, row);
    for (int s : t.pkSlots()) {
      if (row[s] == null) {
        throw new SqlException(
            "23502",
            "null value in column \""
                + t.columns.get(s).name
                + "\" of relation \""
                + t.name
                + "\" violates not-null constraint");
      }
    }
    return row;
  }

  /**
   * Same columns (ids, types, order) and, outside the new key, the same NOT NULL: a stored row of
   * {@code a} is a valid row of {@code b} once its key columns are checked.
   */
  private static boolean sameColumns(TableDef a, TableDef b) {
    if (a.columns.size() != b.columns.size()) {
      return false;
    }
    for (int i = 0; i < a.columns.size(); i++) {
      ColumnDef x = a.columns.get(i);
      ColumnDef y = b.columns.get(i);
      if (x.id != y.id
          || x.type != y.type
          || x.typmod != y.typmod
          || (x.notNull != y.notNull && !b.primaryKey.contains(y.id))) {
        return false;
      }
    }
    return true;
  }
}
