package dev.orbit.node.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The leader's writes that are proposed to the log but not yet applied. Writers (who hold their
 * keys' locks) read through it, so a write builds on the one before it without waiting for the log;
 * plain reads never see it, so nothing is visible before it commits.
 */
final class Pending {
  /** A proposed write: the value (null for a delete) and the version that identifies it. */
  private record Write(long seq, long version, byte[] value) {}

  /** A proposed clear of {@code [from, to)} (null bounds are open). */
  private record Clear(long seq, byte[] from, byte[] to) {}

  private final ConcurrentHashMap<ByteBuffer, Write> writes = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Clear> clears = new CopyOnWriteArrayList<>();
  private long seq;

  /** What a writer sees for {@code key}: found (value possibly null = deleted) or not pending. */
  record Seen(boolean pending, byte[] value) {}

  private static final Seen NOT_PENDING = new Seen(false, null);
  private static final Seen DELETED = new Seen(true, null);

  boolean isEmpty() {
    return writes.isEmpty() && clears.isEmpty();
  }

  /** Called with the key locked, before the write is queued for the log. */
  void put(byte[] key, long version, byte[] valueOrNull) {
    writes.put(ByteBuffer.wrap(key), new Write(nextSeq(), version, valueOrNull));
  }

  /** Called with every key locked, before the clear is queued for the log. */
  void clear(byte[] from, byte[] to) {
    clears.add(new Clear(nextSeq(), from, to));
  }

  private synchronized long nextSeq() {
    return ++seq;
  }

  Seen get(byte[] key) {
    if (isEmpty()) {
      return NOT_PENDING;
    }
    Write w = writes.get(ByteBuffer.wrap(key));
    long after = w == null ? 0 : w.seq();
    for (Clear c : clears) {
      if (c.seq() > after && covers(c, key)) {
        return DELETED;
      }
    }
    if (w == null) {
      return NOT_PENDING;
    }
    return w.value() == null ? DELETED : new Seen(true, w.value());
  }

  private static boolean covers(Clear c, byte[] key) {
    return (c.from() == null || Arrays.compareUnsigned(key, c.from()) >= 0)
        && (c.to() == null || Arrays.compareUnsigned(key, c.to()) < 0);
  }

  /** The write of {@code key} at {@code version} was applied or failed: it is no longer pending. */
  void done(byte[] key, long version) {
    if (!writes.isEmpty()) {
      ByteBuffer k = ByteBuffer.wrap(key);
      Write w = writes.get(k);
      if (w != null && w.version() == version) {
        writes.remove(k, w);
      }
    }
  }

  /** A clear was applied or failed. */
  void clearDone(byte[] from, byte[] to) {
    for (Clear c : clears) {
      if (Arrays.equals(c.from(), from) && Arrays.equals(c.to(), to)) {
        clears.remove(c); // the oldest such clear: the log applies them in order
        return;
      }
    }
  }

  /** Forgets everything (when no proposal is in flight any more). */
  void reset() {
    writes.clear();
    clears.clear();
  }
}
