package dev.orbit.node.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The columns visible to an expression: a row's columns by qualifier and name, then outer rows. */
final class Scope {
  /** One visible column; {@code tableOid}/{@code attnum} describe table columns to clients. */
  record Col(String qualifier, String name, PgType type, long tableOid, int attnum, int typmod) {}

  /** A resolved reference: how many scopes out, and the slot in that row. */
  record Ref(int depth, int slot, Col col) {}

  final List<Col> cols;
  final Scope parent;

  /** Set when an expression in this scope (or nested in it) read a column of an outer scope. */
  boolean correlated;

  /** While an aggregate's arguments compile here: the levels their columns come from. */
  AggLevel aggLevel;

  /** Where an aggregate's argument columns live: this level, and the nearest outer one read. */
  static final class AggLevel {
    boolean local;
    Scope nearestOuter;
    int outerDepth = Integer.MAX_VALUE;
    final List<Cte> ctes = new ArrayList<>();
  }

  Scope(List<Col> cols, Scope parent) {
    this.cols = cols;
    this.parent = parent;
  }

  static Scope empty(Scope parent) {
    return new Scope(new ArrayList<>(), parent);
  }

  /** The column {@code c} names (its subscript ignored), or null when it names none or several. */
  Ref resolveOrNull(net.sf.jsqlparser.schema.Column c) {
    try {
      return resolve(
          c.getTable() == null || c.getTable().getName() == null
              ? null
              : ExprCompiler.unquote(c.getTable().getName()),
          ExprCompiler.unquote(c.getColumnName()));
    } catch (SqlException e) {
      return null;
    }
  }

  Ref resolve(String qualifier, String name) {
    String n = name.toLowerCase(Locale.ROOT);
    String q = qualifier == null ? null : qualifier.toLowerCase(Locale.ROOT);
    Scope s = this;
    for (int depth = 0; s != null; depth++, s = s.parent) {
      int found = -1;
      for (int i = 0; i < s.cols.size(); i++) {
        Col c = s.cols.get(i);
        if (c.name().equals(n) && (q == null || q.equals(c.qualifier()))) {
          if (found >= 0) {
            throw new SqlException("42702", "column reference \"" + name + "\" is ambiguous");
          }
          found = i;
        }
      }
      if (found >= 0) {
        Scope m = this;
        for (int i = 0; i < depth; i++, m = m.parent) {
          m.correlated = true;
          if (m.aggLevel != null && depth - i < m.aggLevel.outerDepth) {
            m.aggLevel.outerDepth = depth - i;
            m.aggLevel.nearestOuter = s;
          }
        }
        if (s.aggLevel != null) {
          s.aggLevel.local = true;
        }
        return new Ref(depth, found, s.cols.get(found));
      }
    }
    return null;
  }

  boolean hasQualifier(String qualifier) {
    for (Col c : cols) {
      if (qualifier.equalsIgnoreCase(c.qualifier())) {
        return true;
      }
    }
    return false;
  }
}
