package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The bind variables of a statement: each marker's name and type, found while planning. */
public final class Vars {
  private final ColumnSpec[] specs;
  private final String[] names;
  private final CqlType[] types;

  Vars(int count) {
    this.specs = new ColumnSpec[count];
    this.names = new String[count];
    this.types = new CqlType[count];
  }

  /** Records the receiver of every marker in {@code t} (recursing into literals). */
  void note(Ast.Term t, String ks, String table, String name, CqlType type) {
    if (t instanceof Ast.Marker m) {
      specs[m.index()] = new ColumnSpec(ks, table, name, m.index(), type.raw());
      names[m.index()] = m.name() != null ? m.name() : name;
      types[m.index()] = type;
    } else if (t instanceof Ast.ListLit l && type.kind == CqlType.Kind.LIST) {
      l.items().forEach(i -> note(i, ks, table, "value(" + name + ")", type.element()));
    } else if (t instanceof Ast.SetLit s && type.kind == CqlType.Kind.SET) {
      s.items().forEach(i -> note(i, ks, table, "value(" + name + ")", type.element()));
    } else if (t instanceof Ast.MapLit m && type.kind == CqlType.Kind.MAP) {
      m.keys().forEach(i -> note(i, ks, table, "key(" + name + ")", type.element()));
      m.values().forEach(i -> note(i, ks, table, "value(" + name + ")", type.value()));
    } else if (t instanceof Ast.TupleLit tl && type.kind == CqlType.Kind.TUPLE) {
      for (int i = 0; i < tl.items().size() && i < type.params.size(); i++) {
        note(tl.items().get(i), ks, table, name, type.params.get(i));
      }
    } else if (t instanceof Ast.UdtLit u && type.isUdt()) {
      for (int i = 0; i < u.names().size(); i++) {
        int f = type.fieldNames.indexOf(u.names().get(i));
        if (f >= 0) {
          note(u.values().get(i), ks, table, name + "." + u.names().get(i), type.params.get(f));
        }
      }
    } else if (t instanceof Ast.FunctionCall f
        && (f.name().equals("fromjson") || f.name().equals("from_json"))) {
      f.args().forEach(a -> note(a, ks, table, name, CqlType.of(CqlType.Kind.TEXT)));
    } else if (t instanceof Ast.FunctionCall f && f.name().equals("totimestamp")) {
      f.args().forEach(a -> note(a, ks, table, name, CqlType.of(CqlType.Kind.TIMEUUID)));
    }
  }

  List<ColumnSpec> specs() {
    for (int i = 0; i < specs.length; i++) {
      if (specs[i] == null) {
        throw CqlException.invalid("bind marker " + (i + 1) + " is not allowed there");
      }
    }
    return Arrays.asList(specs);
  }

  int count() {
    return specs.length;
  }

  /** Resolves bound values (positional, or by name) into a lookup by marker index. */
  Terms.Bound bind(List<ByteBuffer> positional, Map<String, ByteBuffer> named) {
    if (!named.isEmpty()) {
      ByteBuffer[] v = new ByteBuffer[specs.length];
      for (int i = 0; i < specs.length; i++) {
        if (!named.containsKey(names[i])) {
          throw CqlException.invalid("No value has been provided for bind variable " + names[i]);
        }
        v[i] = named.get(names[i]);
      }
      return i -> v[i];
    }
    if (positional.size() != specs.length) {
      throw CqlException.invalid(
          "There were "
              + specs.length
              + " markers(?) in CQL but "
              + positional.size()
              + " bound variables");
    }
    List<ByteBuffer> copy = new ArrayList<>(positional);
    return copy::get;
  }
}
