package dev.orbit.node.cql;

import java.util.Iterator;
import java.util.Map;

/**
 * What the expiry sweep removes from one stored row or partition header, as Cassandra's compaction
 * does: data shadowed by a deletion, expired cells (turned into tombstones at once, dropped after
 * gc_grace_seconds), and tombstones and deletions older than gc_grace_seconds. A tombstone's local
 * deletion time is its expiry time when it was an expired cell, else the write time of its record
 * (never earlier than the deletion, so nothing is purged before Cassandra would).
 */
final class Purge {
  private Purge() {}

  /**
   * Purges {@code row} in place and tells whether it changed. {@code shadow} is the deletion time
   * the partition header imposes on it ({@link Row#NONE} for a header itself or none), {@code
   * recordSeconds} the write time of its record, {@code now} the current second.
   */
  static boolean purge(Row row, long shadow, long recordSeconds, int now, int gcGrace) {
    long gcBefore = (long) now - gcGrace;
    boolean deletionsOld = recordSeconds < gcBefore;
    boolean changed = false;
    long cut = Math.max(shadow, row.deletedAt);
    if (row.marker != null) {
      Cell m = cell(row.marker, cut, now, gcBefore, deletionsOld);
      changed |= m != row.marker;
      row.marker = m;
    }
    changed |= cells(row.cells, cut, now, gcBefore, deletionsOld);
    for (Iterator<Row.Collection> it = row.collections.values().iterator(); it.hasNext(); ) {
      Row.Collection c = it.next();
      changed |= cells(c.elements, Math.max(cut, c.clearedAt), now, gcBefore, deletionsOld);
      if (deletionsOld && c.clearedAt != Row.NONE) {
        c.clearedAt = Row.NONE;
        changed = true;
      }
      if (c.elements.isEmpty() && c.clearedAt == Row.NONE) {
        it.remove();
        changed = true;
      }
    }
    if (deletionsOld && row.deletedAt != Row.NONE) {
      row.deletedAt = Row.NONE;
      changed = true;
    }
    if (deletionsOld && !row.ranges.isEmpty()) {
      row.ranges.clear();
      changed = true;
    }
    return changed;
  }

  /** True when nothing is left of the row: its key can be deleted. */
  static boolean empty(Row row) {
    return row.marker == null
        && row.cells.isEmpty()
        && row.collections.isEmpty()
        && row.deletedAt == Row.NONE
        && row.ranges.isEmpty();
  }

  private static <K> boolean cells(
      Map<K, Cell> cells, long cut, int now, long gcBefore, boolean deletionsOld) {
    boolean changed = false;
    for (Iterator<Map.Entry<K, Cell>> it = cells.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<K, Cell> e = it.next();
      Cell c = cell(e.getValue(), cut, now, gcBefore, deletionsOld);
      if (c == null) {
        it.remove();
        changed = true;
      } else if (c != e.getValue()) {
        e.setValue(c);
        changed = true;
      }
    }
    return changed;
  }

  /** The cell as the sweep leaves it: itself, a tombstone in its place, or null (removed). */
  private static Cell cell(Cell c, long cut, int now, long gcBefore, boolean deletionsOld) {
    if (c.timestamp() <= cut) {
      return null;
    }
    if (c.tombstone()) {
      boolean old = c.expiresAt() != 0 ? c.expiresAt() < gcBefore : deletionsOld;
      return old ? null : c;
    }
    if (c.expiresAt() != 0 && c.expiresAt() <= now) {
      // an expired cell is a tombstone whose local deletion time is its expiry
      return c.expiresAt() < gcBefore ? null : new Cell(c.timestamp(), c.expiresAt(), 0, null);
    }
    return c;
  }
}
