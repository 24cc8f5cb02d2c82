package dev.orbit.node.sql;

/** Where a compiled expression reads columns: the current row, its aggregates, outer rows. */
final class Env {
  final Exec exec;
  final Env outer;
  Object[] row;
  Object[] aggs;

  /** Current elements of set-returning functions in a select list. */
  Object[] srf;

  Env(Exec exec, Env outer, Object[] row) {
    this.exec = exec;
    this.outer = outer;
    this.row = row;
  }
}
