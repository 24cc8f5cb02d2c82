package dev.orbit.node.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The binary form of a replicated log entry: a sequence of operations, each carrying everything a
 * member needs to apply it deterministically (record versions, write times, the exact records a
 * tier move moves), so every member ends with identical databases.
 */
final class LogOps {
  static final byte FORMAT = 1;

  static final byte PUT = 1;
  static final byte DELETE = 2;
  static final byte CLEAR = 3;
  static final byte MOVE = 4;
  static final byte FLUSH = 5;
  static final byte CHUNK = 6;
  static final byte COMMIT = 7;
  static final byte ABORT = 8;
  static final byte NOOP = 9;
  static final byte PART = 10;
  static final byte JOIN = 11;

  /**
   * First operation of every entry the leader appends: its wall-clock time (epoch millis) at the
   * append, which point-in-time recovery selects entries by. Changes nothing when applied.
   */
  static final byte TIME = 12;

  /**
   * A chunk of a load of private keys ({@link BulkLoad}): as {@link #CHUNK}, and its file is added
   * to the database as soon as it is written.
   */
  static final byte PRIVATE_CHUNK = 13;

  private LogOps() {}

  /** Builds an entry; grows as needed. */
  static final class Writer {
    private byte[] buf;
    private int pos;

    Writer(int capacity) {
      buf = new byte[Math.max(16, capacity)];
      buf[pos++] = FORMAT;
    }

    int size() {
      return pos;
    }

    /** True when nothing but the format byte was written. */
    boolean isEmpty() {
      return pos == 1;
    }

    byte[] toBytes() {
      return Arrays.copyOf(buf, pos);
    }

    /** Appends the operations of {@code other} (written by another writer). */
    void append(Writer other) {
      ensure(other.pos - 1);
      System.arraycopy(other.buf, 1, buf, pos, other.pos - 1);
      pos += other.pos - 1;
    }

    Writer put(byte[] key, long version, long time, byte[] value) {
      ensure(22 + key.length + value.length);
      buf[pos++] = PUT;
      bytes(key);
      bytes(value);
      raw(version);
      raw(time);
      return this;
    }

    Writer delete(byte[] key, long version, long time) {
      ensure(22 + key.length);
      buf[pos++] = DELETE;
      bytes(key);
      raw(version);
      raw(time);
      return this;
    }

    Writer op(byte op) {
      ensure(1);
      buf[pos++] = op;
      return this;
    }

    Writer b(int v) {
      ensure(1);
      buf[pos++] = (byte) v;
      return this;
    }

    Writer l(long v) {
      ensure(8);
      raw(v);
      return this;
    }

    Writer varint(int v) {
      ensure(5);
      while ((v & ~0x7F) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
      return this;
    }

    /** Length-prefixed bytes; null is written as length -1 (as a 5-byte varint). */
    Writer bytes(byte[] b) {
      if (b == null) {
        return varint(-1);
      }
      ensure(5 + b.length);
      varint(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
      return this;
    }

    private void raw(long v) {
      for (int i = 7; i >= 0; i--) {
        buf[pos + i] = (byte) v;
        v >>>= 8;
      }
      pos += 8;
    }

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }
  }

  /** Reads an entry written by {@link Writer}. */
  static final class Reader {
    private final ByteBuffer b;

    Reader(ByteBuffer data) {
      this.b = data.slice();
      byte format = b.get();
      if (format != FORMAT) {
        throw new StorageException("log entry of unknown format " + format);
      }
    }

    boolean hasNext() {
      return b.hasRemaining();
    }

    byte op() {
      return b.get();
    }

    int b() {
      return b.get();
    }

    long l() {
      return b.getLong();
    }

    int varint() {
      int v = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int x = b.get();
        v |= (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new StorageException("corrupt log entry: varint too long");
    }

    byte[] bytes() {
      int n = varint();
      if (n == -1) {
        return null;
      }
      byte[] out = new byte[n];
      b.get(out);
      return out;
    }
  }
}
