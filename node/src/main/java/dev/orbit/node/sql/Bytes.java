package dev.orbit.node.sql;

import java.util.Arrays;

/** A growable byte array for building keys and rows. */
final class Bytes {
  private byte[] buf;
  private int len;

  Bytes(int capacity) {
    buf = new byte[capacity];
  }

  Bytes(byte[] prefix) {
    buf = Arrays.copyOf(prefix, prefix.length + 32);
    len = prefix.length;
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  Bytes put(int b) {
    ensure(1);
    buf[len++] = (byte) b;
    return this;
  }

  Bytes put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  Bytes putInt(int v) {
    ensure(4);
    for (int i = 3; i >= 0; i--) {
      buf[len++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  Bytes putLong(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[len++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  Bytes putVarint(int v) {
    while ((v & ~0x7F) != 0) {
      put((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    return put(v);
  }

  int length() {
    return len;
  }

  byte[] toArray() {
    return Arrays.copyOf(buf, len);
  }

  /** The smallest key greater than every key starting with {@code prefix}. */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
