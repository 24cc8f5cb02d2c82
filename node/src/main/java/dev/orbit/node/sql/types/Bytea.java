package dev.orbit.node.sql.types;

import dev.orbit.node.sql.SqlException;
import java.io.ByteArrayOutputStream;

/** bytea text forms: hex (\x…) and escape (octal \nnn and \\), as byteain/byteaout. */
public final class Bytea {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Bytea() {}

  public static byte[] parse(String s) {
    if (s.startsWith("\\x")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() / 2);
      int i = 2;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
          continue;
        }
        int hi = Character.digit(c, 16);
        if (hi < 0) {
          throw new SqlException("22P02", "invalid hexadecimal digit: \"" + c + "\"");
        }
        if (i + 1 >= s.length()) {
          throw new SqlException("22P02", "invalid hexadecimal data: odd number of digits");
        }
        int lo = Character.digit(s.charAt(i + 1), 16);
        if (lo < 0) {
          throw new SqlException("22P02", "invalid hexadecimal digit: \"" + s.charAt(i + 1) + "\"");
        }
        out.write((hi << 4) | lo);
        i += 2;
      }
      return out.toByteArray();
    }
    byte[] src = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(src.length);
    int i = 0;
    while (i < src.length) {
      byte b = src[i];
      if (b != '\\') {
        out.write(b);
        i++;
      } else if (i + 1 < src.length && src[i + 1] == '\\') {
        out.write('\\');
        i += 2;
      } else if (i + 3 < src.length
          && isOct(src[i + 1])
          && src[i + 1] <= '3'
          && isOct(src[i + 2])
          && isOct(src[i + 3])) {
        out.write(((src[i + 1] - '0') << 6) | ((src[i + 2] - '0') << 3) | (src[i + 3] - '0'));
        i += 4;
      } else {
        throw new SqlException("22P02", "invalid input syntax for type bytea");
      }
    }
    return out.toByteArray();
  }

  private static boolean isOct(byte b) {
    return b >= '0' && b <= '7';
  }

  public static String format(byte[] b, boolean hex) {
    if (hex) {
      char[] out = new char[2 + b.length * 2];
      out[0] = '\\';
      out[1] = 'x';
      for (int i = 0; i < b.length; i++) {
        out[2 + i * 2] = HEX[(b[i] >> 4) & 0xF];
        out[3 + i * 2] = HEX[b[i] & 0xF];
      }
      return new String(out);
    }
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      int v = x & 0xFF;
      if (v == '\\') {
        s.append("\\\\");
      } else if (v < 0x20 || v > 0x7e) {
        s.append('\\')
            .append((char) ('0' + (v >> 6)))
            .append((char) ('0' + ((v >> 3) & 7)))
            .append((char) ('0' + (v & 7)));
      } else {
        s.append((char) v);
      }
    }
    return s.toString();
  }
}
