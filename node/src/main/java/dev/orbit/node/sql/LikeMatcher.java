package dev.orbit.node.sql;

/**
 * LIKE / ILIKE matching in O(length × pattern) time without backtracking, so no pattern can make a
 * match take exponential time: a '%' is only ever retried from its most recent position. The escape
 * character (default backslash, none when empty) makes the next character literal.
 */
final class LikeMatcher {
  private final int[] pattern;

  /** For each pattern position: 0 literal, 1 '_', 2 '%'. */
  private final byte[] kind;

  private final boolean caseInsensitive;

  LikeMatcher(String like, String escape, boolean caseInsensitive) {
    this.caseInsensitive = caseInsensitive;
    int esc;
    if (escape == null) {
      esc = '\\';
    } else if (escape.isEmpty()) {
      esc = -1;
    } else if (escape.codePointCount(0, escape.length()) != 1) {
      throw new SqlException("22025", "invalid escape string")
          .withHint("Escape string must be empty or one character.");
    } else {
      esc = escape.codePointAt(0);
    }
    int[] cps = like.codePoints().toArray();
    int[] p = new int[cps.length];
    byte[] k = new byte[cps.length];
    int n = 0;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == esc) {
        if (i + 1 >= cps.length) {
          throw new SqlException("22025", "LIKE pattern must not end with escape character");
        }
        p[n] = fold(cps[++i]);
        k[n++] = 0;
      } else if (c == '%') {
        if (n > 0 && k[n - 1] == 2) {
          continue; // %% is one %
        }
        k[n++] = 2;
      } else if (c == '_') {
        k[n++] = 1;
      } else {
        p[n] = fold(c);
        k[n++] = 0;
      }
    }
    this.pattern = java.util.Arrays.copyOf(p, n);
    this.kind = java.util.Arrays.copyOf(k, n);
  }

  private int fold(int c) {
    return caseInsensitive ? Character.toLowerCase(Character.toUpperCase(c)) : c;
  }

  /** Whether {@code text} matches; {@code cancel} is consulted as the work grows. */
  boolean matches(String text, Runnable cancel) {
    int[] s = text.codePoints().toArray();
    int si = 0;
    int pi = 0;
    int starP = -1;
    int starS = 0;
    long steps = 0;
    while (si < s.length) {
      if ((++steps & 0xFFFF) == 0) {
        cancel.run();
      }
      if (pi < pattern.length && kind[pi] == 2) {
        starP = pi++;
        starS = si;
      } else if (pi < pattern.length && (kind[pi] == 1 || pattern[pi] == fold(s[si]))) {
        pi++;
        si++;
      } else if (starP >= 0) {
        pi = starP + 1;
        si = ++starS;
      } else {
        return false;
      }
    }
    while (pi < pattern.length && kind[pi] == 2) {
      pi++;
    }
    return pi == pattern.length;
  }
}
