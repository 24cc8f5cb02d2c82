package dev.orbit.node.sql;

import java.util.Iterator;
import java.util.List;

/** One FROM item of a query: its columns, where they sit in the joined row, and its rows. */
abstract class Source {
  final String alias;
  final List<Scope.Col> cols;
  int offset;

  /** For the right side of a join: the ON condition (null for none) and whether LEFT. */
  Expr on;

  boolean leftJoin;

  /**
   * For RIGHT and FULL joins: this source's rows that match no row before it are kept too, with the
   * earlier sources' columns null. FULL sets {@link #leftJoin} as well.
   */
  boolean rightJoin;

  List<net.sf.jsqlparser.expression.Expression> onConjuncts;

  /** Columns joined by USING or NATURAL (shown once, from the left side, in SELECT *). */
  List<String> usingColumns;

  /**
   * True when {@link #fetch} gives the same rows for every row before it (no lateral reference).
   */
  boolean stable;

  /** True when its rows depend on a row of an enclosing query (a correlated WITH query). */
  boolean readsOuter;

  /** The name of the recursive WITH query this source is the working table of, or null. */
  String recursiveRef;

  /** A hash lookup replacing the full fetch for each row before it, or null. */
  HashJoin hash;

  Source(String alias, List<Scope.Col> cols) {
    this.alias = alias;
    this.cols = cols;
  }

  /** This source's rows; {@code env.row} holds the values of the sources before it. */
  abstract Iterator<Object[]> fetch(Env env);

  /** A source whose rows are computed once per statement (catalog views, derived tables). */
  abstract static class Materialized extends Source {
    Materialized(String alias, List<Scope.Col> cols) {
      super(alias, cols);
    }

    abstract List<Object[]> compute(Env env);

    @Override
    @SuppressWarnings("unchecked")
    Iterator<Object[]> fetch(Env env) {
      return ((List<Object[]>) env.exec.cache.computeIfAbsent(this, k -> compute(env))).iterator();
    }
  }

  /** The single empty row of a SELECT without FROM. */
  static final class OneRow extends Source {
    OneRow() {
      super(null, List.of());
    }

    @Override
    Iterator<Object[]> fetch(Env env) {
      return List.<Object[]>of(new Object[0]).iterator();
    }
  }
}
