package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** What a SELECT returns per row: columns, writetime()/ttl(), token(), or aggregates. */
final class Selection {
  /** One output column. */
  record Out(String name, CqlType type, String fn, ColumnDef column, int[] path) {
    Out(String name, CqlType type, String fn, ColumnDef column) {
      this(name, type, fn, column, null);
    }
  }

  final List<Out> outs = new ArrayList<>();
  final boolean aggregate;
  final TableDef table;

  /** SELECT JSON: the keys of the one JSON column, one per output; null otherwise. */
  private List<String> jsonKeys;

  /**
   * The selection of {@code sels}; {@code grouped} (GROUP BY) lets aggregates stand beside plain
   * columns, which then show the first row of each group as in Cassandra.
   */
  Selection(TableDef t, List<Ast.Selection> sels, boolean grouped) {
    this.table = t;
    if (sels.isEmpty()) {
      for (ColumnDef c : t.columns) {
        outs.add(new Out(c.name(), c.type(), null, c));
      }
      aggregate = false;
      return;
    }
    int aggs = 0;
    for (Ast.Selection s : sels) {
      Out o = out(t, s.selector());
      if (s.alias() != null) {
        o = new Out(s.alias(), o.type(), o.fn(), o.column(), o.path());
      }
      if (isAggregate(o.fn())) {
        aggs++;
      }
      outs.add(o);
    }
    if (aggs > 0 && aggs < outs.size() && !grouped) {
      throw CqlException.unsupported("mixing aggregates and plain columns without GROUP BY");
    }
    aggregate = aggs > 0 && !grouped;
  }

  /** Makes this a SELECT JSON selection: every row becomes one text column {@code [json]}. */
  void json() {
    List<String> keys = new ArrayList<>();
    for (Out o : outs) {
      keys.add(JsonOut.key(o.name()));
    }
    jsonKeys = keys;
  }

