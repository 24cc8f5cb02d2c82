package dev.orbit.node.redis;

import dev.orbit.node.storage.ProtocolStore;
import java.util.List;

/**
 * Hands out collection generations that are never reused: blocks of them are reserved by a write
 * through the store (so a reservation replicates and survives restarts like any record), and each
 * node only uses numbers from blocks it reserved itself.
 */
final class Generations {
  private static final long BLOCK = 1 << 16;
  private static final byte[] KEY = KeyLayout.system("generation-ceiling");

  private final ProtocolStore store;
  private long next;
  private long ceiling;

  Generations(ProtocolStore store) {
    this.store = store;
  }

  synchronized long next() {
    if (next >= ceiling) {
      long[] block =
          store
              .atomically(
                  List.of(KEY),
                  t -> {
                    byte[] raw = t.get(KEY);
                    long start = raw == null ? 1 : KeyLayout.getLong(raw, 0);
                    byte[] end = new byte[8];
                    KeyLayout.putLong(end, 0, start + BLOCK);
                    t.put(KEY, end);
                    return new long[] {start, start + BLOCK};
                  })
              .value();
      next = block[0];
      ceiling = block[1];
    }
    return next++;
  }
}
