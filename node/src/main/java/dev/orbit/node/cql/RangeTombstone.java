package dev.orbit.node.cql;

import java.util.Arrays;

/**
 * A deletion of the rows whose clustering encoding lies in {@code [start, end)} (end null: to the
 * partition's end), written at {@code timestamp}: rows written at or before it stay hidden.
 */
public record RangeTombstone(byte[] start, byte[] end, long timestamp) {
  boolean covers(byte[] clustering) {
    return Arrays.compareUnsigned(start, clustering) <= 0
        && (end == null || Arrays.compareUnsigned(clustering, end) < 0);
  }

  boolean sameBounds(RangeTombstone o) {
    return Arrays.equals(start, o.start) && Arrays.equals(end, o.end);
  }

  /** True when no clustering can lie in the range. */
  boolean empty() {
    return end != null && Arrays.compareUnsigned(start, end) >= 0;
  }
}
