package dev.orbit.node.cql;

import java.nio.ByteBuffer;
import java.util.Map;

/** Rows to and from the bytes stored under their key. */
public final class RowCodec {
  private static final byte FORMAT = 1;

  /** Format 1 followed by the row's range deletions (partition headers that have some). */
  private static final byte FORMAT_RANGES = 2;

  private RowCodec() {}

  public static byte[] encode(Row row) {
    int size = 1 + 1 + 8 + 4 + 4 + (row.marker == null ? 0 : cellSize(row.marker));
    for (Cell c : row.cells.values()) {
      size += 4 + cellSize(c);
    }
    for (Row.Collection c : row.collections.values()) {
      size += 4 + 8 + 4;
      for (Map.Entry<byte[], Cell> e : c.elements.entrySet()) {
        size += 4 + e.getKey().length + cellSize(e.getValue());
      }
    }
    if (!row.ranges.isEmpty()) {
      size += 4;
      for (RangeTombstone r : row.ranges) {
        size += 4 + r.start().length + 4 + (r.end() == null ? 0 : r.end().length) + 8;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(row.ranges.isEmpty() ? FORMAT : FORMAT_RANGES);
    b.put((byte) (row.marker == null ? 0 : 1));
    if (row.marker != null) {
      putCell(b, row.marker);
    }
    b.putLong(row.deletedAt);
    b.putInt(row.cells.size());
    for (Map.Entry<Integer, Cell> e : row.cells.entrySet()) {
      b.putInt(e.getKey());
      putCell(b, e.getValue());
    }
    b.putInt(row.collections.size());
    for (Map.Entry<Integer, Row.Collection> e : row.collections.entrySet()) {
      b.putInt(e.getKey());
      b.putLong(e.getValue().clearedAt);
      b.putInt(e.getValue().elements.size());
      for (Map.Entry<byte[], Cell> el : e.getValue().elements.entrySet()) {
        b.putInt(el.getKey().length).put(el.getKey());
        putCell(b, el.getValue());
      }
    }
    if (!row.ranges.isEmpty()) {
      b.putInt(row.ranges.size());
      for (RangeTombstone r : row.ranges) {
        b.putInt(r.start().length).put(r.start());
        if (r.end() == null) {
          b.putInt(-1);
        } else {
          b.putInt(r.end().length).put(r.end());
        }
        b.putLong(r.timestamp());
      }
    }
    return b.array();
  }

  private static int cellSize(Cell c) {
    return 8 + 4 + 4 + 4 + (c.value() == null ? 0 : c.value().length);
  }

  private static void putCell(ByteBuffer b, Cell c) {
    b.putLong(c.timestamp()).putInt(c.expiresAt()).putInt(c.ttl());
    if (c.value() == null) {
      b.putInt(-1);
    } else {
      b.putInt(c.value().length).put(c.value());
    }
  }

  /**
   * The row stored as {@code raw}; collections of columns no longer in {@code table} are skipped.
   */
  public static Row decode(byte[] raw, TableDef table) {
    ByteBuffer b = ByteBuffer.wrap(raw);
    byte format = b.get();
    if (format != FORMAT && format != FORMAT_RANGES) {
      throw new IllegalStateException("unknown cql row format");
    }
    Row row = new Row();
    if (b.get() == 1) {
      row.marker = getCell(b);
    }
    row.deletedAt = b.getLong();
    int n = b.getInt();
    for (int i = 0; i < n; i++) {
      int id = b.getInt();
      Cell c = getCell(b);
      if (table.columnById(id) != null) {
        row.cells.put(id, c);
      }
    }
    int nc = b.getInt();
    for (int i = 0; i < nc; i++) {
      int id = b.getInt();
      long cleared = b.getLong();
      int ne = b.getInt();
      ColumnDef col = table.columnById(id);
      Row.Collection coll = col == null ? null : new Row.Collection(CellOrder.of(col.type()));
      for (int j = 0; j < ne; j++) {
        byte[] path = new byte[b.getInt()];
        b.get(path);
        Cell c = getCell(b);
        if (coll != null) {
          coll.elements.put(path, c);
        }
      }
      if (coll != null) {
        coll.clearedAt = cleared;
        row.collections.put(id, coll);
      }
    }
    if (format == FORMAT_RANGES) {
      int nr = b.getInt();
      for (int i = 0; i < nr; i++) {
        byte[] start = new byte[b.getInt()];
        b.get(start);
        int endLen = b.getInt();
        byte[] end = null;
        if (endLen >= 0) {
          end = new byte[endLen];
          b.get(end);
        }
        row.ranges.add(new RangeTombstone(start, end, b.getLong()));
      }
    }
    return row;
  }

  private static Cell getCell(ByteBuffer b) {
    long ts = b.getLong();
    int exp = b.getInt();
    int ttl = b.getInt();
    int len = b.getInt();
    byte[] v = null;
    if (len >= 0) {
      v = new byte[len];
      b.get(v);
    }
    return new Cell(ts, exp, ttl, v);
  }
}
