package dev.orbit.node.cql;

import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import dev.orbit.node.storage.ProtocolStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Reads a key range backwards for ORDER BY against the clustering order. The store only scans
 * forwards, so this scans the range and keeps the last {@code room} qualifying rows (never more
 * than the page can return); the next page resumes below the last key returned.
 */
final class ReverseScan {
  private ReverseScan() {}

  static <C> List<C> scan(
      ProtocolStore store,
      int room,
      Function<KeyValue, C> qualify,
      BooleanSupplier cancelled,
      byte[] from,
      byte[] to) {
    if (room <= 0) {
      return List.of();
    }
    ArrayDeque<C> tail = new ArrayDeque<>();
    try (MergedScan s = store.scan(from, to)) {
      int n = 0;
      while (s.hasNext()) {
        C c = qualify.apply(s.next());
        if (c != null) {
          if (tail.size() == room) {
            tail.removeFirst();
          }
          tail.addLast(c);
        }
        if ((++n & 1023) == 0 && cancelled.getAsBoolean()) {
          throw CqlException.invalid("query cancelled: the client disconnected");
        }
      }
    }
    List<C> out = new ArrayList<>(tail);
    java.util.Collections.reverse(out);
    return out;
  }
}
