package dev.orbit.node.cql;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Version 1 (time-based) UUIDs for now(), unique within this process and increasing. */
final class TimeUuids {
  /** 100ns intervals between 1582-10-15 and 1970-01-01. */
  private static final long START_EPOCH = 0x01B21DD213814000L;

  private static final long CLOCK_SEQ_AND_NODE =
      new SecureRandom().nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
  private static final AtomicLong LAST = new AtomicLong();

  private TimeUuids() {}

  static UUID next() {
    long now = System.currentTimeMillis() * 10000 + START_EPOCH;
    long t = LAST.updateAndGet(prev -> Math.max(prev + 1, now));
    long msb = (t << 32) | ((t >>> 16) & 0xFFFF0000L) | 0x1000L | ((t >>> 48) & 0x0FFFL);
    return new UUID(msb, CLOCK_SEQ_AND_NODE);
  }

  /** The millisecond time of a version 1 UUID. */
  static long millis(byte[] u) {
    return (Values.uuidTime(u) - START_EPOCH) / 10000;
  }
}
