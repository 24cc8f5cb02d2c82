package dev.orbit.node.sql.types;

import dev.orbit.node.sql.SqlException;
import java.util.Arrays;

/** bit and bit varying values: a length in bits and the bits, most significant first. */
public record BitString(int length, byte[] bits) implements Comparable<BitString> {
  public static BitString parse(String s, boolean varying) {
    String t = s;
    boolean hex = false;
    if (!t.isEmpty() && (t.charAt(0) == 'b' || t.charAt(0) == 'B')) {
      t = t.substring(1);
    } else if (!t.isEmpty() && (t.charAt(0) == 'x' || t.charAt(0) == 'X')) {
      t = t.substring(1);
      hex = true;
    }
    if (hex) {
      byte[] b = new byte[(t.length() + 1) / 2];
      for (int i = 0; i < t.length(); i++) {
        int d = Character.digit(t.charAt(i), 16);
        if (d < 0) {
          throw new SqlException(
              "22P02", "\"" + t.charAt(i) + "\" is not a valid hexadecimal digit");
        }
        b[i / 2] |= (byte) (i % 2 == 0 ? d << 4 : d);
      }
      return new BitString(t.length() * 4, b);
    }
    byte[] b = new byte[(t.length() + 7) / 8];
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '1') {
        b[i / 8] |= (byte) (0x80 >> (i % 8));
      } else if (c != '0') {
        throw new SqlException("22P02", "\"" + c + "\" is not a valid binary digit");
      }
    }
    return new BitString(t.length(), b);
  }

  public boolean get(int i) {
    return (bits[i / 8] & (0x80 >> (i % 8))) != 0;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(get(i) ? '1' : '0');
    }
    return b.toString();
  }

  /** Applies bit(n) (exact length) or varbit(n) (maximum); explicit casts pad or truncate. */
  public BitString withTypmod(int n, boolean varying, boolean explicit) {
    if (n <= 0 || (varying && length <= n) || (!varying && length == n)) {
      return this;
    }
    if (!explicit) {
      if (varying) {
        throw new SqlException("22001", "bit string too long for type bit varying(" + n + ")");
      }
      throw new SqlException(
          "22026", "bit string length " + length + " does not match type bit(" + n + ")");
    }
    return resize(n);
  }

  public BitString resize(int n) {
    byte[] b = new byte[(n + 7) / 8];
    for (int i = 0; i < Math.min(n, length); i++) {
      if (get(i)) {
        b[i / 8] |= (byte) (0x80 >> (i % 8));
      }
    }
    return new BitString(n, b);
  }

  @Override
  public int compareTo(BitString o) {
    int n = Math.min(length, o.length);
    for (int i = 0; i < n; i++) {
      boolean a = get(i);
      boolean b = o.get(i);
      if (a != b) {
        return a ? 1 : -1;
      }
    }
    return Integer.compare(length, o.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BitString b && b.length == length && Arrays.equals(bits, b.bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits) * 31 + length;
  }
}
