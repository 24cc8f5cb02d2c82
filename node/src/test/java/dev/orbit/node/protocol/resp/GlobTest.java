package dev.orbit.node.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GlobTest {
  private static boolean m(String p, String s) {
    return Glob.matches(p.getBytes(StandardCharsets.UTF_8), s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void matchesLikeRedis() {
    assertTrue(m("h?llo", "hello"));
    assertTrue(m("h*llo", "heeeello"));
    assertTrue(m("h[ae]llo", "hallo"));
    assertFalse(m("h[^e]llo", "hello"));
    assertTrue(m("h[a-b]llo", "hbllo"));
    assertTrue(m("h[b-a]llo", "hallo"));
    assertTrue(m("a\\*b", "a*b"));
    assertFalse(m("a\\*b", "axb"));
    assertTrue(m("*", "anything"));
    assertFalse(m("*", ""));
    assertTrue(m("", ""));
    assertTrue(m("a*", "a"));
    assertTrue(m("[abc", "b"));
    assertFalse(m("[]a]", "a"));
    assertTrue(m("foo*bar*baz", "foo-bar-bar-baz"));
    assertFalse(m("foo*bar*baz", "foo-bar-bar-ba"));
  }

  @Test
  void aPatternThatBacktracksExponentiallyElsewhereAnswersAtOnce() {
    String pattern = "a*".repeat(40) + "b";
    String subject = "a".repeat(4000);
    assertTimeoutPreemptively(
        Duration.ofSeconds(20), () -> assertFalse(m(pattern, subject)), "matching never ended");
  }

  @Test
  void agreesWithRedisOnRandomPatterns() {
    Random r = new Random(42);
    byte[] alphabet = "ab*?[]^-\\".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 200_000; i++) {
      byte[] p = random(r, alphabet, r.nextInt(8));
      byte[] s = random(r, "ab-]".getBytes(StandardCharsets.US_ASCII), r.nextInt(7));
      boolean nocase = r.nextInt(8) == 0;
      assertEquals(
          RedisReference.match(p, s, nocase),
          Glob.matches(p, s, nocase),
          () -> new String(p, StandardCharsets.US_ASCII) + " ~ " + new String(s));
    }
  }

  private static byte[] random(Random r, byte[] alphabet, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = alphabet[r.nextInt(alphabet.length)];
    }
    return b;
  }

  /** Redis 7.0's stringmatchlen(), transcribed (recursive), to compare against. */
  private static final class RedisReference {
    static boolean match(byte[] p, byte[] s, boolean nocase) {
      return impl(p, 0, s, 0, nocase, new boolean[1], 0);
    }

    private static byte at(byte[] b, int i) {
      return i < b.length ? b[i] : 0; // C strings end in NUL
    }

    private static int low(int c) {
      return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static boolean impl(
        byte[] p, int pi, byte[] s, int si, boolean nocase, boolean[] skip, int nesting) {
      if (nesting > 1000) {
        return false;
      }
      while (pi < p.length && si < s.length) {
        switch (p[pi]) {
          case '*' -> {
            while (pi < p.length && at(p, pi + 1) == '*') {
              pi++;
            }
            if (p.length - pi == 1) {
              return true;
            }
            while (si < s.length) {
              if (impl(p, pi + 1, s, si, nocase, skip, nesting + 1)) {
                return true;
              }
              if (skip[0]) {
                return false;
              }
              si++;
            }
            skip[0] = true;
            return false;
          }
          case '?' -> si++;
          case '[' -> {
            pi++;
            boolean not = at(p, pi) == '^';
            if (not) {
              pi++;
            }
            boolean match = false;
            while (true) {
              if (at(p, pi) == '\\' && p.length - pi >= 2) {
                pi++;
                if (p[pi] == s[si]) {
                  match = true;
                }
              } else if (at(p, pi) == ']') {
                break;
              } else if (p.length - pi == 0) {
                pi--;
                break;
              } else if (p.length - pi >= 3 && p[pi + 1] == '-') {
                int start = p[pi];
                int end = p[pi + 2];
                int c = s[si];
                if (start > end) {
                  int t = start;
                  start = end;
                  end = t;
                }
                if (nocase) {
                  start = low(start);
                  end = low(end);
                  c = low(c);
                }
                pi += 2;
                if (c >= start && c <= end) {
                  match = true;
                }
              } else if (nocase ? low(p[pi]) == low(s[si]) : p[pi] == s[si]) {
                match = true;
              }
              pi++;
            }
            if (not) {
              match = !match;
            }
            if (!match) {
              return false;
            }
            si++;
          }
          default -> {
            if (p[pi] == '\\' && p.length - pi >= 2) {
              pi++;
            }
            if (nocase ? low(p[pi]) != low(s[si]) : p[pi] != s[si]) {
              return false;
            }
            si++;
          }
        }
        pi++;
        if (si == s.length) {
          while (at(p, pi) == '*') {
            pi++;
          }
          break;
        }
      }
      return pi == p.length && si == s.length;
    }
  }
}
