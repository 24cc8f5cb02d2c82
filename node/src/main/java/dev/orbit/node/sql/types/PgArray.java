package dev.orbit.node.sql.types;

import java.util.Arrays;
import java.util.List;

/**
 * An array value: element type, dimensions with their lower bounds, and the elements in row-major
 * order (null for SQL NULL). An empty array has no dimensions.
 */
public final class PgArray {
  public final PgType elementType;
  public final int[] dims;
  public final int[] lbounds;
  public final Object[] items;

  public PgArray(PgType elementType, int[] dims, int[] lbounds, Object[] items) {
    this.elementType = elementType;
    this.dims = dims;
    this.lbounds = lbounds;
    this.items = items;
  }

  /** A one-dimensional array starting at index 1. */
  public static PgArray of(PgType elementType, List<?> items) {
    if (items.isEmpty()) {
      return empty(elementType);
    }
    return new PgArray(elementType, new int[] {items.size()}, new int[] {1}, items.toArray());
  }

  public static PgArray empty(PgType elementType) {
    return new PgArray(elementType, new int[0], new int[0], new Object[0]);
  }

  public int ndim() {
    return dims.length;
  }

  public int size() {
    return items.length;
  }

  public boolean isEmpty() {
    return items.length == 0;
  }

  public PgArray withElementType(PgType t) {
    return new PgArray(t, dims, lbounds, items);
  }

  public boolean hasNull() {
    for (Object o : items) {
      if (o == null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PgArray a)) {
      return false;
    }
    return Arrays.equals(dims, a.dims)
        && Arrays.equals(lbounds, a.lbounds)
        && Arrays.equals(items, a.items);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(items) * 31 + Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return "PgArray" + Arrays.toString(items);
  }
}
