package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.Meta;

/**
 * What OBJECT ENCODING reports. Orbit stores every value the same way (a string in one record, a
 * collection as one record per element), so it reports the encoding Redis 7.0 would use for the
 * value under the current {@code *-max-*} settings, which clients and tools use as a size hint.
 */
final class Encodings {
  private Encodings() {}

  static String of(Ctx c, Meta m) {
    ServerConfig cfg = c.engine.state.config;
    return switch (m.type()) {
      case STRING -> string(m);
      case LIST -> "quicklist";
      case HASH -> (m.flags() & Meta.LARGE) != 0 ? "hashtable" : "listpack";
      case SET -> (m.flags() & (Meta.LARGE | Meta.NOT_INTS)) != 0 ? "hashtable" : "intset";
      case ZSET -> (m.flags() & Meta.LARGE) != 0 ? "skiplist" : "listpack";
    };
  }

  private static String string(Meta m) {
    if ((m.flags() & Meta.RAW) != 0) {
      return "raw";
    }
    byte[] v = m.value();
    if (v.length <= 20 && Args.tryLong(v) != null) {
      return "int";
    }
    return v.length <= 44 ? "embstr" : "raw";
  }

  /**
   * The flags a collection gets after growing to {@code count} elements with an element of {@code
   * elementBytes} bytes: once large, always large (as in Redis).
   */
  static int grown(Ctx c, Meta m, long count, long elementBytes) {
    ServerConfig cfg = c.engine.state.config;
    int flags = m.flags();
    if ((flags & Meta.LARGE) != 0) {
      return flags;
    }
    boolean large =
        switch (m.type()) {
          case HASH ->
              count > cfg.getLong("hash-max-listpack-entries")
                  || elementBytes > cfg.getLong("hash-max-listpack-value");
          case ZSET ->
              count > cfg.getLong("zset-max-listpack-entries")
                  || elementBytes > cfg.getLong("zset-max-listpack-value");
          case SET -> count > cfg.getLong("set-max-intset-entries");
          default -> false;
        };
    return large ? flags | Meta.LARGE : flags;
  }
}
