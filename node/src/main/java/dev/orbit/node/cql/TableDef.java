package dev.orbit.node.cql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A table: columns in schema order (partition key, clustering, then others), options, indexes. */
public final class TableDef {
  public final String keyspace;
  public final String name;
  public final UUID id;

  /** Number of the table's key range in the store; a re-created table gets a new one. */
  public final int number;

  public final List<ColumnDef> columns;
  public final Map<String, Object> options;
  public final List<IndexDef> indexes;
  public final List<ColumnDef> partitionKey;
  public final List<ColumnDef> clustering;
  private final Map<String, ColumnDef> byName = new HashMap<>();
  private final Map<Integer, ColumnDef> byId = new HashMap<>();

  /** A secondary index on one regular column. */
  public record IndexDef(String name, String column, int number) {}

  public TableDef(
      String keyspace,
      String name,
      UUID id,
      int number,
      List<ColumnDef> columns,
      Map<String, Object> options,
      List<IndexDef> indexes) {
    this.keyspace = keyspace;
    this.name = name;
    this.id = id;
    this.number = number;
    this.columns = List.copyOf(columns);
    this.options = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    this.indexes = List.copyOf(indexes);
    List<ColumnDef> pk = new ArrayList<>();
    List<ColumnDef> ck = new ArrayList<>();
    for (ColumnDef c : columns) {
      byName.put(c.name(), c);
      byId.put(c.id(), c);
      if (c.kind() == ColumnDef.Kind.PARTITION_KEY) {
        pk.add(c);
      } else if (c.kind() == ColumnDef.Kind.CLUSTERING) {
        ck.add(c);
      }
    }
    this.partitionKey = List.copyOf(pk);
    this.clustering = List.copyOf(ck);
  }

  public ColumnDef column(String n) {
    return byName.get(n);
  }

  public ColumnDef columnById(int colId) {
    return byId.get(colId);
  }

  /** The column, or an invalid-request error naming it. */
  public ColumnDef require(String n) {
    ColumnDef c = byName.get(n);
    if (c == null) {
      throw CqlException.invalid(
          "Undefined column name " + ColumnDef.quote(n) + " in table " + keyspace + "." + name);
    }
    return c;
  }

  public boolean isCounterTable() {
    for (ColumnDef c : columns) {
      if (c.type().isCounter()) {
        return true;
      }
    }
    return false;
  }

  /** default_time_to_live in seconds (0: none). */
  public int defaultTtl() {
    Object v = options.get("default_time_to_live");
    return v == null ? 0 : Integer.parseInt(v.toString());
  }

  public boolean hasStatics() {
    for (ColumnDef c : columns) {
      if (c.kind() == ColumnDef.Kind.STATIC) {
        return true;
      }
    }
    return false;
  }

  public IndexDef indexOn(String column) {
    for (IndexDef i : indexes) {
      if (i.column().equals(column)) {
        return i;
      }
    }
    return null;
  }

  public int maxColumnId() {
    int m = 0;
    for (ColumnDef c : columns) {
      m = Math.max(m, c.id());
    }
    return m;
  }

  public String qualified() {
    return keyspace + "." + name;
  }
}
