package dev.orbit.node.cql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Column values of a stored row as clients see them at a given time. */
final class RowReader {
  private RowReader() {}

  /** The column's value (collections packed), or null when absent, deleted or expired. */
  static byte[] cellValue(Row row, ColumnDef col, int now) {
    if (row == null) {
      return null;
    }
    if (col.type().multiCell()) {
      Row.Collection c = row.collections.get(col.id());
      if (c == null) {
        return null;
      }
      List<byte[]> items = new ArrayList<>();
      for (Map.Entry<byte[], Cell> e : c.elements.entrySet()) {
        if (!e.getValue().live(now)) {
          continue;
        }
        switch (col.type().kind) {
          case LIST -> items.add(e.getValue().value());
          case SET -> items.add(e.getKey());
          default -> {
            items.add(e.getKey());
            items.add(e.getValue().value());
          }
        }
      }
      return items.isEmpty() ? null : Values.pack(col.type(), items);
    }
    Cell c = row.cells.get(col.id());
    return c != null && c.live(now) ? c.value() : null;
  }

  /** The newest live cell of the column (for writetime and ttl), or null. */
  static Cell cell(Row row, ColumnDef col, int now) {
    Cell c = row == null ? null : row.cells.get(col.id());
    return c != null && c.live(now) ? c : null;
  }

  /** Values of the partition key and clustering columns of a row key, in schema order. */
  static List<byte[]> keyValues(TableDef t, byte[] key) {
    List<byte[]> out =
        new ArrayList<>(KeyLayout.splitPartitionKey(KeyLayout.pkOf(key), t.partitionKey.size()));
    int at = KeyLayout.partitionLength(key);
    if (at < key.length && key[at] == KeyLayout.ROW) {
      out.addAll(KeyLayout.decodeClustering(t.clustering, key, at + 1));
    }
    return out;
  }
}
