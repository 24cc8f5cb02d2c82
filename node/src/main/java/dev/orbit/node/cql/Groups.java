package dev.orbit.node.cql;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * GROUP BY over rows read in primary key order: a group is a run of rows with the same first {@code
 * prefix} key values, so one group is held at a time (constant memory).
 */
final class Groups {
  private final Selection sel;
  private final int prefix;
  private Aggregates current;
  private List<byte[]> key;

  Groups(Selection sel, int prefix) {
    this.sel = sel;
    this.prefix = prefix;
  }

  boolean open() {
    return current != null;
  }

  /** Whether a row with these key values starts a new group after an open one. */
  boolean endsBefore(List<byte[]> keyValues) {
    if (current == null) {
      return false;
    }
    for (int i = 0; i < prefix; i++) {
      if (!Arrays.equals(key.get(i), keyValues.get(i))) {
        return true;
      }
    }
    return false;
  }

  void add(Row row, List<byte[]> keyValues, byte[] pk, int now) {
    if (current == null) {
      current = new Aggregates(sel);
      key = keyValues;
    }
    current.add(row, keyValues, pk, now);
  }

  /** The open group's output row; the next row starts a new group. */
  List<ByteBuffer> close() {
    List<ByteBuffer> out = current.row();
    current = null;
    key = null;
    return out;
  }
}
