package dev.orbit.node.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A row's stored form: {@code count, (columnId, tag, value)*}. Values are tagged by kind so rows
 * decode without the schema, and columns are named by id so renames and drops need no rewrite.
 */
final class RowCodec {
  private static final LocalDateTime BASE = LocalDateTime.of(2000, 1, 1, 0, 0);

  private RowCodec() {}

  static byte[] encode(int[] columnIds, Object[] values) {
    Bytes b = new Bytes(64);
    b.putVarint(columnIds.length);
    for (int i = 0; i < columnIds.length; i++) {
      b.putVarint(columnIds[i]);
      put(b, values[i]);
    }
    return b.toArray();
  }

  private static void put(Bytes b, Object v) {
    if (v == null) {
      b.put(0);
    } else if (v instanceof Long l) {
      b.put(1).putLong(l);
    } else if (v instanceof Double d) {
      b.put(2).putLong(Double.doubleToRawLongBits(d));
    } else if (v instanceof BigDecimal d) {
      byte[] u = d.unscaledValue().toByteArray();
      b.put(3).putInt(d.scale()).putVarint(u.length).put(u);
    } else if (v instanceof Boolean x) {
      b.put(x ? 5 : 4);
    } else if (v instanceof String s) {
      byte[] u = s.getBytes(StandardCharsets.UTF_8);
      b.put(6).putVarint(u.length).put(u);
    } else if (v instanceof byte[] u) {
      b.put(7).putVarint(u.length).put(u);
    } else if (v instanceof LocalDate d) {
      b.put(8).putLong(d.toEpochDay());
    } else if (v instanceof LocalDateTime ts) {
      b.put(9).putLong(ChronoUnit.MICROS.between(BASE, ts));
    } else if (v instanceof OffsetDateTime ts) {
      b.put(10).putLong(ChronoUnit.MICROS.between(BASE.atOffset(ZoneOffset.UTC), ts));
    } else if (v instanceof UUID u) {
      b.put(11).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    } else {
      throw new IllegalArgumentException("cannot store " + v.getClass());
    }
  }

  /**
   * Decodes into {@code out}, placing each stored column at {@code slotById[columnId]}; columns
   * whose slot is -1 (or past the array) are skipped.
   */
  static void decode(byte[] raw, int[] slotById, Object[] out) {
    ByteBuffer b = ByteBuffer.wrap(raw);
    int n = varint(b);
    for (int i = 0; i < n; i++) {
      int id = varint(b);
      int s = id < slotById.length ? slotById[id] : -1;
      if (s >= 0) {
        out[s] = get(b);
      } else {
        skip(b);
      }
    }
  }

  /** A column id → slot table for {@link #decode} (-1 for ids not listed). */
  static int[] slotTable(int[] ids, int[] slots) {
    int max = -1;
    for (int id : ids) {
      max = Math.max(max, id);
    }
    int[] out = new int[max + 1];
    java.util.Arrays.fill(out, -1);
    for (int i = 0; i < ids.length; i++) {
      out[ids[i]] = slots[i];
    }
    return out;
  }

  /** Steps over one value without building it (columns the caller did not ask for). */
  private static void skip(ByteBuffer b) {
    int tag = b.get();
    switch (tag) {
      case 0, 4, 5 -> {}
      case 1, 2, 8, 9, 10 -> b.position(b.position() + 8);
      case 3 -> {
        b.getInt();
        int len = varint(b);
        b.position(b.position() + len);
      }
      case 6, 7 -> {
        int len = varint(b);
        b.position(b.position() + len);
      }
      case 11 -> b.position(b.position() + 16);
      default -> throw new IllegalStateException("corrupt row: tag " + tag);
    }
  }

  private static Object get(ByteBuffer b) {
    int tag = b.get();
    switch (tag) {
      case 0:
        return null;
      case 1:
        return b.getLong();
      case 2:
        return Double.longBitsToDouble(b.getLong());
      case 3:
        int scale = b.getInt();
        byte[] u = new byte[varint(b)];
        b.get(u);
        return new BigDecimal(new BigInteger(u), scale);
      case 4:
        return false;
      case 5:
        return true;
      case 6:
        byte[] s = new byte[varint(b)];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
      case 7:
        byte[] x = new byte[varint(b)];
        b.get(x);
        return x;
      case 8:
        return LocalDate.ofEpochDay(b.getLong());
      case 9:
        return BASE.plus(b.getLong(), ChronoUnit.MICROS);
      case 10:
        return BASE.atOffset(ZoneOffset.UTC).plus(b.getLong(), ChronoUnit.MICROS);
      case 11:
        return new UUID(b.getLong(), b.getLong());
      default:
        throw new IllegalStateException("corrupt row: tag " + tag);
    }
  }

  private static int varint(ByteBuffer b) {
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      int x = b.get();
      v |= (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
  }
}
