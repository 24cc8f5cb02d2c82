package dev.orbit.node.cql;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keys of the cql store. A table's rows: {@code 'R' table# token pk-length pk 0x01 clustering}, its
 * partition header (partition deletion): the same with {@code 0x00} instead of {@code 0x01}.
 * Partitions sort by token (as Cassandra returns them), rows by clustering order: each clustering
 * value is written in an order-preserving form, inverted for DESC columns.
 */
public final class KeyLayout {
  static final byte ROWS = 'R';
  static final byte INDEX = 'I';
  static final byte HEADER = 0;
  static final byte ROW = 1;

  private KeyLayout() {}

  public static byte[] tablePrefix(int table) {
    return ByteBuffer.allocate(5).put(ROWS).putInt(table).array();
  }

  public static byte[] indexPrefix(int index) {
    return ByteBuffer.allocate(5).put(INDEX).putInt(index).array();
  }

  /** The partition key as one value: the column's value, or the composite of several. */
  public static byte[] partitionKey(List<byte[]> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int n = 0;
    for (byte[] p : parts) {
      n += 3 + p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.putShort((short) p.length).put(p).put((byte) 0);
    }
    return b.array();
  }

  /** The components of a composite partition key. */
  public static List<byte[]> splitPartitionKey(byte[] pk, int parts) {
    if (parts == 1) {
      return List.of(pk);
    }
    List<byte[]> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(pk);
    for (int i = 0; i < parts; i++) {
      byte[] p = new byte[b.getShort() & 0xFFFF];
      b.get(p);
      b.get();
      out.add(p);
    }
    return out;
  }

  /** {@code 'R' table# token pk-length pk}: every key of the partition starts with it. */
  public static byte[] partition(int table, byte[] pk) {
    return ByteBuffer.allocate(5 + 8 + 4 + pk.length)
        .put(ROWS)
        .putInt(table)
        .putLong(Murmur3.token(pk) ^ Long.MIN_VALUE)
        .putInt(pk.length)
        .put(pk)
        .array();
  }

  /** The first key of partitions whose token is ≥ {@code token}. */
  public static byte[] tokenStart(int table, long token) {
    return ByteBuffer.allocate(13).put(ROWS).putInt(table).putLong(token ^ Long.MIN_VALUE).array();
  }

  public static long tokenOf(byte[] key) {
    return ByteBuffer.wrap(key, 5, 8).getLong() ^ Long.MIN_VALUE;
  }

  /** The partition key bytes of a row or header key. */
  public static byte[] pkOf(byte[] key) {
    int len = ByteBuffer.wrap(key, 13, 4).getInt();
    return Arrays.copyOfRange(key, 17, 17 + len);
  }

  /** Length of the partition prefix of a row or header key. */
  public static int partitionLength(byte[] key) {
    return 17 + ByteBuffer.wrap(key, 13, 4).getInt();
  }

  public static byte[] header(byte[] partition) {
    return concat(partition, new byte[] {HEADER});
  }

