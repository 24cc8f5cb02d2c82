package dev.orbit.node.sql;

import java.util.List;
import java.util.Locale;

/**
 * The memory one statement may hold in rows it keeps (results, sorts, groups, sets, large values):
 * past {@code orbit.query_memory} it fails with 53200 instead of exhausting the node's heap.
 */
final class QueryMemory {
  static final long DEFAULT_LIMIT = 256L << 20;

  private final long limit;
  private long used;

  QueryMemory(long limit) {
    this.limit = limit;
  }

  static SqlException exceeded(long limit) {
    return new SqlException(
            "53200",
            "out of memory",
            limit > 0
                ? "The statement needs more than orbit.query_memory (" + (limit >> 20) + "MB)."
                : "The statement needed more memory than the node has.")
        .withHint("Narrow the query, or raise orbit.query_memory for this session.");
  }

  /** Counts {@code bytes} more held; fails once the statement's bound is passed. */
  void charge(long bytes) {
    used += bytes;
    if (used > limit) {
      throw exceeded(limit);
    }
  }

  /** Fails when a single value of {@code bytes} would pass the bound (54000, as PostgreSQL). */
  void checkValue(long bytes) {
    if (bytes > limit || bytes > Integer.MAX_VALUE - 16) {
      throw new SqlException("54000", "requested length too large");
    }
  }

  /** Approximate heap size of a row. */
  static long sizeOf(Object[] row) {
    long n = 16 + 8L * row.length;
    for (Object v : row) {
      n += sizeOf(v);
    }
    return n;
  }

  static long sizeOf(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof String s) {
      return 40 + 2L * s.length();
    }
    if (v instanceof byte[] b) {
      return 16 + b.length;
    }
    if (v instanceof java.math.BigDecimal d) {
      return 48 + d.precision() / 2;
    }
    if (v instanceof List<?> l) {
      long n = 24;
      for (Object x : l) {
        n += 8 + sizeOf(x);
      }
      return n;
    }
    return 24;
  }

  /** Parses sizes like 256MB, 1GB, 64kB, or plain bytes. */
  private static final java.util.regex.Pattern SIZE =
      java.util.regex.Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|tb)?");

  static long parseSize(String v) {
    String t = v.trim().replace("'", "").toLowerCase(Locale.ROOT);
    java.util.regex.Matcher m = SIZE.matcher(t);
    if (!m.matches()) {
      throw new SqlException(
          "22023", "invalid value for parameter \"orbit.query_memory\": \"" + v + "\"");
    }
    long n = Long.parseLong(m.group(1));
    String u = m.group(2) == null ? "kb" : m.group(2);
    long mult =
        switch (u) {
          case "b" -> 1;
          case "kb" -> 1L << 10;
          case "mb" -> 1L << 20;
          case "gb" -> 1L << 30;
          default -> 1L << 40;
        };
    return n * mult;
  }
}
