package dev.orbit.node.cql;

import java.util.List;

/** A WHERE relation checked row by row (ALLOW FILTERING, or key parts not used to seek). */
record Filter(ColumnDef column, String op, Ast.Term value, List<Ast.Term> in) {
  Filter {
    if (List.of("<", "<=", ">", ">=").contains(op) && column.type().hasDuration()) {
      throw CqlException.invalid("Slice restrictions are not supported on duration columns");
    }
  }

  boolean test(byte[] cur, Exec e) {
    CqlType t = column.type();
    switch (op) {
      case "in" -> {
        List<byte[]> opts;
        if (in != null) {
          opts = new java.util.ArrayList<>();
          for (Ast.Term x : in) {
            opts.add(e.value(x, t));
          }
        } else {
          CqlType lt = CqlType.collection(CqlType.Kind.LIST, true, List.of(t));
          byte[] l = e.value(value, lt);
          opts = l == null ? List.of() : Values.unpack(lt, l);
        }
        for (byte[] o : opts) {
          if (cur != null && o != null && Values.compare(t.freeze(), cur, o) == 0) {
            return true;
          }
        }
        return false;
      }
      case "contains", "contains key" -> {
        if (cur == null) {
          return false;
        }
        boolean key = op.equals("contains key");
        CqlType et = key || t.kind != CqlType.Kind.MAP ? t.element() : t.value();
        byte[] v = e.value(value, et);
        List<byte[]> items = Values.unpack(t.freeze(), cur);
        for (int i = 0; i < items.size(); i++) {
          boolean isKey = t.kind != CqlType.Kind.MAP || i % 2 == 0;
          boolean consider = t.kind == CqlType.Kind.MAP ? (key == isKey) : true;
          if (consider && Values.compare(et, items.get(i), v) == 0) {
            return true;
          }
        }
        return false;
      }
      default -> {
        byte[] v = e.value(value, t);
        if (v == null) {
          throw CqlException.invalid("Invalid null value for column " + column.name());
        }
        if (cur == null) {
          return false;
        }
        int c = Values.compare(t.freeze(), cur, v);
        return switch (op) {
          case "=" -> c == 0;
          case "!=" -> c != 0;
          case "<" -> c < 0;
          case "<=" -> c <= 0;
          case ">" -> c > 0;
          default -> c >= 0;
        };
      }
    }
  }
}
