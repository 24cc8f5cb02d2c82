package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.SchemaChange;
import com.datastax.oss.protocol.internal.response.result.Void;
import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import java.util.ArrayList;
import java.util.List;

/** CREATE INDEX and DROP INDEX: simple secondary indexes on one regular column. */
final class IndexDdl {
  private static final int BUILD_BATCH = 256;

  private final Schema schema;
  private final Store store;

  IndexDdl(Schema schema, Store store) {
    this.schema = schema;
    this.store = store;
  }

  Result create(Ast.CreateIndex c, TableDef t) {
    ColumnDef col = t.require(c.column());
    String name = c.name() != null ? c.name() : freeName(t, t.name + "_" + col.name() + "_idx");
    Ddl.checkName(name, "Index");
    if (find(t.keyspace, name) != null) {
      if (c.ifNotExists()) {
        return Void.INSTANCE;
      }
      throw CqlException.invalid("Index '" + name + "' already exists");
    }
    TableDef.IndexDef same = t.indexOn(col.name());
    if (same != null) {
      if (c.ifNotExists()) {
        return Void.INSTANCE;
      }
      throw CqlException.invalid(
          "Index " + name + " is a duplicate of existing index " + same.name());
    }
    if (t.isCounterTable()) {
      throw CqlException.invalid("Secondary indexes on counter tables are not supported");
    }
    if (col.isPrimaryKey()) {
      throw CqlException.unsupported("secondary indexes on PRIMARY KEY columns");
    }
    if (col.kind() == ColumnDef.Kind.STATIC) {
      throw CqlException.unsupported("secondary indexes on static columns");
    }
    if (col.type().isCollection()) {
      throw CqlException.unsupported("secondary indexes on collection columns");
    }
    List<TableDef.IndexDef> indexes = new ArrayList<>(t.indexes);
    TableDef.IndexDef idx = new TableDef.IndexDef(name, col.name(), schema.allocateNumber());
    indexes.add(idx);
    // published first, so writes from now on keep the index; then the rows already there
    TableDef next = withIndexes(t, indexes);
    schema.putTable(next);
    build(next, idx);
    return new SchemaChange("UPDATED", "TABLE", t.keyspace, t.name, null);
  }

  Result drop(Ast.DropIndex d, Session session) {
    String ks = d.name().keyspace() != null ? d.name().keyspace() : session.keyspaceOf(d.name());
    TableDef t = find(ks, d.name().name());
    if (t == null) {
      if (d.ifExists()) {
        return Void.INSTANCE;
      }
      // Cassandra 5's message, stray quote included
      throw CqlException.invalid("Index '" + ks + "." + d.name().name() + "' doesn't exist'");
    }
    List<TableDef.IndexDef> indexes = new ArrayList<>(t.indexes);
    TableDef.IndexDef gone =
        indexes.stream().filter(i -> i.name().equals(d.name().name())).findFirst().orElseThrow();
    indexes.remove(gone);
    schema.putTable(withIndexes(t, indexes));
    clear(gone);
    return new SchemaChange("UPDATED", "TABLE", t.keyspace, t.name, null);
  }

  /** Removes every entry of the index. */
  void clear(TableDef.IndexDef i) {
    byte[] p = KeyLayout.indexPrefix(i.number());
    store.store.clearRange(p, KeyLayout.after(p)).join();
  }

  /**
   * {@code base}, or with the first _1, _2 … suffix no index of the keyspace has (as Cassandra).
   */
  private String freeName(TableDef t, String base) {
    String name = base;
    for (int i = 1; find(t.keyspace, name) != null; i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** The table of keyspace {@code ks} that has an index named {@code name}, or null. */
  private TableDef find(String ks, String name) {
    KeyspaceDef k = schema.keyspace(ks);
    if (k == null) {
      return null;
    }
    for (TableDef t : k.tables().values()) {
      if (t.indexes.stream().anyMatch(i -> i.name().equals(name))) {
        return t;
      }
    }
    return null;
  }

  private static TableDef withIndexes(TableDef t, List<TableDef.IndexDef> indexes) {
    return new TableDef(t.keyspace, t.name, t.id, t.number, t.columns, t.options, indexes);
  }

  /** Indexes the rows already stored, a batch of rows per atomic write (rows locked meanwhile). */
  private void build(TableDef t, TableDef.IndexDef idx) {
    byte[] from = KeyLayout.tablePrefix(t.number);
    byte[] to = KeyLayout.after(from);
    ColumnDef col = t.column(idx.column());
    List<byte[]> batch = new ArrayList<>();
    try (MergedScan s = store.store.scan(from, to)) {
      while (s.hasNext()) {
        KeyValue kv = s.next();
        if (kv.key()[KeyLayout.partitionLength(kv.key())] != KeyLayout.ROW) {
          continue;
        }
        batch.add(kv.key());
        if (batch.size() == BUILD_BATCH) {
          index(t, idx, col, batch);
          batch = new ArrayList<>();
        }
      }
    }
    if (!batch.isEmpty()) {
      index(t, idx, col, batch);
    }
  }

  private void index(TableDef t, TableDef.IndexDef idx, ColumnDef col, List<byte[]> keys) {
    store
        .store
        .atomically(
            keys,
            txn -> {
              for (byte[] key : keys) {
                byte[] raw = txn.get(key);
                byte[] v = raw == null ? null : IndexEntries.stored(RowCodec.decode(raw, t), col);
                if (v != null) {
                  txn.put(IndexEntries.entry(idx.number(), v, key), new byte[0]);
                }
              }
              return null;
            })
        .durable()
        .join();
  }
}
