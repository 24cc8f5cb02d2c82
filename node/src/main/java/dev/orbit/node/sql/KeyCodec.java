package dev.orbit.node.sql;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Order-preserving encoding of values into keys: comparing encoded keys as unsigned bytes orders
 * them like the values (NULL first). Store layout, by first byte: {@code 0x01} catalog, {@code 0x02
 * tableId:8 pk...} rows, {@code 0x03 indexId:8 cols... pk...} index entries.
 */
final class KeyCodec {
  static final byte META = 0x01;
  static final byte ROW = 0x02;
  static final byte INDEX = 0x03;

  private KeyCodec() {}

  static Bytes rowPrefix(long tableId) {
    return new Bytes(32).put(ROW).putLong(tableId); // room for a key of a few columns
  }

  static Bytes indexPrefix(long indexId) {
    return new Bytes(16).put(INDEX).putLong(indexId);
  }

  static byte[] meta(char kind, String name) {
    return new Bytes(32).put(META).put(kind).put(name.getBytes(StandardCharsets.UTF_8)).toArray();
  }

  /** Appends {@code v} (already of the column's type) in order-preserving form. */
  static void encode(Bytes out, Object v) {
    if (v == null) {
      out.put(0x00);
      return;
    }
    out.put(0x01);
    if (v instanceof Long l) {
      out.putLong(l ^ Long.MIN_VALUE);
    } else if (v instanceof Double d) {
      long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
      out.putLong(bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
    } else if (v instanceof String s) {
      escaped(out, s.getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof byte[] b) {
      escaped(out, b);
    } else if (v instanceof Boolean b) {
      out.put(b ? 1 : 0);
    } else if (v instanceof BigDecimal d) {
      decimal(out, d);
    } else if (v instanceof LocalDate d) {
      out.putLong(d.toEpochDay() ^ Long.MIN_VALUE);
    } else if (v instanceof LocalDateTime ts) {
      out.putLong(ChronoUnit.MICROS.between(LocalDateTime.MIN.withYear(-4000), ts));
    } else if (v instanceof OffsetDateTime ts) {
      out.putLong(
          ChronoUnit.MICROS.between(
              LocalDateTime.MIN.withYear(-4000),
              ts.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()));
    } else if (v instanceof UUID u) {
      out.putLong(u.getMostSignificantBits() ^ Long.MIN_VALUE);
      out.putLong(u.getLeastSignificantBits() ^ Long.MIN_VALUE);
    } else {
      throw SqlException.unsupported("a key of type " + Values.typeOf(v).sqlName);
    }
  }

  /** Bytes with 0x00 escaped as 0x00 0xFF, ended by 0x00 0x01: prefix-free and ordered. */
  private static void escaped(Bytes out, byte[] b) {
    for (byte x : b) {
      out.put(x);
      if (x == 0) {
        out.put(0xFF);
      }
    }
    out.put(0x00).put(0x01);
  }

  /** Sign, then exponent, then digits; negatives are complemented so they sort reversed. */
  private static void decimal(Bytes out, BigDecimal d) {
    int sign = d.signum();
    if (sign == 0) {
      out.put(0x80);
      return;
    }
    BigDecimal abs = d.abs().stripTrailingZeros();
    String digits = abs.unscaledValue().toString();
    int exponent = digits.length() - abs.scale();
    Bytes body = new Bytes(16).putInt(exponent ^ Integer.MIN_VALUE);
    for (char c : digits.toCharArray()) {
      body.put(c - '0' + 1);
    }
    body.put(0);
    byte[] b = body.toArray();
    if (sign > 0) {
      out.put(0x81).put(b);
    } else {
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) ~b[i];
      }
      out.put(0x7F).put(b);
    }
  }
}