  /** An output row as sent: itself, or for SELECT JSON the row as one JSON text. */
  List<ByteBuffer> finish(List<ByteBuffer> values) {
    if (jsonKeys == null) {
      return values;
    }
    List<CqlType> types = new ArrayList<>(outs.size());
    for (Out o : outs) {
      types.add(o.type());
    }
    String json = JsonOut.row(jsonKeys, types, values);
    List<ByteBuffer> one = new ArrayList<>(1);
    one.add(ByteBuffer.wrap(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return one;
  }

  static boolean isAggregate(String fn) {
    return fn != null && List.of("count", "count(*)", "min", "max", "sum", "avg").contains(fn);
  }

  private static Out out(TableDef t, Ast.Selector s) {
    if (s instanceof Ast.CountStar) {
      return new Out("count", CqlType.of(CqlType.Kind.BIGINT), "count(*)", null);
    }
    if (s instanceof Ast.FieldSel f) {
      return field(t.require(f.column()), f.fields());
    }
    if (s instanceof Ast.ColumnSel c) {
      ColumnDef col = t.require(c.column());
      return new Out(col.name(), col.type(), null, col);
    }
    Ast.FunctionSel f = (Ast.FunctionSel) s;
    String fn = f.name();
    if (fn.equals("token")) {
      if (f.args().size() != t.partitionKey.size()) {
        throw CqlException.invalid(
            "Invalid number of arguments in call to function system.token: "
                + t.partitionKey.size()
                + " required but "
                + f.args().size()
                + " provided");
      }
      return new Out(
          "system.token(" + names(f) + ")", CqlType.of(CqlType.Kind.BIGINT), "token", null);
    }
    if (f.args().size() != 1 || !(f.args().get(0) instanceof Ast.ColumnSel arg)) {
      throw CqlException.unsupported("function " + fn + " with these arguments");
    }
    ColumnDef col = t.require(arg.column());
    return switch (fn) {
      case "writetime", "ttl" -> {
        if (col.isPrimaryKey()) {
          throw CqlException.invalid(
              "Cannot use selection function " + fn + " on PRIMARY KEY part " + col.name());
        }
        if (col.type().multiCell()) {
          throw CqlException.invalid(
              "Cannot use selection function " + fn + " on non-frozen collection " + col.name());
        }
        yield new Out(
            fn + "(" + col.name() + ")",
            CqlType.of(fn.equals("ttl") ? CqlType.Kind.INT : CqlType.Kind.BIGINT),
            fn,
            col);
      }
      case "count" ->
          new Out(
              "system.count(" + col.name() + ")", CqlType.of(CqlType.Kind.BIGINT), "count", col);
      case "min", "max" -> {
        if (col.type().hasDuration()) {
          throw CqlException.unsupported(fn + "() of durations");
        }
        yield new Out("system." + fn + "(" + col.name() + ")", col.type(), fn, col);
      }
      case "sum", "avg" -> {
        try {
          Values.number(col.type(), Values.ofLong(0));
        } catch (CqlException e) {
          throw CqlException.invalid(
              "Invalid call to function "
                  + fn
                  + ", none of its type signatures match (column "
                  + col.name()
                  + " is "
                  + col.type().cql()
                  + ")");
        } catch (RuntimeException e) {
          // numeric with another size: fine
        }
        yield new Out("system." + fn + "(" + col.name() + ")", col.type(), fn, col);
      }
      case "tojson", "to_json" ->
          new Out(
              "system." + fn + "(" + col.name() + ")",
              CqlType.of(CqlType.Kind.TEXT),
              "tojson",
              col);
      default -> throw CqlException.unsupported("function " + fn + "() in selections");
    };
  }

  /** {@code col.a.b}: the field's type and its index at each level, as Cassandra checks it. */
  private static Out field(ColumnDef col, List<String> fields) {
    CqlType type = col.type();
    StringBuilder name = new StringBuilder(col.name());
    int[] path = new int[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      if (!type.isUdt()) {
        throw CqlException.invalid(
            "Invalid field selection: " + name + " of type " + type.cql() + " is not a user type");
      }
      int at = type.fieldNames.indexOf(fields.get(i));
      if (at < 0) {
        throw CqlException.invalid(
            name + " of type " + type.cql() + " has no field " + fields.get(i));
      }
      path[i] = at;
      type = type.params.get(at);
      name.append('.').append(fields.get(i));
    }
    return new Out(name.toString(), type, "field", col, path);
  }

  private static String names(Ast.FunctionSel f) {
    List<String> n = new ArrayList<>();
    for (Ast.Selector s : f.args()) {
      if (!(s instanceof Ast.ColumnSel c)) {
        throw CqlException.invalid("token() takes the partition key columns");
      }
      n.add(c.column());
    }
    return String.join(", ", n);
  }

  List<ColumnSpec> specs() {
    List<ColumnSpec> out = new ArrayList<>();
    if (jsonKeys != null) {
      out.add(
          new ColumnSpec(
              table.keyspace, table.name, "[json]", 0, CqlType.of(CqlType.Kind.TEXT).raw()));
      return out;
    }
    for (int i = 0; i < outs.size(); i++) {
      Out o = outs.get(i);
      out.add(new ColumnSpec(table.keyspace, table.name, o.name(), i, o.type().raw()));
    }
    return out;
  }

  /** One output row from a stored row and its key values. */
  List<ByteBuffer> project(Row row, List<byte[]> keyValues, byte[] pk, int now) {
    return finish(values(row, keyValues, pk, now));
  }

  /** The row's value of every output that is not an aggregate (null for aggregates). */
  List<ByteBuffer> values(Row row, List<byte[]> keyValues, byte[] pk, int now) {
    List<ByteBuffer> out = new ArrayList<>(outs.size());
    for (Out o : outs) {
      byte[] v;
      if (isAggregate(o.fn())) {
        v = null;
      } else if (o.fn() == null) {
        ColumnDef c = o.column();
        v =
            c.isPrimaryKey()
                ? keyValues.get(table.columns.indexOf(c))
                : RowReader.cellValue(row, c, now);
      } else if (o.fn().equals("field")) {
        ColumnDef c = o.column();
        v =
            c.isPrimaryKey()
                ? keyValues.get(table.columns.indexOf(c))
                : RowReader.cellValue(row, c, now);
        CqlType ft = c.type();
        for (int i = 0; v != null && i < o.path().length; i++) {
          List<byte[]> fs = Values.unpack(ft, v);
          v = o.path()[i] < fs.size() ? fs.get(o.path()[i]) : null;
          ft = ft.params.get(o.path()[i]);
        }
      } else if (o.fn().equals("tojson")) {
        ColumnDef c = o.column();
        byte[] raw =
            c.isPrimaryKey()
                ? keyValues.get(table.columns.indexOf(c))
                : RowReader.cellValue(row, c, now);
        v = JsonOut.value(c.type(), raw).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      } else if (o.fn().equals("token")) {
        v = Values.ofLong(Murmur3.token(pk));
      } else {
        Cell c = RowReader.cell(row, o.column(), now);
        v =
            c == null
                ? null
                : o.fn().equals("writetime")
                    ? Values.ofLong(c.timestamp())
                    : c.expiresAt() == 0 ? null : Values.ofInt(c.expiresAt() - now);
      }
      out.add(v == null ? null : ByteBuffer.wrap(v));
    }
    return out;
  }
}