  public static byte[] rowPrefix(byte[] partition) {
    return concat(partition, new byte[] {ROW});
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The smallest key greater than every key starting with {@code prefix}. */
  public static byte[] after(byte[] prefix) {
    byte[] out = prefix.clone();
    for (int i = out.length - 1; i >= 0; i--) {
      if (out[i] != (byte) 0xFF) {
        out[i]++;
        return Arrays.copyOf(out, i + 1);
      }
    }
    return null;
  }

  /** Whether a clustering column of this type can be stored in order. */
  static boolean orderable(CqlType t) {
    return switch (t.kind) {
      case VARINT, DECIMAL, LIST, SET, MAP, TUPLE, UDT, COUNTER -> false;
      default -> true;
    };
  }

  /** Appends the order-preserving form of {@code v} (a value of {@code t}). */
  static void encode(CqlType t, byte[] v, boolean desc, ByteArrayOutputStream out) {
    byte[] e = encode(t, v);
    if (desc) {
      for (int i = 0; i < e.length; i++) {
        e[i] = (byte) ~e[i];
      }
    }
    out.writeBytes(e);
  }

  private static byte[] encode(CqlType t, byte[] v) {
    switch (t.kind) {
      case INT, BIGINT, SMALLINT, TINYINT, TIMESTAMP, TIME -> {
        byte[] e = v.clone();
        e[0] ^= (byte) 0x80;
        return e;
      }
      case FLOAT, DOUBLE -> {
        byte[] e = v.clone();
        if ((e[0] & 0x80) != 0) {
          for (int i = 0; i < e.length; i++) {
            e[i] = (byte) ~e[i];
          }
        } else {
          e[0] ^= (byte) 0x80;
        }
        return e;
      }
      case DATE, BOOLEAN -> {
        return v.clone();
      }
      case TIMEUUID -> {
        return timeUuid(v);
      }
      case UUID -> {
        int version = (v[6] >> 4) & 0xF;
        byte[] body = version == 1 ? timeUuid(v) : v;
        byte[] e = new byte[17];
        e[0] = (byte) version;
        System.arraycopy(body, 0, e, 1, 16);
        return e;
      }
      default -> {
        ByteArrayOutputStream b = new ByteArrayOutputStream(v.length + 2);
        for (byte x : v) {
          b.write(x);
          if (x == 0) {
            b.write(0xFF);
          }
        }
        b.write(0);
        b.write(0);
        return b.toByteArray();
      }
    }
  }

  private static byte[] timeUuid(byte[] v) {
    ByteBuffer b = ByteBuffer.allocate(16).putLong(Values.uuidTime(v));
    for (int i = 8; i < 16; i++) {
      b.put((byte) (v[i] ^ 0x80));
    }
    return b.array();
  }

  /** Reads the values of {@code columns} back from a clustering encoding starting at {@code at}. */
  static List<byte[]> decodeClustering(List<ColumnDef> columns, byte[] key, int at) {
    List<byte[]> out = new ArrayList<>(columns.size());
    int[] pos = {at};
    for (ColumnDef c : columns) {
      out.add(decode(c.type(), c.descending(), key, pos));
    }
    return out;
  }

  private static byte[] decode(CqlType t, boolean desc, byte[] key, int[] pos) {
    int fixed =
        switch (t.kind) {
          case INT, FLOAT, DATE -> 4;
          case BIGINT, TIMESTAMP, TIME, DOUBLE -> 8;
          case SMALLINT -> 2;
          case TINYINT, BOOLEAN -> 1;
          case TIMEUUID -> 16;
          case UUID -> 17;
          default -> -1;
        };
    if (fixed > 0) {
      byte[] e = Arrays.copyOfRange(key, pos[0], pos[0] + fixed);
      pos[0] += fixed;
      if (desc) {
        for (int i = 0; i < e.length; i++) {
          e[i] = (byte) ~e[i];
        }
      }
      return decodeFixed(t, e);
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int i = pos[0];
    while (true) {
      byte x = desc ? (byte) ~key[i] : key[i];
      if (x == 0) {
        byte y = desc ? (byte) ~key[i + 1] : key[i + 1];
        i += 2;
        if (y == 0) {
          break;
        }
        b.write(0);
      } else {
        b.write(x);
        i++;
      }
    }
    pos[0] = i;
    return b.toByteArray();
  }

  private static byte[] decodeFixed(CqlType t, byte[] e) {
    switch (t.kind) {
      case INT, BIGINT, SMALLINT, TINYINT, TIMESTAMP, TIME -> {
        e[0] ^= (byte) 0x80;
        return e;
      }
      case FLOAT, DOUBLE -> {
        if ((e[0] & 0x80) != 0) {
          e[0] ^= (byte) 0x80;
        } else {
          for (int i = 0; i < e.length; i++) {
            e[i] = (byte) ~e[i];
          }
        }
        return e;
      }
      case TIMEUUID -> {
        return untimeUuid(e, 0);
      }
      case UUID -> {
        return e[0] == 1 ? untimeUuid(e, 1) : Arrays.copyOfRange(e, 1, 17);
      }
      default -> {
        return e;
      }
    }
  }

  private static byte[] untimeUuid(byte[] e, int off) {
    long t = ByteBuffer.wrap(e, off, 8).getLong();
    long msb = (t << 32) | ((t >>> 16) & 0xFFFF0000L) | 0x1000L | ((t >>> 48) & 0x0FFFL);
    ByteBuffer b = ByteBuffer.allocate(16).putLong(msb);
    for (int i = 8; i < 16; i++) {
      b.put((byte) (e[off + i] ^ 0x80));
    }
    return b.array();
  }
}
