package dev.orbit.node.protocol.resp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A Redis string as stored: {@code type:1 ('s') | expireAtMillis:8 (0 = never) | bytes}. The expiry
 * is part of the record, so it survives restarts and moves between tiers with the value.
 */
record StringValue(byte[] bytes, long expireAtMillis) {
  private static final byte TYPE_STRING = 's';
  private static final int HEADER = 9;

  byte[] encode() {
    return ByteBuffer.allocate(HEADER + bytes.length)
        .put(TYPE_STRING)
        .putLong(expireAtMillis)
        .put(bytes)
        .array();
  }

  /** The value stored in {@code raw}, or null when absent or expired at {@code now}. */
  static StringValue decodeLive(byte[] raw, long now) {
    if (raw == null || raw.length < HEADER) {
      return null;
    }
    long exp = ByteBuffer.wrap(raw, 1, 8).getLong();
    if (exp != 0 && exp <= now) {
      return null;
    }
    return new StringValue(Arrays.copyOfRange(raw, HEADER, raw.length), exp);
  }

  StringValue withExpiry(long at) {
    return new StringValue(bytes, at);
  }
}
