package dev.orbit.node.cql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KeyLayoutTest {
  private static byte[] enc(CqlType t, byte[] v, boolean desc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    KeyLayout.encode(t, v, desc, out);
    return out.toByteArray();
  }

  /** Values in ascending order encode to byte strings in ascending (or, DESC, descending) order. */
  private static <T> void assertOrdered(CqlType t, List<T> ascending, Function<T, byte[]> ser) {
    for (boolean desc : new boolean[] {false, true}) {
      for (int i = 0; i + 1 < ascending.size(); i++) {
        int c =
            Arrays.compareUnsigned(
                enc(t, ser.apply(ascending.get(i)), desc),
                enc(t, ser.apply(ascending.get(i + 1)), desc));
        assertTrue(
            desc ? c > 0 : c < 0,
            ascending.get(i) + " vs " + ascending.get(i + 1) + (desc ? " DESC" : ""));
      }
    }
  }

  @Test
  void intsSortNumericallyIncludingNegatives() {
    assertOrdered(
        CqlType.of(CqlType.Kind.INT),
        List.of(Integer.MIN_VALUE, -1000, -1, 0, 1, 255, 256, Integer.MAX_VALUE),
        Values::ofInt);
  }

  @Test
  void bigintsSortNumerically() {
    assertOrdered(
        CqlType.of(CqlType.Kind.BIGINT),
        List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE),
        Values::ofLong);
  }

  @Test
  void doublesSortNumerically() {
    assertOrdered(
        CqlType.of(CqlType.Kind.DOUBLE),
        List.of(
            Double.NEGATIVE_INFINITY, -2.5, -1e-300, 0.0, 1e-300, 3.0, Double.POSITIVE_INFINITY),
        d -> java.nio.ByteBuffer.allocate(8).putDouble(d).array());
  }

  @Test
  void textSortsByBytesAndAPrefixComesFirst() {
    assertOrdered(
        CqlType.of(CqlType.Kind.TEXT),
        List.of("", "a", "a\0", "a\0b", "ab", "b", "é"),
        Values::ofText);
  }

  @Test
  void clusteringValuesDecodeBackAfterEachOther() {
    CqlType text = CqlType.of(CqlType.Kind.TEXT);
    CqlType integer = CqlType.of(CqlType.Kind.INT);
    List<ColumnDef> cols =
        List.of(
            new ColumnDef("a", text, ColumnDef.Kind.CLUSTERING, 0, true, 1),
            new ColumnDef("b", integer, ColumnDef.Kind.CLUSTERING, 1, false, 2));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(7);
    KeyLayout.encode(text, Values.ofText("x\0y"), true, out);
    KeyLayout.encode(integer, Values.ofInt(-5), false, out);
    List<byte[]> back = KeyLayout.decodeClustering(cols, out.toByteArray(), 1);
    assertEquals(2, back.size());
    assertArrayEquals(Values.ofText("x\0y"), back.get(0));
    assertArrayEquals(Values.ofInt(-5), back.get(1));
  }
}
