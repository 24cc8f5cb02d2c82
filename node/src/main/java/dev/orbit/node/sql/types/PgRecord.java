package dev.orbit.node.sql.types;

import java.util.Arrays;
import java.util.List;

/** A row value (ROW(…), a composite): field values with their types and, when known, names. */
public record PgRecord(Object[] values, List<PgType> types, List<String> names) {
  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PgRecord r && Arrays.equals(values, r.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }
}
