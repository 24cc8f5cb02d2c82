package dev.orbit.node.cql;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * count, min, max, sum and avg over the selected rows (or one group of them), in constant memory;
 * other outputs keep the first row's value.
 */
final class Aggregates {
  private final Selection sel;
  private final long[] counts;
  private final byte[][] extremes;
  private final BigDecimal[] sums;

  /** The first row's values of the outputs that are not aggregates; null before any row. */
  private List<ByteBuffer> first;

  Aggregates(Selection sel) {
    this.sel = sel;
    int n = sel.outs.size();
    counts = new long[n];
    extremes = new byte[n][];
    sums = new BigDecimal[n];
  }

  void add(Row row, List<byte[]> keyValues, byte[] pk, int now) {
    if (first == null) {
      first = sel.values(row, keyValues, pk, now);
    }
    for (int i = 0; i < sel.outs.size(); i++) {
      Selection.Out o = sel.outs.get(i);
      if (!Selection.isAggregate(o.fn())) {
        continue;
      }
      if (o.fn().equals("count(*)")) {
        counts[i]++;
        continue;
      }
      ColumnDef c = o.column();
      byte[] v =
          c.isPrimaryKey()
              ? keyValues.get(sel.table.columns.indexOf(c))
              : RowReader.cellValue(row, c, now);
      if (v == null || v.length == 0) {
        continue;
      }
      counts[i]++;
      switch (o.fn()) {
        case "min" -> {
          if (extremes[i] == null || Values.compare(c.type().freeze(), v, extremes[i]) < 0) {
            extremes[i] = v;
          }
        }
        case "max" -> {
          if (extremes[i] == null || Values.compare(c.type().freeze(), v, extremes[i]) > 0) {
            extremes[i] = v;
          }
        }
        case "sum", "avg" -> {
          BigDecimal x = new BigDecimal(Values.number(c.type(), v).toString());
          sums[i] = sums[i] == null ? x : sums[i].add(x);
        }
        default -> {}
      }
    }
  }

  List<ByteBuffer> row() {
    List<ByteBuffer> out = new ArrayList<>();
    for (int i = 0; i < sel.outs.size(); i++) {
      Selection.Out o = sel.outs.get(i);
      if (!Selection.isAggregate(o.fn())) {
        out.add(first == null ? null : first.get(i));
        continue;
      }
      byte[] v =
          switch (o.fn()) {
            case "count(*)", "count" -> Values.ofLong(counts[i]);
            case "min", "max" -> extremes[i];
            case "sum" ->
                Values.ofNumber(
                    o.type(), narrow(o.type(), sums[i] == null ? BigDecimal.ZERO : sums[i]));
            default ->
                Values.ofNumber(
                    o.type(),
                    narrow(
                        o.type(),
                        counts[i] == 0
                            ? BigDecimal.ZERO
                            : sums[i].divide(
                                BigDecimal.valueOf(counts[i]), MathContext.DECIMAL128)));
          };
      out.add(v == null ? null : ByteBuffer.wrap(v));
    }
    return out;
  }

  /** Integer types keep integer arithmetic (truncating, wrapping) as Cassandra's do. */
  private static Number narrow(CqlType t, BigDecimal d) {
    return switch (t.kind) {
      case INT, BIGINT, SMALLINT, TINYINT, COUNTER -> d.toBigInteger().longValue();
      case VARINT -> d.toBigInteger();
      case DOUBLE, FLOAT -> d.doubleValue();
      default -> d;
    };
  }
}
