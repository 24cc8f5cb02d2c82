package dev.orbit.node.cql;

import java.util.Arrays;
import java.util.Comparator;

/** The order of a non-frozen collection's element paths: list positions, set elements, map keys. */
final class CellOrder {
  private CellOrder() {}

  static Comparator<byte[]> of(CqlType collection) {
    if (collection.kind == CqlType.Kind.LIST) {
      return Arrays::compareUnsigned; // list paths are order-preserving position keys
    }
    return Values.comparator(collection.element());
  }
}
