package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A lightweight transaction: IF NOT EXISTS, IF EXISTS or IF conditions, checked and applied under
 * the row's lock (one store write is linearizable), answered with {@code [applied]} and, when not
 * applied, the values that decided it.
 */
final class Lwt {
  enum Mode {
    NOT_EXISTS,
    EXISTS,
    CONDITIONS
  }

  final Mode mode;
  final List<Ast.Condition> conditions;
  final TableDef table;
  private final Store store;

  Lwt(Store store, TableDef table, Mode mode, List<Ast.Condition> conditions, Vars vars) {
    this.store = store;
    this.table = table;
    this.mode = mode;
    this.conditions = conditions;
    for (Ast.Condition c : conditions) {
      ColumnDef col = table.require(c.column());
      if (col.isPrimaryKey()) {
        throw CqlException.invalid(
            "PRIMARY KEY column '" + col.name() + "' cannot have IF conditions");
      }
      CqlType t =
          c.element() == null
              ? col.type()
              : col.type().kind == CqlType.Kind.MAP ? col.type().value() : col.type().element();
      if (c.element() != null) {
        vars.note(
            c.element(),
            table.keyspace,
            table.name,
            "key(" + col.name() + ")",
            col.type().kind == CqlType.Kind.MAP
                ? col.type().element()
                : CqlType.of(CqlType.Kind.INT));
      }
      if (c.in() != null) {
        c.in().forEach(x -> vars.note(x, table.keyspace, table.name, col.name(), t));
      } else {
        vars.note(
            c.value(),
            table.keyspace,
            table.name,
            col.name(),
            c.op().equals("in") ? CqlType.collection(CqlType.Kind.LIST, true, List.of(t)) : t);
      }
    }
  }

  List<ColumnSpec> columns() {
    List<ColumnSpec> out = new ArrayList<>();
    out.add(spec("[applied]", CqlType.of(CqlType.Kind.BOOLEAN), 0));
    return out;
  }

  private ColumnSpec spec(String name, CqlType t, int i) {
    return new ColumnSpec(table.keyspace, table.name, name, i, t.raw());
  }

  CompletableFuture<Result> execute(WritePlan plan, Exec e) {
    Map<byte[], WritePlan.Mutation> muts = plan.mutations(e, null);
    if (muts.size() != 1) {
      throw CqlException.invalid(
          "IN on the clustering key columns is not supported with conditional updates");
    }
    byte[] key = muts.keySet().iterator().next();
    if (key[KeyLayout.partitionLength(key)] == KeyLayout.HEADER) {
      throw CqlException.invalid(
          "DELETE statements must restrict all PRIMARY KEY columns with"
              + " equality relations in order to use IF conditions");
    }
    var done =
        store.atomically(
            List.of(key),
            txn -> {
              Row current = store.visibleRow(table, key, txn);
              boolean exists = current != null && current.live(e.nowSeconds);
              boolean ok =
                  switch (mode) {
                    case NOT_EXISTS -> !exists;
                    case EXISTS -> exists;
                    case CONDITIONS -> check(current, e);
                  };
              if (ok) {
                store.applyIn(txn, table, muts, e);
              }
              return answer(ok, exists ? current : null, key, e);
            });
    return done.durable().thenApply(v -> done.value());
  }

  private boolean check(Row row, Exec e) {
    for (Ast.Condition c : conditions) {
      ColumnDef col = table.require(c.column());
      byte[] cur = RowReader.cellValue(row, col, e.nowSeconds);
      CqlType t = col.type();
      if (c.element() != null && cur != null) {
        cur = element(col, cur, e);
        t = t.kind == CqlType.Kind.MAP ? t.value() : t.element();
      } else if (c.element() != null) {
        t = t.kind == CqlType.Kind.MAP ? t.value() : t.element();
      }
      if (!holds(c, t, cur, e)) {
        return false;
      }
    }
    return true;
  }

  private byte[] element(ColumnDef col, byte[] coll, Exec e) {
    CqlType t = col.type();
    List<byte[]> items = Values.unpack(t.freeze(), coll);
    if (t.kind == CqlType.Kind.MAP) {
      byte[] k = e.value(conditions.get(0).element(), t.element());
      for (int i = 0; i < items.size(); i += 2) {
        if (Values.compare(t.element(), items.get(i), k) == 0) {
          return items.get(i + 1);
        }
      }
      return null;
    }
    return null;
  }

  private static boolean holds(Ast.Condition c, CqlType t, byte[] cur, Exec e) {
    if (c.op().equals("in")) {
      List<byte[]> opts = new ArrayList<>();
      if (c.in() != null) {
        for (Ast.Term x : c.in()) {
          opts.add(e.value(x, t));
        }
      } else {
        byte[] l = e.value(c.value(), CqlType.collection(CqlType.Kind.LIST, true, List.of(t)));
        if (l != null) {
          opts.addAll(Values.unpack(CqlType.collection(CqlType.Kind.LIST, true, List.of(t)), l));
        }
      }
      for (byte[] o : opts) {
        if (o == null ? cur == null : cur != null && Values.compare(t, cur, o) == 0) {
          return true;
        }
      }
      return false;
    }
    byte[] v = e.value(c.value(), t);
    if (v == Terms.UNSET) {
      return true;
    }
    if (c.op().equals("=") || c.op().equals("!=")) {
      boolean eq = v == null ? cur == null : cur != null && Values.compare(t.freeze(), cur, v) == 0;
      return c.op().equals("=") == eq;
    }
    if (v == null) {
      throw CqlException.invalid("Invalid comparison with null for operator \"" + c.op() + "\"");
    }
    if (cur == null) {
      return false;
    }
    if (t.hasDuration()) {
      throw CqlException.invalid(
          "Slice conditions ( " + c.op() + " ) are not supported on durations");
    }
    int cmp = Values.compare(t, cur, v);
    return switch (c.op()) {
      case "<" -> cmp < 0;
      case "<=" -> cmp <= 0;
      case ">" -> cmp > 0;
      default -> cmp >= 0;
    };
  }

  private Result answer(boolean applied, Row current, byte[] key, Exec e) {
    List<ColumnSpec> cols = new ArrayList<>();
    List<ByteBuffer> row = new ArrayList<>();
    cols.add(spec("[applied]", CqlType.of(CqlType.Kind.BOOLEAN), 0));
    row.add(ByteBuffer.wrap(Values.ofBoolean(applied)));
    if (!applied && current != null) {
      List<byte[]> keyValues = RowReader.keyValues(table, key);
      List<ColumnDef> shown = new ArrayList<>();
      if (mode == Mode.CONDITIONS) {
        for (Ast.Condition c : conditions) {
          ColumnDef col = table.require(c.column());
          if (!shown.contains(col)) {
            shown.add(col);
          }
        }
      } else {
        shown.addAll(table.columns);
      }
      for (ColumnDef c : shown) {
        cols.add(spec(c.name(), c.type(), cols.size()));
        byte[] v =
            c.isPrimaryKey()
                ? keyValues.get(table.columns.indexOf(c))
                : RowReader.cellValue(current, c, e.nowSeconds);
        row.add(v == null ? null : ByteBuffer.wrap(v));
      }
    }
    return ResultRows.of(cols, List.of(row), null);
  }
}
