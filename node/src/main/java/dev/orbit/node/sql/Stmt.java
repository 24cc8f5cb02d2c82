package dev.orbit.node.sql;

import java.util.List;

/** A compiled statement. */
interface Stmt {
  /** Result columns, or null when the statement returns no rows. */
  List<Field> fields();

  Result run(Exec ex);

  /** Statements that manage the transaction themselves (BEGIN, COMMIT, DDL, SET …). */
  default boolean transactional() {
    return true;
  }

  /** True when running it cannot wait on locks, commits or long scans. */
  default boolean quick() {
    return false;
  }

  /** Lines of EXPLAIN output: how the statement finds its rows. */
  default void explain(List<String> out) {
    out.add("Result");
  }
}
