package dev.orbit.node.protocol.resp;

/** Redis glob patterns: {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]}, {@code \x}. */
final class Glob {
  private Glob() {}

  static boolean matches(byte[] pattern, byte[] s) {
    return match(pattern, 0, s, 0);
  }

  private static boolean match(byte[] p, int pi, byte[] s, int si) {
    while (pi < p.length) {
      byte c = p[pi];
      switch (c) {
        case '*' -> {
          while (pi + 1 < p.length && p[pi + 1] == '*') {
            pi++;
          }
          if (pi + 1 == p.length) {
            return true;
          }
          for (int k = si; k <= s.length; k++) {
            if (match(p, pi + 1, s, k)) {
              return true;
            }
          }
          return false;
        }
        case '?' -> {
          if (si >= s.length) {
            return false;
          }
          si++;
          pi++;
        }
        case '[' -> {
          if (si >= s.length) {
            return false;
          }
          int end = pi + 1;
          boolean not = end < p.length && p[end] == '^';
          if (not) {
            end++;
          }
          boolean hit = false;
          while (end < p.length && p[end] != ']') {
            if (p[end] == '\\' && end + 1 < p.length) {
              end++;
              hit |= p[end] == s[si];
            } else if (end + 2 < p.length && p[end + 1] == '-' && p[end + 2] != ']') {
              int lo = Math.min(p[end] & 0xff, p[end + 2] & 0xff);
              int hi = Math.max(p[end] & 0xff, p[end + 2] & 0xff);
              int v = s[si] & 0xff;
              hit |= v >= lo && v <= hi;
              end += 2;
            } else {
              hit |= p[end] == s[si];
            }
            end++;
          }
          if (hit == not) {
            return false;
          }
          pi = Math.min(end + 1, p.length);
          si++;
        }
        case '\\' -> {
          if (pi + 1 < p.length) {
            pi++;
          }
          if (si >= s.length || p[pi] != s[si]) {
            return false;
          }
          pi++;
          si++;
        }
        default -> {
          if (si >= s.length || c != s[si]) {
            return false;
          }
          pi++;
          si++;
        }
      }
    }
    return si == s.length;
  }
}
