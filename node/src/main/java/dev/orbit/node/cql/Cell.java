package dev.orbit.node.cql;

import java.util.Arrays;

/**
 * One cell: a value (null: a tombstone) with its write timestamp (microseconds) and, when it has a
 * TTL, the second it expires at. Newer timestamps win; at equal ones a tombstone, then the greater
 * value wins, as in Cassandra.
 */
public record Cell(long timestamp, int expiresAt, int ttl, byte[] value) {
  public boolean tombstone() {
    return value == null;
  }

  public boolean live(int nowSeconds) {
    return value != null && (expiresAt == 0 || expiresAt > nowSeconds);
  }

  /** The cell that survives when {@code a} and {@code b} are written to the same place. */
  public static Cell reconcile(Cell a, Cell b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.timestamp != b.timestamp) {
      return a.timestamp > b.timestamp ? a : b;
    }
    if (a.tombstone() != b.tombstone()) {
      return a.tombstone() ? a : b;
    }
    if (a.tombstone()) {
      return a;
    }
    int c = Arrays.compareUnsigned(a.value, b.value);
    if (c != 0) {
      return c > 0 ? a : b;
    }
    return a.expiresAt >= b.expiresAt ? a : b;
  }
}
