package dev.orbit.node.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One stored version of a key: its payload (or a tombstone), a version that orders writes to the
 * key, and the wall-clock write time that the tier policy ages it by.
 *
 * <p>Encoded value layout: {@code flags:1 | version:8 | writeTimeMillis:8 | payload}.
 */
public record Record(long version, long writeTimeMillis, boolean tombstone, byte[] payload) {
  static final int HEADER = 17;
  private static final byte TOMBSTONE = 1;

  public static Record value(long version, long writeTimeMillis, byte[] payload) {
    return new Record(version, writeTimeMillis, false, payload);
  }

  public static Record tombstone(long version, long writeTimeMillis) {
    return new Record(version, writeTimeMillis, true, new byte[0]);
  }

  public byte[] encode() {
    byte[] out = new byte[HEADER + payload.length];
    out[0] = tombstone ? TOMBSTONE : 0;
    putLong(out, 1, version);
    putLong(out, 9, writeTimeMillis);
    System.arraycopy(payload, 0, out, HEADER, payload.length);
    return out;
  }

  public static Record decode(byte[] raw) {
    checkLength(raw);
    ByteBuffer b = ByteBuffer.wrap(raw);
    boolean tomb = (b.get() & TOMBSTONE) != 0;
    long version = b.getLong();
    long time = b.getLong();
    return new Record(version, time, tomb, Arrays.copyOfRange(raw, HEADER, raw.length));
  }

  /** Whether an encoded record is a tombstone, without decoding it. */
  static boolean isTombstone(byte[] raw) {
    checkLength(raw);
    return (raw[0] & TOMBSTONE) != 0;
  }

  /** The payload of an encoded record, copied once. */
  static byte[] payloadOf(byte[] raw) {
    checkLength(raw);
    return Arrays.copyOfRange(raw, HEADER, raw.length);
  }

  private static void checkLength(byte[] raw) {
    if (raw.length < HEADER) {
      throw new StorageException(
          "corrupt record: " + raw.length + " bytes, header needs " + HEADER);
    }
  }

  /** The version of an encoded record without copying its payload. */
  static long versionOf(byte[] raw) {
    return ByteBuffer.wrap(raw, 1, 8).getLong();
  }

  /**
   * Key of the age index entry of this record: {@code writeTime:8 | version:8 | key}. Sorting by
   * write time lets the mover read exactly the records that are old enough, and nothing else.
   */
  static byte[] ageKey(long writeTimeMillis, long version, byte[] key) {
    byte[] out = new byte[16 + key.length];
    putLong(out, 0, writeTimeMillis);
    putLong(out, 8, version);
    System.arraycopy(key, 0, out, 16, key.length);
    return out;
  }

  /** Marks the value of an age entry that covers a key range (see {@link #ageRange}). */
  private static final byte AGE_RANGE = 1;

  /**
   * Value of the age entry {@code ageKey(time, version, firstKey)} that stands for every record of
   * one bulk load: the records in {@code [firstKey, lastKey]} whose version is {@code version}. An
   * ordinary entry's value is empty.
   */
  static byte[] ageRange(byte[] lastKey) {
    byte[] out = new byte[1 + lastKey.length];
    out[0] = AGE_RANGE;
    System.arraycopy(lastKey, 0, out, 1, lastKey.length);
    return out;
  }

  /** The last key of a range age entry's value, or null for an ordinary entry. */
  static byte[] ageRangeLast(byte[] ageValue) {
    return ageValue.length > 0 && ageValue[0] == AGE_RANGE
        ? Arrays.copyOfRange(ageValue, 1, ageValue.length)
        : null;
  }

  /** The header of a live record, as {@link #encode} writes it before the payload. */
  static byte[] header(long version, long writeTimeMillis) {
    byte[] out = new byte[HEADER];
    putLong(out, 1, version);
    putLong(out, 9, writeTimeMillis);
    return out;
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  static long ageKeyTime(byte[] ageKey) {
    return ByteBuffer.wrap(ageKey, 0, 8).getLong();
  }

  static long ageKeyVersion(byte[] ageKey) {
    return ByteBuffer.wrap(ageKey, 8, 8).getLong();
  }

  static byte[] ageKeyUserKey(byte[] ageKey) {
    return Arrays.copyOfRange(ageKey, 16, ageKey.length);
  }
}
