package dev.orbit.node.cql;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored state of one CQL row: its liveness marker (set by INSERT), its deletion time, simple
 * cells by column id, and the element cells of non-frozen collections.
 */
public final class Row {
  public static final long NONE = Long.MIN_VALUE;

  /** INSERT's row marker: keeps the row alive with no other live cell. Null when never set. */
  public Cell marker;

  /** Timestamp of the latest row deletion; cells written at or before it are gone. */
  public long deletedAt = NONE;

  public final TreeMap<Integer, Cell> cells = new TreeMap<>();
  public final TreeMap<Integer, Collection> collections = new TreeMap<>();

  /** A non-frozen collection: when it was last cleared, and its elements by path. */
  public static final class Collection {
    public long clearedAt = NONE;
    public final TreeMap<byte[], Cell> elements;

    public Collection(Comparator<byte[]> order) {
      this.elements = new TreeMap<>(order);
    }
  }

  /** Merges {@code update} into this row, cell by cell, as Cassandra reconciles writes. */
  public void merge(Row update, TableDef table) {
    marker = Cell.reconcile(marker, update.marker);
    deletedAt = Math.max(deletedAt, update.deletedAt);
    update.cells.forEach((id, c) -> cells.merge(id, c, Cell::reconcile));
    for (Map.Entry<Integer, Collection> e : update.collections.entrySet()) {
      Collection mine =
          collections.computeIfAbsent(
              e.getKey(), id -> new Collection(CellOrder.of(table.columnById(id).type())));
      Collection theirs = e.getValue();
      mine.clearedAt = Math.max(mine.clearedAt, theirs.clearedAt);
      theirs.elements.forEach((p, c) -> mine.elements.merge(p, c, Cell::reconcile));
    }
    purge();
  }

  /** Drops what deletions shadow; keeps the deletion timestamps themselves. */
  public void purge() {
    if (marker != null && marker.timestamp() <= deletedAt) {
      marker = null;
    }
    cells.values().removeIf(c -> c.timestamp() <= deletedAt);
    for (Collection c : collections.values()) {
      long cut = Math.max(c.clearedAt, deletedAt);
      c.elements.values().removeIf(e -> e.timestamp() <= cut);
    }
  }

  /** Hides what a partition deletion at {@code partitionDeletedAt} shadows. */
  public void applyPartitionDeletion(long partitionDeletedAt) {
    if (partitionDeletedAt > deletedAt) {
      deletedAt = partitionDeletedAt;
      purge();
    }
  }

  /** True when the row shows in a SELECT: a live marker or any live cell. */
  public boolean live(int now) {
    if (marker != null && marker.live(now)) {
      return true;
    }
    for (Cell c : cells.values()) {
      if (c.live(now)) {
        return true;
      }
    }
    for (Collection c : collections.values()) {
      for (Cell e : c.elements.values()) {
        if (e.live(now)) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when nothing in the row can ever show again (every part deleted or expired). */
  public boolean dead(int now) {
    return !live(now);
  }
}
