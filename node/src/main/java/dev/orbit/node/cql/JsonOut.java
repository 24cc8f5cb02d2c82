package dev.orbit.node.cql;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * SELECT JSON: a row as the one JSON object Cassandra 5.0 returns, value by value in its exact text
 * (checked against a real Cassandra: numbers as Java prints them, NaN and infinities as null,
 * timestamps {@code "yyyy-MM-dd HH:mm:ss.SSSZ"} in UTC, times with nine fraction digits, blobs as
 * {@code "0x…"}, maps with keys as JSON strings, tuples as arrays).
 */
final class JsonOut {
  private static final JsonStringEncoder ENC = JsonStringEncoder.getInstance();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private JsonOut() {}

  /**
   * The key of a result column, as Cassandra writes it: its name, in double quotes when it has an
   * upper-case letter, as a JSON string.
   */
  static String key(String name) {
    return quote(name.equals(name.toLowerCase(Locale.ROOT)) ? name : "\"" + name + "\"");
  }

  /** One row: {@code {"name": value, …}}. */
  static String row(List<String> keys, List<CqlType> types, List<ByteBuffer> values) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      ByteBuffer v = values.get(i);
      byte[] raw = null;
      if (v != null) {
        raw = new byte[v.remaining()];
        v.duplicate().get(raw);
      }
      b.append(keys.get(i)).append(": ").append(value(types.get(i), raw));
    }
    return b.append('}').toString();
  }

  /** One value as JSON text; null as {@code null}. */
  static String value(CqlType t, byte[] v) {
    if (v == null) {
      return "null";
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    return switch (t.kind) {
      case TEXT, ASCII -> quote(new String(v, StandardCharsets.UTF_8));
      case INT, BIGINT, COUNTER, SMALLINT, TINYINT, VARINT -> Values.number(t, v).toString();
      case DECIMAL -> ((BigDecimal) Values.number(t, v)).toString();
      case FLOAT -> {
        float f = b.getFloat();
        yield Float.isNaN(f) || Float.isInfinite(f) ? "null" : Float.toString(f);
      }
      case DOUBLE -> {
        double d = b.getDouble();
        yield Double.isNaN(d) || Double.isInfinite(d) ? "null" : Double.toString(d);
      }
      case BOOLEAN -> String.valueOf(v[0] != 0);
      case UUID, TIMEUUID, INET, BLOB -> quote(Values.text(t, v));
      case TIMESTAMP -> quote(TIMESTAMP.format(Instant.ofEpochMilli(b.getLong())));
      case DATE -> quote(LocalDate.ofEpochDay((b.getInt() & 0xFFFFFFFFL) - (1L << 31)).toString());
      case TIME -> quote(time(b.getLong()));
      case DURATION -> quote(Durations.text(v));
      case LIST, SET -> list(t.params.get(0), Values.unpack(t, v), 1, 0);
      case TUPLE -> tuple(t, Values.unpack(t, v));
      case UDT -> udt(t, Values.unpack(t, v));
      case MAP -> map(t, Values.unpack(t, v));
    };
  }

  private static String time(long nanos) {
    long s = nanos / 1_000_000_000L;
    return String.format(
        "%02d:%02d:%02d.%09d", s / 3600, (s / 60) % 60, s % 60, nanos % 1_000_000_000L);
  }

  private static String list(CqlType elem, List<byte[]> items, int step, int from) {
    StringBuilder b = new StringBuilder("[");
    for (int i = from; i < items.size(); i += step) {
      if (i > from) {
        b.append(", ");
      }
      b.append(value(elem, items.get(i)));
    }
    return b.append(']').toString();
  }

  private static String tuple(CqlType t, List<byte[]> fields) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < t.params.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(value(t.params.get(i), i < fields.size() ? fields.get(i) : null));
    }
    return b.append(']').toString();
  }

  /** {@code {"field": value, …}} over every field of the type (missing trailing ones null). */
  private static String udt(CqlType t, List<byte[]> fields) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < t.params.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(key(t.fieldNames.get(i))).append(": ");
      b.append(value(t.params.get(i), i < fields.size() ? fields.get(i) : null));
    }
    return b.append('}').toString();
  }

  private static String map(CqlType t, List<byte[]> kv) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      if (i > 0) {
        b.append(", ");
      }
      String k = value(t.params.get(0), kv.get(i));
      b.append(k.startsWith("\"") ? k : quote(k));
      b.append(": ").append(value(t.params.get(1), kv.get(i + 1)));
    }
    return b.append('}').toString();
  }

  private static String quote(String s) {
    return "\"" + new String(ENC.quoteAsString(s)) + "\"";
  }
}
