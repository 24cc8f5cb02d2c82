package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import com.datastax.oss.protocol.internal.response.result.DefaultRows;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A computed system table (columns and rows of serialized values) and SELECTs over it. */
record SystemTable(
    String ks, String name, List<String> names, List<CqlType> types, List<byte[][]> rows) {

  /** A table of these columns with no rows. */
  static SystemTable empty(String ks, String name, List<String> names, List<CqlType> types) {
    return new SystemTable(ks, name, names, types, List.of());
  }

  static CqlType t(String cql) {
    return new Tokens(cql).type();
  }

  static byte[] text(String s) {
    return s == null ? null : Values.ofText(s);
  }

  static byte[] textMap(Map<String, String> m) {
    List<byte[]> items = new ArrayList<>();
    new java.util.TreeMap<>(m)
        .forEach(
            (k, v) -> {
              items.add(text(k));
              items.add(text(v));
            });
    return Values.pack(t("map<text,text>"), items);
  }

  static byte[] textSet(List<String> s) {
    List<byte[]> items = new ArrayList<>();
    new java.util.TreeSet<>(s).forEach(x -> items.add(text(x)));
    return Values.pack(t("set<text>"), items);
  }

  /** Runs a SELECT on a system table: projection and equality filters only. */
  DefaultRows select(Ast.Select s, Exec e, Vars vars) {
    SystemTable tb = this;
    List<Integer> idx = new ArrayList<>();
    List<ColumnSpec> specs = new ArrayList<>();
    if (s.selections().isEmpty()) {
      for (int i = 0; i < tb.names().size(); i++) {
        idx.add(i);
      }
    } else {
      for (Ast.Selection sel : s.selections()) {
        if (!(sel.selector() instanceof Ast.ColumnSel c)) {
          throw CqlException.unsupported("functions on system tables");
        }
        int i = tb.names().indexOf(c.column());
        if (i < 0) {
          throw CqlException.invalid(
              "Undefined column name " + c.column() + " in table " + tb.ks() + "." + tb.name());
        }
        idx.add(i);
      }
    }
    for (int i : idx) {
      specs.add(
          new ColumnSpec(
              tb.ks(), tb.name(), tb.names().get(i), specs.size(), tb.types().get(i).raw()));
    }
    List<List<ByteBuffer>> out = new ArrayList<>();
    rows:
    for (byte[][] row : tb.rows()) {
      for (Ast.Relation r : s.where()) {
        int i = tb.names().indexOf(r.column());
        if (r.token() || i < 0 || !(r.op().equals("=") || r.op().equals("in"))) {
          throw CqlException.unsupported("this WHERE clause on " + tb.ks() + "." + tb.name());
        }
        boolean match = false;
        List<Ast.Term> opts = r.in() != null ? r.in() : List.of(r.value());
        for (Ast.Term term : opts) {
          byte[] v = e.value(term, tb.types().get(i));
          match |= v != null && row[i] != null && java.util.Arrays.equals(v, row[i]);
        }
        if (!match) {
          continue rows;
        }
      }
      List<ByteBuffer> r = new ArrayList<>();
      for (int i : idx) {
        r.add(row[i] == null ? null : ByteBuffer.wrap(row[i]));
      }
      out.add(r);
    }
    return ResultRows.of(specs, out, null);
  }
}
