package dev.orbit.node.protocol.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Argument parsing as Redis does it (strict integers, case-insensitive options). */
final class Args {
  private Args() {}

  /** A Redis integer: optional '-', no '+', no leading zeros, no spaces, fits in 64 bits. */
  static long parseLong(byte[] b) {
    Long v = tryLong(b);
    if (v == null) {
      throw RedisError.notInteger();
    }
    return v;
  }

  /** As {@link #parseLong}, with {@code error} as the message when it is not one. */
  static long parseLong(byte[] b, String error) {
    Long v = tryLong(b);
    if (v == null) {
      throw new RedisError(error);
    }
    return v;
  }

  /** The integer in {@code b} as Redis's string2ll reads it, or null. */
  static Long tryLong(byte[] b) {
    int n = b.length;
    if (n == 0 || n > 20) {
      return null;
    }
    if (n == 1 && b[0] == '0') {
      return 0L;
    }
    int i = 0;
    boolean neg = b[0] == '-';
    if (neg) {
      i++;
      if (n == 1) {
        return null;
      }
    }
    if (b[i] < '1' || b[i] > '9') {
      return null;
    }
    long v = 0;
    for (; i < n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      // accumulate negatively: the negative range is one larger
      if (v < (Long.MIN_VALUE + d) / 10) {
        return null;
      }
      v = v * 10 - d;
    }
    if (!neg) {
      if (v == Long.MIN_VALUE) {
        return null;
      }
      return -v;
    }
    return v;
  }

  /** An integer argument that must also fit in 32 bits, as Redis's getIntFromObject. */
  static int parseInt(byte[] b) {
    long v = parseLong(b);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw RedisError.notInteger();
    }
    return (int) v;
  }

  static double parseDouble(byte[] b) {
    try {
      return Doubles.parse(b);
    } catch (Doubles.NotANumber e) {
      throw new RedisError(RedisError.NOT_FLOAT);
    }
  }

  static double parseDouble(byte[] b, String error) {
    try {
      return Doubles.parse(b);
    } catch (Doubles.NotANumber e) {
      throw new RedisError(error);
    }
  }

  static boolean is(byte[] b, String upper) {
    if (b.length != upper.length()) {
      return false;
    }
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

  static String upper(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
  }

  static String lower(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  /** The error for a wrong argument count of {@code cmd}. */
  static RedisError wrongArgs(List<byte[]> a) {
    return new RedisError("ERR wrong number of arguments for '" + lower(a.get(0)) + "' command");
  }
}
