package dev.orbit.node.sql.types;

import dev.orbit.node.sql.SqlException;

/** character varying(n) and character(n) length rules, and text ordering by code point. */
public final class Strings {
  private Strings() {}

  /** Length limit of a varchar/bpchar typmod (-1 for none). */
  public static int maxLength(int typmod) {
    return typmod < 4 ? -1 : typmod - 4;
  }

  public static int typmod(int n) {
    return n + 4;
  }

  static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  private static String prefix(String s, int n) {
    return s.substring(0, s.offsetByCodePoints(0, n));
  }

  public static String varchar(String s, int typmod, boolean explicit) {
    int max = maxLength(typmod);
    if (max < 0 || length(s) <= max) {
      return s;
    }
    String head = prefix(s, max);
    if (!explicit && !s.substring(head.length()).chars().allMatch(c -> c == ' ')) {
      throw new SqlException("22001", "value too long for type character varying(" + max + ")");
    }
    return head;
  }

  public static String bpchar(String s, int typmod, boolean explicit) {
    int max = maxLength(typmod);
    if (max < 0) {
      return s;
    }
    int len = length(s);
    if (len > max) {
      String head = prefix(s, max);
      if (!explicit && !s.substring(head.length()).chars().allMatch(c -> c == ' ')) {
        throw new SqlException("22001", "value too long for type character(" + max + ")");
      }
      return head;
    }
    if (len < max) {
      return s + " ".repeat(max - len);
    }
    return s;
  }

  public static String trimTrailing(String s) {
    int e = s.length();
    while (e > 0 && s.charAt(e - 1) == ' ') {
      e--;
    }
    return e == s.length() ? s : s.substring(0, e);
  }

  /** Orders by code point, as PostgreSQL orders text under the C collation (UTF-8 bytes). */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
          return Integer.compare(a.codePointAt(i), b.codePointAt(i));
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }
}
