package dev.orbit.node.protocol.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Argument helpers shared by the command parsers. */
final class Args {
  private Args() {}

  static int exact(List<byte[]> a, int n) {
    if (a.size() != n) {
      throw new Command.WrongArgs();
    }
    return n;
  }

  static int arity(List<byte[]> a, int min, int max) {
    if (a.size() < min || a.size() > max) {
      throw new Command.WrongArgs();
    }
    return a.size();
  }

  /** A Redis integer argument: no sign prefix '+', no leading zeros, fits in 64 bits. */
  static long parseLong(byte[] b) {
    String s = new String(b, StandardCharsets.US_ASCII);
    if (s.isEmpty()
        || s.length() > 20
        || s.startsWith("+")
        || (s.length() > 1 && s.startsWith("0"))
        || s.startsWith("-0")) {
      throw new Command.Error("ERR value is not an integer or out of range");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new Command.Error("ERR value is not an integer or out of range");
    }
  }

  /** Command names and options the parsers switch on, by length, for {@link #upper}. */
  private static final String[][] WORDS =
      byLength(
          "CLIENT",
          "COMMAND",
          "CONFIG",
          "COUNT",
          "DBSIZE",
          "DECR",
          "DECRBY",
          "DEL",
          "DOCS",
          "ECHO",
          "EX",
          "EXAT",
          "EXISTS",
          "EXPIRE",
          "FLUSHALL",
          "FLUSHDB",
          "GET",
          "GETNAME",
          "GT",
          "INCR",
          "INCRBY",
          "INFO",
          "KEEPTTL",
          "KEYS",
          "LIST",
          "LT",
          "MATCH",
          "MGET",
          "MSET",
          "NX",
          "PERSIST",
          "PEXPIRE",
          "PING",
          "PTTL",
          "PX",
          "PXAT",
          "QUIT",
          "SCAN",
          "SELECT",
          "SET",
          "SETINFO",
          "SETNAME",
          "SETNX",
          "TTL",
          "TYPE",
          "UNLINK",
          "XX");

  private static String[][] byLength(String... words) {
    String[][] out = new String[16][];
    for (int n = 0; n < out.length; n++) {
      int len = n;
      out[n] = java.util.Arrays.stream(words).filter(w -> w.length() == len).toArray(String[]::new);
    }
    return out;
  }

  /**
   * The argument in upper case. Known command names and options come from a table without
   * allocating (they are parsed once per request); anything else is converted.
   */
  static String upper(byte[] b) {
    if (b.length < WORDS.length) {
      for (String w : WORDS[b.length]) {
        if (equalsIgnoreCase(b, w)) {
          return w;
        }
      }
    }
    return new String(b, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
  }

  private static boolean equalsIgnoreCase(byte[] b, String upper) {
    for (int i = 0; i < b.length; i++) {
      int c = b[i];
      if (c >= 'a' && c <= 'z') {
        c -= 'a' - 'A';
      }
      if (c != upper.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static String lower(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }
}
