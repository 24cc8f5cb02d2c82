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

  static String upper(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
  }

  static String lower(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }
}
