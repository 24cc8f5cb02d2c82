package dev.orbit.node.sql;

import java.util.List;

/** A compiled query: its result columns and how to produce its rows. */
interface Query {
  List<Field> fields();

  /** All result rows; {@code outer} is the environment of an enclosing query (or a root one). */
  List<Object[]> rows(Env outer);

  /** True when its rows may depend on a row of an enclosing query (so they are never cached). */
  default boolean correlated() {
    return true;
  }

  /** True when rows come only from primary-key gets (cheap and never blocking). */
  default boolean pointOnly() {
    return false;
  }

  /** Lines of EXPLAIN output. */
  default void explain(List<String> out) {
    out.add("Result");
  }
}
