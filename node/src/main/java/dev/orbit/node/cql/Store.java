package dev.orbit.node.cql;

import dev.orbit.node.storage.ProtocolStore;
import dev.orbit.node.storage.Txn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Reads and writes of CQL rows over the cql protocol store; every write goes through its API. */
final class Store {
  final ProtocolStore store;
  private final Schema schema;

  Store(ProtocolStore store, Schema schema) {
    this.store = store;
    this.schema = schema;
  }

  /**
   * An atomic write of rows planned against some version of the schema: runs with the schema held
   * still (so a CREATE INDEX, DROP INDEX or DROP TABLE is ordered with it) and its body sees,
   * through {@link #applyIn}, the table as it is now.
   */
  <T> ProtocolStore.Committed<T> atomically(Collection<byte[]> keys, Function<Txn, T> body) {
    return schema.withStableSchema(() -> store.atomically(keys, body));
  }

  /** The table as the schema has it now; refused when it was dropped since {@code planned}. */
  private TableDef current(TableDef planned) {
    TableDef now = schema.table(planned.keyspace, planned.name);
    if (now == null || !now.id.equals(planned.id)) {
      throw CqlException.invalid("table " + planned.name + " does not exist");
    }
    return now;
  }

  /** The stored row at {@code key}, or null. */
  Row row(TableDef t, byte[] key) {
    byte[] raw = store.get(key);
    return raw == null ? null : RowCodec.decode(raw, t);
  }

  /** The partition deletion time of the partition {@code part}, or {@link Row#NONE}. */
  long partitionDeletion(TableDef t, byte[] part) {
    byte[] raw = store.get(KeyLayout.header(part));
    return raw == null ? Row.NONE : RowCodec.decode(raw, t).deletedAt;
  }

  /** Row as a reader sees it: with partition deletions applied. */
  Row visibleRow(TableDef t, byte[] key, Txn txn) {
    byte[] raw = txn == null ? store.get(key) : txn.get(key);
    if (raw == null) {
      return null;
    }
    Row r = RowCodec.decode(raw, t);
    byte[] hk = KeyLayout.header(java.util.Arrays.copyOf(key, KeyLayout.partitionLength(key)));
    byte[] h = txn == null ? store.get(hk) : txn.get(hk);
    int plen = KeyLayout.partitionLength(key);
    if (h != null && key[plen] == KeyLayout.ROW) {
      byte[] clustering = java.util.Arrays.copyOfRange(key, plen + 1, key.length);
      r.applyPartitionDeletion(RowCodec.decode(h, t).deletionFor(clustering));
    }
    return r;
  }

  /** Applies the mutations as one atomic write; completes when durable. */
  CompletableFuture<java.lang.Void> apply(
      TableDef t, Map<byte[], WritePlan.Mutation> mutations, Exec e) {
    List<byte[]> keys = new ArrayList<>(mutations.keySet());
    return atomically(
            keys,
            txn -> {
              applyIn(txn, t, mutations, e);
              return null;
            })
        .durable();
  }

  /**
   * Applies mutations inside an atomic operation opened by {@link #atomically}; index entries are
   * kept for the table's indexes as they are now, not as they were when the write was planned.
   */
  void applyIn(Txn txn, TableDef t, Map<byte[], WritePlan.Mutation> mutations, Exec e) {
    TableDef now = current(t);
    for (Map.Entry<byte[], WritePlan.Mutation> m : mutations.entrySet()) {
      byte[] key = m.getKey();
      WritePlan.Mutation mu = m.getValue();
      byte[] raw = txn.get(key);
      Row current = raw == null ? null : RowCodec.decode(raw, t);
      Row update = mu.row();
      Row currentVisible = null;
      if (mu.needsRead() && current != null) {
        currentVisible = visibleRow(t, key, txn);
      }
      for (Op op : mu.ops()) {
        op.apply(update, currentVisible, mu.ts(), mu.expiresAt(), mu.ttl(), e);
      }
      byte[][] indexed = IndexEntries.values(now, current);
      Row merged = current == null ? update : current;
      if (current != null) {
        merged.merge(update, t);
      } else {
        merged.purge();
      }
      txn.put(key, RowCodec.encode(merged));
      if (indexed.length > 0 && key[KeyLayout.partitionLength(key)] == KeyLayout.ROW) {
        IndexEntries.maintain(txn, now, key, indexed, merged);
      }
    }
  }
}
