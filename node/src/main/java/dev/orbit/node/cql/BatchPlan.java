package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.ProtocolConstants;
import com.datastax.oss.protocol.internal.request.Batch;
import com.datastax.oss.protocol.internal.request.query.QueryOptions;
import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import com.datastax.oss.protocol.internal.response.result.Void;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A batch (BEGIN BATCH text, or a BATCH message): every statement's changes are applied as one
 * atomic store write, so logged and unlogged batches are both all-or-nothing on this store.
 */
final class BatchPlan implements Plan {
  private final Store store;
  private final List<WritePlan> plans = new ArrayList<>();
  private final Vars vars;
  private final String type;

  BatchPlan(Store store, CqlEngine engine, Ast.Batch b, Session s, Vars vars) {
    this.store = store;
    this.vars = vars;
    this.type = b.type();
    for (Ast.Modification m : b.statements()) {
      plans.add(check((WritePlan) engine.planModification(s, m, vars), type));
    }
  }

  static WritePlan check(WritePlan p, String type) {
    if (p.lwt != null) {
      throw CqlException.unsupported("conditional statements (IF) in batches");
    }
    boolean counter = p.table.isCounterTable();
    if (type.equals("counter") && !counter) {
      throw CqlException.invalid("Only counter mutations are allowed in COUNTER batches");
    }
    if (!type.equals("counter") && counter) {
      throw CqlException.invalid("Counter mutations are only allowed in COUNTER batches");
    }
    return p;
  }

  @Override
  public List<ColumnSpec> variables() {
    return vars.specs();
  }

  @Override
  public boolean isWrite() {
    return true;
  }

  @Override
  public CompletableFuture<Result> execute(Exec e) {
    List<Exec> execs = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      execs.add(e);
    }
    return apply(store, plans, execs, null);
  }

  static CompletableFuture<Result> apply(
      Store store, List<WritePlan> plans, List<Exec> execs, Long ts) {
    List<Map<byte[], WritePlan.Mutation>> all = new ArrayList<>();
    TreeSet<byte[]> keys = new TreeSet<>(java.util.Arrays::compareUnsigned);
    for (int i = 0; i < plans.size(); i++) {
      Map<byte[], WritePlan.Mutation> m = plans.get(i).mutations(execs.get(i), ts);
      keys.addAll(m.keySet());
      all.add(m);
    }
    return store
        .atomically(
            keys,
            txn -> {
              for (int i = 0; i < plans.size(); i++) {
                store.applyIn(txn, plans.get(i).table, all.get(i), execs.get(i));
              }
              return null;
            })
        .durable()
        .thenApply(v -> Void.INSTANCE);
  }

  /** A BATCH message: each statement with its own values, one timestamp for all. */
  static CompletableFuture<Result> run(
      CqlEngine engine, Store store, Session s, Batch b, BooleanSupplier cancelled) {
    String type =
        switch (b.type) {
          case ProtocolConstants.BatchType.UNLOGGED -> "unlogged";
          case ProtocolConstants.BatchType.COUNTER -> "counter";
          default -> "logged";
        };
    List<WritePlan> plans = new ArrayList<>();
    List<Exec> execs = new ArrayList<>();
    long ts = b.defaultTimestamp != Long.MIN_VALUE ? b.defaultTimestamp : engine.nextTimestamp();
    for (int i = 0; i < b.queriesOrIds.size(); i++) {
      int[] markers = new int[1];
      Ast.Modification m = engine.batchStatement(b.queriesOrIds.get(i), markers);
      Vars vars = new Vars(markers[0]);
      WritePlan p = check((WritePlan) engine.planModification(s, m, vars), type);
      vars.specs();
      List<ByteBuffer> values = b.values.get(i);
      QueryOptions o =
          new QueryOptions(
              b.consistency,
              values,
              Map.of(),
              true,
              -1,
              null,
              b.serialConsistency,
              ts,
              null,
              b.nowInSeconds);
      plans.add(p);
      execs.add(new Exec(s, vars.bind(values, Map.of()), o, ts, cancelled));
    }
    return apply(store, plans, execs, null);
  }
}
