package dev.orbit.node.cql;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The primary-key values a statement names: for each key column, its value terms ({@code =} is one
 * term, {@code IN} several, or one marker bound to a whole list).
 */
final class KeyTerms {
  /** Terms of one key column: {@code terms} (= or IN list), or {@code listMarker} (IN ?). */
  record Values(ColumnDef column, List<Ast.Term> terms, Ast.Term listMarker) {}

  /** Largest number of keys an IN product may name (Cassandra's default cartesian limit). */
  static final int MAX_KEYS = 100;

  private KeyTerms() {}

  /** Every combination of the columns' values, each as a list of serialized values. */
  static List<List<byte[]>> product(List<Values> cols, Exec e) {
    List<List<byte[]>> out = new ArrayList<>();
    out.add(new ArrayList<>());
    for (Values v : cols) {
      List<byte[]> vals = values(v, e);
      List<List<byte[]>> next = new ArrayList<>();
      for (List<byte[]> prefix : out) {
        for (byte[] x : vals) {
          List<byte[]> l = new ArrayList<>(prefix);
          l.add(x);
          next.add(l);
        }
      }
      if (next.size() > MAX_KEYS) {
        throw CqlException.invalid(
            "Number of keys in the IN restrictions ("
                + next.size()
                + ") is greater than the"
                + " maximum allowed ("
                + MAX_KEYS
                + ")");
      }
      out = next;
    }
    return out;
  }

  static List<byte[]> values(Values v, Exec e) {
    List<byte[]> vals = new ArrayList<>();
    CqlType t = v.column().type();
    if (v.listMarker() != null) {
      CqlType lt = CqlType.collection(CqlType.Kind.LIST, true, List.of(t));
      byte[] list = e.value(v.listMarker(), lt);
      if (list == null || list == Terms.UNSET) {
        throw CqlException.invalid("Invalid null value for IN restriction on " + v.column().name());
      }
      vals.addAll(dev.orbit.node.cql.Values.unpack(lt, list));
    } else {
      for (Ast.Term term : v.terms()) {
        byte[] x = e.value(term, t);
        if (x == null) {
          throw CqlException.invalid(
              "Invalid null value in condition for column " + v.column().name());
        }
        if (x == Terms.UNSET) {
          throw CqlException.invalid("Invalid unset value for column " + v.column().name());
        }
        vals.add(x);
      }
    }
    // IN lists are deduplicated and sorted, as Cassandra returns each key once
    java.util.TreeSet<byte[]> sorted =
        new java.util.TreeSet<>(dev.orbit.node.cql.Values.comparator(t));
    sorted.addAll(vals);
    return new ArrayList<>(sorted);
  }

  /** The order-preserving clustering encoding of {@code values} (a prefix of the columns). */
  static byte[] clustering(List<ColumnDef> columns, List<byte[]> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < values.size(); i++) {
      ColumnDef c = columns.get(i);
      if (values.get(i).length == 0 && !c.type().isText() && c.type().kind != CqlType.Kind.BLOB) {
        throw CqlException.invalid("Invalid empty value for clustering column " + c.name());
      }
      KeyLayout.encode(c.type(), values.get(i), c.descending(), out);
    }
    return out.toByteArray();
  }

  /** Collects the key columns' = / IN terms from {@code where}; other relations are returned. */
  static List<Ast.Relation> split(
      TableDef t, List<Ast.Relation> where, java.util.Map<String, Values> keyTerms, Vars vars) {
    List<Ast.Relation> rest = new ArrayList<>();
    for (Ast.Relation r : where) {
      if (r.token()) {
        rest.add(r);
        continue;
      }
      ColumnDef c = t.require(r.column());
      boolean eqOrIn = r.op().equals("=") || r.op().equals("in");
      if (!c.isPrimaryKey() || !eqOrIn) {
        rest.add(r);
        continue;
      }
      if (keyTerms.containsKey(c.name())) {
        throw CqlException.invalid(
            c.name()
                + " cannot be restricted by more than one relation if it includes an"
                + " Equal");
      }
      if (r.op().equals("=")) {
        vars.note(r.value(), t.keyspace, t.name, c.name(), c.type());
        keyTerms.put(c.name(), new Values(c, List.of(r.value()), null));
      } else if (r.in() != null) {
        for (Ast.Term term : r.in()) {
          vars.note(term, t.keyspace, t.name, c.name(), c.type());
        }
        keyTerms.put(c.name(), new Values(c, r.in(), null));
      } else {
        vars.note(
            r.value(),
            t.keyspace,
            t.name,
            "in(" + c.name() + ")",
            CqlType.collection(CqlType.Kind.LIST, true, List.of(c.type())));
        keyTerms.put(c.name(), new Values(c, null, r.value()));
      }
    }
    return rest;
  }
}
