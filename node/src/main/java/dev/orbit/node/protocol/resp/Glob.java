package dev.orbit.node.protocol.resp;

/**
 * Redis glob patterns ({@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]}, {@code \x}) with
 * Redis's own rules for edge cases, matched in O(pattern × subject) time: on a mismatch only the
 * last {@code *} is retried one byte further on (a longer match for an earlier star can never help,
 * as Redis itself notes since 7.0.9), so no input backtracks exponentially.
 */
public final class Glob {
  private Glob() {}

  public static boolean matches(byte[] pattern, byte[] s) {
    return matches(pattern, s, false);
  }

  /** As {@link #matches(byte[], byte[])}; {@code nocase} compares ASCII letters without case. */
  public static boolean matches(byte[] p, byte[] s, boolean nocase) {
    if (s.length == 0) {
      return p.length == 0; // Redis compares nothing against an empty subject, not even '*'
    }
    int pi = 0;
    int si = 0;
    int starP = -1;
    int starS = -1;
    while (si < s.length) {
      if (pi < p.length && p[pi] == '*') {
        while (pi + 1 < p.length && p[pi + 1] == '*') {
          pi++;
        }
        if (pi + 1 == p.length) {
          return true;
        }
        starP = pi;
        starS = si;
        pi++;
        continue;
      }
      if (pi < p.length) {
        int next = token(p, pi, s[si], nocase);
        if (next >= 0) {
          pi = next;
          si++;
          continue;
        }
      }
      if (starP < 0 || ++starS >= s.length) {
        return false;
      }
      si = starS;
      pi = starP + 1;
    }
    while (pi < p.length && p[pi] == '*') {
      pi++;
    }
    return pi == p.length;
  }

  /**
   * Matches the one-byte token at {@code pi} (not a star) against {@code c}: the pattern index
   * after the token, or -1 when it does not match.
   */
  private static int token(byte[] p, int pi, byte c, boolean nocase) {
    switch (p[pi]) {
      case '?':
        return pi + 1;
      case '[':
        return charClass(p, pi + 1, c, nocase);
      case '\\':
        if (pi + 1 < p.length) {
          pi++;
        }
        return same(p[pi], c, nocase) ? pi + 1 : -1;
      default:
        return same(p[pi], c, nocase) ? pi + 1 : -1;
    }
  }

  /**
   * The body of a {@code [...]} class starting at {@code i} (after the bracket), as Redis reads it.
   */
  private static int charClass(byte[] p, int i, byte c, boolean nocase) {
    boolean not = i < p.length && p[i] == '^';
    if (not) {
      i++;
    }
    boolean match = false;
    while (true) {
      int left = p.length - i;
      if (left >= 2 && p[i] == '\\') {
        i++;
        match |= p[i] == c;
      } else if (left > 0 && p[i] == ']') {
        break;
      } else if (left == 0) {
        i--; // an unterminated class ends the pattern
        break;
      } else if (left >= 3 && p[i + 1] == '-') {
        int start = p[i]; // signed, as Redis compares chars
        int end = p[i + 2];
        int v = c;
        if (start > end) {
          int t = start;
          start = end;
          end = t;
        }
        if (nocase) {
          start = lower(start);
          end = lower(end);
          v = lower(v);
        }
        i += 2;
        match |= v >= start && v <= end;
      } else {
        match |= same(p[i], c, nocase);
      }
      i++;
    }
    return match != not ? i + 1 : -1;
  }

  private static boolean same(byte a, byte b, boolean nocase) {
    return a == b || (nocase && lower(a) == lower(b));
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /**
   * The literal bytes every match must start with (up to the first special character), so a
   * keyspace walk can start there instead of at the first key.
   */
  public static byte[] literalPrefix(byte[] p) {
    int n = 0;
    while (n < p.length && p[n] != '*' && p[n] != '?' && p[n] != '[' && p[n] != '\\') {
      n++;
    }
    return java.util.Arrays.copyOf(p, n);
  }

  /** True for the pattern {@code *} alone, which Redis treats as "everything" without matching. */
  public static boolean matchesAll(byte[] p) {
    return p.length == 1 && p[0] == '*';
  }
}
