package dev.orbit.node.cql;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Checks the clustering slice of a DELETE ({@code ck > ?}, {@code ck >= ? AND ck < ?}) and turns
 * it, under one clustering prefix, into a {@link RangeTombstone} over the stored clustering order.
 */
final class RangeDeletes {
  private RangeDeletes() {}

  /**
   * Checks a slice relation of a DELETE on {@code c}, which must be the clustering column after the
   * ones restricted by equality; {@code slice} holds the relations accepted so far.
   */
  static void check(
      TableDef t, ColumnDef c, Ast.Relation r, int eqPrefix, List<Ast.Relation> slice, Vars vars) {
    if (r.columns().size() > 1) {
      throw CqlException.unsupported("multi-column relations in DELETE");
    }
    if (!List.of(">", ">=", "<", "<=").contains(r.op())) {
      throw CqlException.invalid(
          "Invalid operator " + r.op().toUpperCase() + " for PRIMARY KEY column " + c.name());
    }
    if (c.kind() != ColumnDef.Kind.CLUSTERING) {
      throw CqlException.invalid(
          "Only EQ and IN relation are supported on the partition key (unless you use the token()"
              + " function)");
    }
    if (c.position() != eqPrefix) {
      throw CqlException.invalid(
          "PRIMARY KEY column \""
              + c.name()
              + "\" cannot be restricted as preceding column \""
              + t.clustering.get(eqPrefix).name()
              + "\" is not restricted");
    }
    boolean lower = r.op().startsWith(">");
    for (Ast.Relation o : slice) {
      if (o.op().startsWith(">") == lower) {
        throw CqlException.invalid(
            "More than one restriction was found for the "
                + (lower ? "start" : "end")
                + " bound on "
                + c.name());
      }
    }
    vars.note(r.value(), t.keyspace, t.name, c.name(), c.type());
    slice.add(r);
  }

  /** The range deleted under the clustering {@code prefix} by the slice relations. */
  static RangeTombstone tombstone(
      TableDef t, List<byte[]> prefix, List<Ast.Relation> slice, Exec e, long ts) {
    byte[] base = KeyTerms.clustering(t.clustering, prefix);
    byte[] start = base;
    byte[] end = KeyLayout.after(base);
    if (base.length == 0) {
      end = null;
    }
    for (Ast.Relation r : slice) {
      ColumnDef c = t.clustering.get(prefix.size());
      byte[] v = e.value(r.value(), c.type());
      if (v == null || v == Terms.UNSET) {
        throw CqlException.invalid(
            "Invalid " + (v == null ? "null" : "unset") + " value for column " + c.name());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(base);
      KeyLayout.encode(c.type(), v, c.descending(), out);
      byte[] at = out.toByteArray();
      // a DESC column is stored inverted: its lower bound is an upper bound of the bytes
      boolean lowerInBytes = r.op().startsWith(">") != c.descending();
      boolean inclusive = r.op().endsWith("=");
      if (lowerInBytes) {
        start = inclusive ? at : KeyLayout.after(at);
      } else {
        end = inclusive ? KeyLayout.after(at) : at;
      }
    }
    return new RangeTombstone(start, end, ts);
  }
}
