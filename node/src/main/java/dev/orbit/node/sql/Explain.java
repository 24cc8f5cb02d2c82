package dev.orbit.node.sql;

import java.util.List;

/** EXPLAIN text: which access path each table of a statement uses. */
final class Explain {
  private Explain() {}

  static void describe(Stmt s, List<String> out) {
    s.explain(out);
  }

  static String line(Source s) {
    String base = access(s);
    return s.hash == null ? base : "Hash Join with " + base;
  }

  private static String access(Source s) {
    if (s instanceof TableSource t) {
      String name = t.table.name;
      String kind = t.pathKind();
      String index = kind.contains(":") ? kind.substring(kind.indexOf(':') + 1) : name + "_pkey";
      return switch (kind.contains(":") ? kind.substring(0, kind.indexOf(':')) : kind) {
        case "get" -> "Point Get on " + name + " using " + index;
        case "in" -> "Multi Get on " + name + " using " + index;
        case "range" -> "Range Scan on " + name + " using " + index;
        default -> "Seq Scan on " + name;
      };
    }
    if (s instanceof SystemTables.ViewSource v) {
      return "Catalog Scan on " + v.alias;
    }
    if (s instanceof Source.OneRow) {
      return "Result";
    }
    return "Subquery Scan on " + s.alias;
  }
}
