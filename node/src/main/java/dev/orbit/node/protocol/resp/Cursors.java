package dev.orbit.node.protocol.resp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SCAN-family cursors: a cursor names the last record a scan returned, kept here under a small
 * number so clients that read cursors as 64-bit integers (redis-cli, hiredis) can use them. The
 * oldest cursors are forgotten past a bound; a forgotten or made-up cursor is answered with {@code
 * ERR invalid cursor}.
 */
final class Cursors {
  static final int MAX = 100_000;

  /** Where a scan stopped: the last record key it visited, and what it scans. */
  record Position(String scope, byte[] lastKey) {}

  private long next = 1;

  private final Map<Long, Position> open =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Position> e) {
          return size() > MAX;
        }
      };

  synchronized long save(Position p) {
    long id = next++;
    open.put(id, p);
    return id;
  }

  /** The position of cursor {@code id} in {@code scope}; refused when unknown. */
  synchronized Position take(long id, String scope) {
    Position p = open.remove(id);
    if (p == null || !p.scope().equals(scope)) {
      throw new RedisError("ERR invalid cursor");
    }
    return p;
  }

  /** Parses a cursor argument (an unsigned 64-bit number). */
  static long parse(byte[] b) {
    String s = new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      throw new RedisError("ERR invalid cursor");
    }
  }
}
