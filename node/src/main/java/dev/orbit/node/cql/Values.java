package dev.orbit.node.cql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * CQL values in their native-protocol form (bytes, as clients send and receive them): ordering,
 * collection packing, and conversion to Java numbers for aggregates.
 */
public final class Values {
  private Values() {}

  public static byte[] ofInt(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  public static byte[] ofLong(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  public static byte[] ofText(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] ofBoolean(boolean b) {
    return new byte[] {(byte) (b ? 1 : 0)};
  }

  public static byte[] ofUuid(java.util.UUID u) {
    return ByteBuffer.allocate(16)
        .putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits())
        .array();
  }

  public static long toLong(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  public static int toInt(byte[] b) {
    return ByteBuffer.wrap(b).getInt();
  }

  /** Checks that {@code v} is a valid serialized value of {@code t}. */
  public static void validate(CqlType t, byte[] v) {
    int want =
        switch (t.kind) {
          case INT, DATE, FLOAT -> 4;
          case BIGINT, COUNTER, TIMESTAMP, TIME, DOUBLE -> 8;
          case SMALLINT -> 2;
          case TINYINT, BOOLEAN -> 1;
          case UUID, TIMEUUID -> 16;
          default -> -1;
        };
    if (want >= 0 && v.length != want && !(v.length == 0 && want != 1)) {
      throw CqlException.invalid(
          "Expected "
              + want
              + " bytes for a "
              + t.kind.name().toLowerCase()
              + " value, but got "
              + v.length);
    }
    if (t.kind == CqlType.Kind.TIMEUUID && v.length == 16 && ((v[6] >> 4) & 0xF) != 1) {
      throw CqlException.invalid(
          "Unsupported UUID version "
              + ((v[6] >> 4) & 0xF)
              + " for a timeuuid (only version 1 is valid)");
    }
    if (t.kind == CqlType.Kind.DURATION) {
      Durations.decode(v);
    }
    if (t.kind == CqlType.Kind.ASCII) {
      for (byte x : v) {
        if (x < 0) {
          throw CqlException.invalid("Invalid byte for ascii: " + x);
        }
      }
    }
    if (t.isCollection() || t.hasFields()) {
      List<byte[]> items = unpack(t, v); // throws on a malformed value
      if (t.isUdt()) {
        if (items.size() > t.params.size()) {
          throw CqlException.invalid(
              "UDT value contained too many fields (expected "
                  + t.params.size()
                  + ", got "
                  + items.size()
                  + ")");
        }
        for (int i = 0; i < items.size(); i++) {
          if (items.get(i) != null) {
            validate(t.params.get(i), items.get(i));
          }
        }
      }
    }
  }

  /** The elements (list, set), keys and values alternating (map), or fields (tuple). */
  public static List<byte[]> unpack(CqlType t, byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v);
    List<byte[]> out = new ArrayList<>();
    try {
      if (t.hasFields()) {
        while (b.hasRemaining()) {
          out.add(readSized(b));
        }
        return out;
      }
      int n = b.getInt();
      if (n < 0 || n > v.length) {
        throw CqlException.invalid("invalid collection size " + n);
      }
      int per = t.kind == CqlType.Kind.MAP ? 2 : 1;
      for (int i = 0; i < n * per; i++) {
        byte[] e = readSized(b);
        if (e == null) {
          throw CqlException.invalid("null is not supported inside collections");
        }
        out.add(e);
      }
      if (b.hasRemaining()) {
        throw CqlException.invalid("unexpected extraneous bytes after " + t.cql() + " value");
      }
      return out;
    } catch (java.nio.BufferUnderflowException e) {
      throw CqlException.invalid("not enough bytes to read a " + t.cql() + " value");
    }
  }

  private static byte[] readSized(ByteBuffer b) {
    int len = b.getInt();
    if (len < 0) {
      return null;
    }
    if (len > b.remaining()) {
      throw new java.nio.BufferUnderflowException();
    }
    byte[] e = new byte[len];
    b.get(e);
    return e;
  }

  /** A collection value from its elements (for maps: keys and values alternating). */
  public static byte[] pack(CqlType t, List<byte[]> items) {
    int size = t.hasFields() ? 0 : 4;
    for (byte[] i : items) {
      size += 4 + (i == null ? 0 : i.length);
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    if (!t.hasFields()) {
      b.putInt(t.kind == CqlType.Kind.MAP ? items.size() / 2 : items.size());
    }
    for (byte[] i : items) {
      if (i == null) {
        b.putInt(-1);
      } else {
        b.putInt(i.length).put(i);
      }
    }
    return b.array();
  }

  /** Orders serialized values of {@code t} as Cassandra orders them. */
  public static Comparator<byte[]> comparator(CqlType t) {
    return (a, b) -> compare(t, a, b);
  }

  public static int compare(CqlType t, byte[] a, byte[] b) {
    if (a.length == 0 || b.length == 0) {
      return Integer.compare(a.length, b.length) * (a.length == 0 ? 1 : 1);
    }
    switch (t.kind) {
      case INT:
      case BIGINT:
      case COUNTER:
      case TIMESTAMP:
      case SMALLINT:
      case TINYINT:
      case TIME:
        return Long.compare(signed(a), signed(b));
      case DOUBLE:
        return Double.compare(ByteBuffer.wrap(a).getDouble(), ByteBuffer.wrap(b).getDouble());
      case FLOAT:
        return Float.compare(ByteBuffer.wrap(a).getFloat(), ByteBuffer.wrap(b).getFloat());
      case VARINT:
        return new BigInteger(a).compareTo(new BigInteger(b));
      case DECIMAL:
        return decimal(a).compareTo(decimal(b));
      case BOOLEAN:
        return Boolean.compare(a[0] != 0, b[0] != 0);
      case TIMEUUID:
        return compareTimeUuid(a, b);
      case UUID:
        return compareUuid(a, b);
      case LIST:
      case SET:
      case MAP:
      case TUPLE:
      case UDT:
        return compareElements(t, a, b);
      default:
        return Arrays.compareUnsigned(a, b);
    }
  }

  private static int compareElements(CqlType t, byte[] a, byte[] b) {
    List<byte[]> x = unpack(t, a);
    List<byte[]> y = unpack(t, b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      CqlType et =
          t.hasFields()
              ? t.params.get(i)
              : t.kind == CqlType.Kind.MAP && i % 2 == 1 ? t.value() : t.element();
      byte[] p = x.get(i);
      byte[] q = y.get(i);
      int c = p == null || q == null ? Boolean.compare(p != null, q != null) : compare(et, p, q);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  static long signed(byte[] a) {
    long v = a[0];
    for (int i = 1; i < a.length; i++) {
      v = (v << 8) | (a[i] & 0xFF);
    }
    return v;
  }

  /** The 60-bit time of a version 1 UUID. */
  static long uuidTime(byte[] u) {
    long msb = ByteBuffer.wrap(u).getLong();
    return ((msb & 0x0FFFL) << 48) | (((msb >>> 16) & 0xFFFFL) << 32) | (msb >>> 32);
  }

  private static int compareTimeUuid(byte[] a, byte[] b) {
    int c = Long.compareUnsigned(uuidTime(a), uuidTime(b));
    if (c != 0) {
      return c;
    }
    // then the remaining bytes as signed bytes, as Cassandra does
    for (int i = 8; i < 16; i++) {
      if (a[i] != b[i]) {
        return Byte.compare(a[i], b[i]);
      }
    }
    return 0;
  }

  private static int compareUuid(byte[] a, byte[] b) {
    int va = (a[6] >> 4) & 0xF;
    int vb = (b[6] >> 4) & 0xF;
    if (va != vb) {
      return Integer.compare(va, vb);
    }
    if (va == 1) {
      return compareTimeUuid(a, b);
    }
    return Arrays.compareUnsigned(a, b);
  }

  static BigDecimal decimal(byte[] a) {
    ByteBuffer b = ByteBuffer.wrap(a);
    int scale = b.getInt();
    byte[] un = new byte[a.length - 4];
    b.get(un);
    return new BigDecimal(new BigInteger(un), scale);
  }

  static byte[] ofDecimal(BigDecimal d) {
    byte[] un = d.unscaledValue().toByteArray();
    return ByteBuffer.allocate(4 + un.length).putInt(d.scale()).put(un).array();
  }

  /** A numeric value as a Java number (for sum and avg). */
  static Number number(CqlType t, byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v);
    return switch (t.kind) {
      case INT -> b.getInt();
      case BIGINT, COUNTER -> b.getLong();
      case SMALLINT -> b.getShort();
      case TINYINT -> b.get();
      case DOUBLE -> b.getDouble();
      case FLOAT -> b.getFloat();
      case VARINT -> new BigInteger(v);
      case DECIMAL -> decimal(v);
      default -> throw CqlException.invalid("type " + t.cql() + " is not numeric");
    };
  }

  static byte[] ofNumber(CqlType t, Number n) {
    return switch (t.kind) {
      case INT -> ofInt(n.intValue());
      case BIGINT, COUNTER -> ofLong(n.longValue());
      case SMALLINT -> ByteBuffer.allocate(2).putShort(n.shortValue()).array();
      case TINYINT -> new byte[] {n.byteValue()};
      case DOUBLE -> ByteBuffer.allocate(8).putDouble(n.doubleValue()).array();
      case FLOAT -> ByteBuffer.allocate(4).putFloat(n.floatValue()).array();
      case VARINT ->
          (n instanceof BigInteger bi ? bi : BigInteger.valueOf(n.longValue())).toByteArray();
      case DECIMAL -> ofDecimal(n instanceof BigDecimal bd ? bd : new BigDecimal(n.toString()));
      default -> throw CqlException.invalid("type " + t.cql() + " is not numeric");
    };
  }

  /** The value as CQL text (for errors and JSON). */
  static String text(CqlType t, byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v);
    return switch (t.kind) {
      case TEXT, ASCII -> new String(v, StandardCharsets.UTF_8);
      case INT, BIGINT, COUNTER, SMALLINT, TINYINT, DOUBLE, FLOAT, VARINT, DECIMAL ->
          number(t, v).toString();
      case BOOLEAN -> String.valueOf(v[0] != 0);
      case UUID, TIMEUUID -> new java.util.UUID(b.getLong(), b.getLong()).toString();
      case TIMESTAMP ->
          Instant.ofEpochMilli(b.getLong()).toString().replace("T", " ").replace("Z", "Z");
      case DATE -> LocalDate.ofEpochDay((b.getInt() & 0xFFFFFFFFL) - (1L << 31)).toString();
      case TIME -> LocalTime.ofNanoOfDay(b.getLong()).toString();
      case INET -> inet(v);
      case BLOB -> "0x" + CqlException.hex(v);
      case DURATION -> Durations.text(v);
      default -> "0x" + CqlException.hex(v);
    };
  }

  private static String inet(byte[] v) {
    try {
      return InetAddress.getByAddress(v).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return "0x" + CqlException.hex(v);
    }
  }
}
