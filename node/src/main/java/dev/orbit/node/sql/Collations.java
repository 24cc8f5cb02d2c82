package dev.orbit.node.sql;

import java.util.Set;

/**
 * The collations Orbit compares text in: code point order, which is PostgreSQL's "C", "POSIX" and
 * "ucs_basic" (and its "default" here, as lc_collate reports C). Any other collation would order
 * and compare differently, so naming one is refused rather than ignored.
 */
final class Collations {
  private static final Set<String> CODE_POINT_ORDER = Set.of("c", "posix", "ucs_basic", "default");

  private Collations() {}

  /** Throws 0A000 unless {@code name} (as written: quoted or not, maybe pg_catalog.) is one. */
  static void check(String name) {
    String n = name.trim();
    if (n.regionMatches(true, 0, "pg_catalog.", 0, 11)) {
      n = n.substring(11);
    }
    // a quoted name keeps its case ("C"); an unquoted one folds to lower case (c is not "C" in
    // PostgreSQL, but no other collation could be meant by it)
    String folded =
        n.startsWith("\"") && n.endsWith("\"") && n.length() > 1
            ? n.substring(1, n.length() - 1).toLowerCase(java.util.Locale.ROOT)
            : n.toLowerCase(java.util.Locale.ROOT);
    if (!CODE_POINT_ORDER.contains(folded)) {
      throw SqlException.unsupported(
          "collation " + n + " (text compares in code point order, as collation \"C\")");
    }
  }
}
