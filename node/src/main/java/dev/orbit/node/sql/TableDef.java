package dev.orbit.node.sql;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table's schema and physical ids. Rows live under {@code 0x02 id pk}; a table without a primary
 * key is keyed by a hidden row id from its own sequence.
 */
public final class TableDef {
  public long id;
  public long oid;
  public String name;
  public List<ColumnDef> columns = new ArrayList<>();

  /** Column ids of the primary key; empty when rows are keyed by a hidden row id. */
  public List<Integer> primaryKey = new ArrayList<>();

  public List<IndexDef> indexes = new ArrayList<>();

  /** CHECK constraints (absent in records written before they existed). */
  public List<Checks.CheckDef> checks = new ArrayList<>();

  /** FOREIGN KEY constraints of this (referencing) table. */
  public List<ForeignKeys.FkDef> foreignKeys = new ArrayList<>();

  public int nextColumnId = 1;

  /** COMMENT ON TABLE, or null. */
  public String comment;

  @JsonIgnore private int[] pkSlots;
  @JsonIgnore private int[] columnIds;
  @JsonIgnore private int[] slotById;

  /** This table's hidden row id sequence, once looked up (see {@link Catalog#rowId}). */
  @JsonIgnore SequenceDef rowIds;

  /** Drops derived lookups after a change of columns or keys. */
  void invalidate() {
    pkSlots = null;
    columnIds = null;
    slotById = null;
  }

  /** A deep copy for ALTER TABLE (the catalog swaps whole definitions). */
  TableDef copy() {
    return Catalog.JSON.convertValue(this, TableDef.class);
  }

  @JsonIgnore
  public int columnCount() {
    return columns.size();
  }

  /** Column position by name, or -1. */
  public int position(String column) {
    String c = column.toLowerCase(Locale.ROOT);
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name.equals(c)) {
        return i;
      }
    }
    return -1;
  }

  public int positionOrThrow(String column) {
    int p = position(column);
    if (p < 0) {
      throw new SqlException(
          "42703", "column \"" + column + "\" of relation \"" + name + "\" does not exist");
    }
    return p;
  }

  int positionOfId(int columnId) {
    int[] slots = slotById();
    return columnId >= 0 && columnId < slots.length ? slots[columnId] : -1;
  }

  @JsonIgnore
  int[] pkSlots() {
    if (pkSlots == null) {
      pkSlots = primaryKey.stream().mapToInt(this::positionOfId).toArray();
    }
    return pkSlots;
  }

  @JsonIgnore
  boolean hasPrimaryKey() {
    return !primaryKey.isEmpty();
  }

  int[] indexSlots(IndexDef ix) {
    return ix.columns.stream().mapToInt(this::positionOfId).toArray();
  }

  // ---- stored form ----

  byte[] rowPrefix() {
    return KeyCodec.rowPrefix(id).toArray();
  }

  byte[] keyOf(Object[] row, long rowId) {
    Bytes b = KeyCodec.rowPrefix(id);
    if (!hasPrimaryKey()) {
      KeyCodec.encode(b, rowId);
    } else {
      for (int s : pkSlots()) {
        KeyCodec.encode(b, row[s]);
      }
    }
    return b.toArray();
  }

  /** The key of the row whose primary key values are {@code pk}, in key-column order. */
  byte[] keyOfPk(Object[] pk) {
    Bytes b = KeyCodec.rowPrefix(id);
    for (Object v : pk) {
      KeyCodec.encode(b, v);
    }
    return b.toArray();
  }

  byte[] encodeRow(Object[] row) {
    if (columnIds == null) {
      columnIds = columns.stream().mapToInt(c -> c.id).toArray();
    }
    return RowCodec.encode(columnIds, row);
  }

  Object[] decodeRow(byte[] raw) {
    Object[] row = new Object[columns.size()];
    for (int i = 0; i < row.length; i++) {
      String missing = columns.get(i).missingText;
      if (missing != null) {
        row[i] = Values.fromText(missing, columns.get(i).type);
      }
    }
    RowCodec.decode(raw, slotById(), row);
    for (int i = 0; i < row.length; i++) {
      if (row[i] instanceof String text && ArrayTypes.comparesByElement(columns.get(i).type)) {
        row[i] = ArrayTypes.typedList(text, columns.get(i).type); // so {9} sorts before {10}
      }
    }
    return row;
  }

  /** Column id → row slot (-1 for ids no column has), as {@link RowCodec#decode} takes it. */
  @JsonIgnore
  int[] slotById() {
    if (slotById == null) {
      int[] ids = new int[columns.size()];
      int[] slots = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = columns.get(i).id;
        slots[i] = i;
      }
      slotById = RowCodec.slotTable(ids, slots);
    }
    return slotById;
  }

  /** The entry prefix of {@code ix} for the row's indexed values (the unique-check lock key). */
  byte[] indexValuePrefix(IndexDef ix, Object[] row) {
    Bytes b = KeyCodec.indexPrefix(ix.id);
    for (int s : indexSlots(ix)) {
      KeyCodec.encode(b, row[s]);
    }
    return b.toArray();
  }

  byte[] indexEntry(IndexDef ix, Object[] row, byte[] rowKey) {
    Bytes b = new Bytes(indexValuePrefix(ix, row));
    b.put(java.util.Arrays.copyOfRange(rowKey, 9, rowKey.length));
    return b.toArray();
  }

  IndexDef index(String indexName) {
    for (IndexDef ix : indexes) {
      if (ix.name.equals(indexName)) {
        return ix;
      }
    }
    return null;
  }
}
