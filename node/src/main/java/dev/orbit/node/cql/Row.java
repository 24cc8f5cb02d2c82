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

  /** Range deletions of the partition's rows; only a partition header holds them. */
  public final java.util.List<RangeTombstone> ranges = new java.util.ArrayList<>();

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
    update.ranges.forEach(this::addRange);
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
    ranges.removeIf(r -> r.timestamp() <= deletedAt);
    if (marker != null && marker.timestamp() <= deletedAt) {
      marker = null;
    }
    cells.values().removeIf(c -> c.timestamp() <= deletedAt);
    for (Collection c : collections.values()) {
      long cut = Math.max(c.clearedAt, deletedAt);
      c.elements.values().removeIf(e -> e.timestamp() <= cut);
    }
  }

  /** Adds a range deletion; one over the same bounds keeps only the newer timestamp. */
  public void addRange(RangeTombstone r) {
    for (int i = 0; i < ranges.size(); i++) {
      RangeTombstone o = ranges.get(i);
      if (o.sameBounds(r)) {
        if (r.timestamp() > o.timestamp()) {
          ranges.set(i, r);
        }
        return;
      }
    }
    ranges.add(r);
  }

  /**
   * The deletion time this header (a partition's) imposes on the row whose clustering encoding is
   * {@code clustering}: the partition deletion or the newest range deletion covering it.
   */
  public long deletionFor(byte[] clustering) {
    long d = deletedAt;
    for (RangeTombstone r : ranges) {
      if (r.timestamp() > d && r.covers(clustering)) {
        d = r.timestamp();
      }
    }
    return d;
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
