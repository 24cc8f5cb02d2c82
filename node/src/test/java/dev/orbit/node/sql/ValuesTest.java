package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void numericBinaryFormRoundTrips() {
    for (String s :
        new String[] {
          "0", "1", "-1", "12345.678", "0.0001", "-98765432109876.5432", "10000", "1.50"
        }) {
      BigDecimal d = new BigDecimal(s);
      Object back = Values.fromBinary(Values.toBinary(d, PgType.NUMERIC), PgType.NUMERIC);
      assertEquals(0, d.compareTo((BigDecimal) back), s);
      assertEquals(Math.max(0, d.scale()), ((BigDecimal) back).scale(), s);
    }
  }

  @Test
  void textFormsLookLikePostgres() {
    assertEquals("1.5", Values.toText(1.5, PgType.FLOAT8));
    assertEquals("100", Values.toText(100.0, PgType.FLOAT8));
    assertEquals("1e+20", Values.toText(1e20, PgType.FLOAT8));
    assertEquals("t", Values.toText(true, PgType.BOOL));
    assertEquals("\\x0102", Values.toText(new byte[] {1, 2}, PgType.BYTEA));
    assertEquals(
        "2024-01-02 03:04:05.5",
        Values.toText(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000), PgType.TIMESTAMP));
    OffsetDateTime tz =
        (OffsetDateTime) Values.fromText("2024-01-02 03:04:05+02", PgType.TIMESTAMPTZ);
    assertEquals("2024-01-02 01:04:05+00", Values.toText(tz, PgType.TIMESTAMPTZ));
    assertEquals(LocalDate.of(2024, 1, 1), Values.fromText("2024-01-01 +00", PgType.DATE));
    assertEquals(
        "22P02",
        assertThrows(SqlException.class, () -> Values.fromText("x", PgType.INT4)).sqlState());
    assertEquals(
        "22003",
        assertThrows(SqlException.class, () -> Values.fromText("99999", PgType.INT2)).sqlState());
  }

  @Test
  void keyEncodingSortsLikeTheValues() {
    assertOrdered(List.of(Long.MIN_VALUE, -5L, -1L, 0L, 1L, 42L, Long.MAX_VALUE));
    assertOrdered(
        List.of(Double.NEGATIVE_INFINITY, -2.5, -0.1, 0.0, 0.1, 3.0, Double.POSITIVE_INFINITY));
    assertOrdered(
        List.of(
            new BigDecimal("-100.5"),
            new BigDecimal("-2"),
            new BigDecimal("-0.01"),
            BigDecimal.ZERO,
            new BigDecimal("0.001"),
            new BigDecimal("0.5"),
            new BigDecimal("2"),
            new BigDecimal("10"),
            new BigDecimal("10.01"),
            new BigDecimal("1000")));
    assertOrdered(List.of("", "a", "a\0", "a\0b", "ab", "b"));
  }

  private static void assertOrdered(List<Object> values) {
    List<byte[]> keys = new ArrayList<>();
    for (Object v : values) {
      Bytes b = new Bytes(8);
      KeyCodec.encode(b, v);
      keys.add(b.toArray());
    }
    for (int i = 1; i < keys.size(); i++) {
      assertTrue(
          Arrays.compareUnsigned(keys.get(i - 1), keys.get(i)) < 0,
          values.get(i - 1) + " sorts before " + values.get(i));
    }
  }
}
