package dev.orbit.node.cql;

import dev.orbit.node.storage.Txn;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Entries of secondary indexes: {@code 'I' index# value-length value row-key}, empty values. They
 * are written in the same atomic operation as their row; an entry whose row no longer holds its
 * value (a partition deletion, an expired cell) is skipped by readers, which check the row.
 */
final class IndexEntries {
  private IndexEntries() {}

  /** Every entry of {@code index} for {@code value}: a key prefix, in row-key order. */
  static byte[] valuePrefix(int index, byte[] value) {
    return ByteBuffer.allocate(5 + 4 + value.length)
        .put(KeyLayout.indexPrefix(index), 0, 5)
        .putInt(value.length)
        .put(value)
        .array();
  }

  static byte[] entry(int index, byte[] value, byte[] rowKey) {
    return KeyLayout.concat(valuePrefix(index, value), rowKey);
  }

  /** The row key an entry under {@code prefix} points at. */
  static byte[] rowKeyOf(byte[] entry, int prefixLength) {
    return Arrays.copyOfRange(entry, prefixLength, entry.length);
  }

  /** The row's stored values of the table's indexed columns, in index order. */
  static byte[][] values(TableDef t, Row row) {
    byte[][] out = new byte[t.indexes.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = stored(row, t.column(t.indexes.get(i).column()));
    }
    return out;
  }

  /** Moves the row's entries from the values {@code before} to those now in {@code after}. */
  static void maintain(Txn txn, TableDef t, byte[] rowKey, byte[][] before, Row after) {
    for (int n = 0; n < before.length; n++) {
      TableDef.IndexDef i = t.indexes.get(n);
      byte[] old = before[n];
      byte[] now = stored(after, t.column(i.column()));
      if (Arrays.equals(old, now)) {
        continue;
      }
      if (old != null) {
        txn.delete(entry(i.number(), old, rowKey));
      }
      if (now != null) {
        txn.put(entry(i.number(), now, rowKey), new byte[0]);
      }
    }
  }

  /** The value stored in the row's cell (live or not yet purged), or null. */
  static byte[] stored(Row row, ColumnDef c) {
    if (row == null) {
      return null;
    }
    Cell cell = row.cells.get(c.id());
    return cell == null ? null : cell.value();
  }
}
