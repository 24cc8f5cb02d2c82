package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import com.datastax.oss.protocol.internal.response.result.Void;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** An INSERT, UPDATE or DELETE checked against its table. */
final class WritePlan implements Plan {
  final TableDef table;
  final List<KeyTerms.Values> partition = new ArrayList<>();
  final List<KeyTerms.Values> clustering = new ArrayList<>();
  final List<Op> ops = new ArrayList<>();

  /** A DELETE's slice relations on the clustering column after {@link #clustering}. */
  final List<Ast.Relation> slice = new ArrayList<>();

  final boolean insertMarker;
  final boolean rowDelete;
  final Ast.Using using;
  final Lwt lwt;
  private final Vars vars;
  private final Store store;

  WritePlan(
      Store store,
      TableDef table,
      Ast.Modification m,
      Vars vars,
      Lwt lwt,
      boolean insert,
      boolean rowDelete) {
    this.store = store;
    this.table = table;
    this.vars = vars;
    this.using = m.using();
    this.insertMarker = insert;
    this.rowDelete = rowDelete;
    this.lwt = lwt;
  }

  @Override
  public List<ColumnSpec> variables() {
    return vars.specs();
  }

  @Override
  public List<ColumnSpec> resultColumns() {
    return lwt == null ? List.of() : lwt.columns();
  }

  @Override
  public boolean isWrite() {
    return true;
  }

  @Override
  public int[] partitionKeyIndexes() {
    int[] out = new int[partition.size()];
    for (int i = 0; i < out.length; i++) {
      List<Ast.Term> ts = partition.get(i).terms();
      if (ts == null || ts.size() != 1 || !(ts.get(0) instanceof Ast.Marker m)) {
        return new int[0];
      }
      out[i] = m.index();
    }
    return out;
  }

  /**
   * The rows (by key) and their changes this execution makes; header keys for partition deletes.
   */
  Map<byte[], Mutation> mutations(Exec e, Long batchTimestamp) {
    long ts = timestamp(e, batchTimestamp);
    int ttl = ttl(e);
    int expiresAt = ttl == 0 ? 0 : e.nowSeconds + ttl;
    Map<byte[], Mutation> out = new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
    for (List<byte[]> pkParts : KeyTerms.product(partition, e)) {
      byte[] pk = KeyLayout.partitionKey(pkParts);
      if (pk.length > 65535) {
        throw CqlException.invalid(
            "Key length of " + pk.length + " is longer than maximum of 65535");
      }
      byte[] part = KeyLayout.partition(table.number, pk);
      List<Op> statics = staticOps();
      if (!statics.isEmpty()) {
        // static cells live in the partition header, beside the partition deletion
        out.put(KeyLayout.header(part), new Mutation(new Row(), statics, ts, expiresAt, ttl));
      }
      if (clustering.size() < table.clustering.size() && !statics.isEmpty()) {
        continue;
      }
      if (clustering.size() < table.clustering.size()) {
        if (!rowDelete) {
          throw CqlException.unsupported("deleting a range of rows within a partition");
        }
        Row m = new Row();
        if (clustering.isEmpty() && slice.isEmpty()) {
          m.deletedAt = ts;
        } else {
          // a range tombstone, kept in the partition header beside the partition deletion
          for (List<byte[]> prefix : KeyTerms.product(clustering, e)) {
            RangeTombstone rt = RangeDeletes.tombstone(table, prefix, slice, e, ts);
            if (!rt.empty()) {
              m.addRange(rt);
            }
          }
          if (m.ranges.isEmpty()) {
            continue;
          }
        }
        out.put(KeyLayout.header(part), new Mutation(m, List.of(), ts, 0, 0));
        continue;
      }
      for (List<byte[]> ck : KeyTerms.product(clustering, e)) {
        byte[] key =
            KeyLayout.concat(KeyLayout.rowPrefix(part), KeyTerms.clustering(table.clustering, ck));
        Row m = new Row();
        if (insertMarker) {
          m.marker = new Cell(ts, expiresAt, ttl, new byte[0]);
        }
        if (rowDelete) {
          m.deletedAt = ts;
        }
        List<Op> regular = regularOps();
        if (insertMarker || rowDelete || !regular.isEmpty()) {
          out.put(key, new Mutation(m, regular, ts, expiresAt, ttl));
        }
      }
    }
    return out;
  }

  /** True when the write sets or deletes static columns and nothing else of a row. */
  boolean onlyStatic() {
    return !ops.isEmpty() && regularOps().isEmpty() && !rowDelete;
  }

  boolean touchesStatic() {
    return !staticOps().isEmpty();
  }

  private List<Op> staticOps() {
    return ops.stream().filter(o -> o.column.kind() == ColumnDef.Kind.STATIC).toList();
  }

  private List<Op> regularOps() {
    return ops.stream().filter(o -> o.column.kind() != ColumnDef.Kind.STATIC).toList();
  }

  /** A row's changes: the pieces known up front, and the ops applied against its stored state. */
  record Mutation(Row row, List<Op> ops, long ts, int expiresAt, int ttl) {
    boolean needsRead() {
      for (Op o : ops) {
        if (o.needsRead()) {
          return true;
        }
      }
      return false;
    }
  }

  private long timestamp(Exec e, Long batchTimestamp) {
    if (using.timestamp() != null) {
      if (table.isCounterTable()) {
        throw CqlException.invalid("Cannot provide custom timestamp for counter updates");
      }
      byte[] v = e.value(using.timestamp(), CqlType.of(CqlType.Kind.BIGINT));
      if (v == null) {
        throw CqlException.invalid("Invalid null value of timestamp");
      }
      if (v != Terms.UNSET) {
        return Values.toLong(v);
      }
    }
    return batchTimestamp != null ? batchTimestamp : e.timestampMicros;
  }

  private int ttl(Exec e) {
    if (using.ttl() == null) {
      return table.defaultTtl();
    }
    if (table.isCounterTable()) {
      throw CqlException.invalid("Cannot provide custom TTL for counter updates");
    }
    byte[] v = e.value(using.ttl(), CqlType.of(CqlType.Kind.INT));
    if (v == null) {
      throw CqlException.invalid("Invalid null value of TTL");
    }
    if (v == Terms.UNSET) {
      return table.defaultTtl();
    }
    int ttl = Values.toInt(v);
    if (ttl < 0) {
      throw CqlException.invalid("A TTL must be greater or equal to 0, but was " + ttl);
    }
    if (ttl > 630720000) {
      throw CqlException.invalid("ttl is too large. requested (" + ttl + ") maximum (630720000)");
    }
    return ttl;
  }

  @Override
  public CompletableFuture<Result> execute(Exec e) {
    if (lwt != null) {
      return lwt.execute(this, e);
    }
    return store.apply(table, mutations(e, null), e).thenApply(v -> Void.INSTANCE);
  }

  static Map<String, KeyTerms.Values> byName(List<KeyTerms.Values> l) {
    Map<String, KeyTerms.Values> m = new LinkedHashMap<>();
    l.forEach(v -> m.put(v.column().name(), v));
    return m;
  }

  static Map<String, Object> none() {
    return new HashMap<>();
  }
}
