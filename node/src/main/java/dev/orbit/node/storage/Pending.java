package dev.orbit.node.storage;

import java.util.Arrays;
import java.util.HashMap;
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

  /**
   * A key as a map key: its hash computed once, eight bytes at a time ({@code ByteBuffer}'s walks
   * every byte at each lookup, and every write is looked up three times: put, reads, done).
   */
  private static final class Key {
    final byte[] bytes;
    final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = RecordCache.hash(bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }
  }

  /**
   * Pending writes in stripes of plain maps, each its own lock: writers add and look up, the apply
   * thread removes. (A ConcurrentHashMap keeps one size count that both sides update and read on
   * every change; on two cores that shared count cost as much as the rest of the apply.)
   */
  private static final int STRIPES = 64;

  @SuppressWarnings("unchecked")
  private final HashMap<Key, Write>[] writes = new HashMap[STRIPES];

  {
    for (int i = 0; i < STRIPES; i++) {
      writes[i] = new HashMap<>();
    }
  }

  private HashMap<Key, Write> stripe(Key k) {
    return writes[k.hash & (STRIPES - 1)];
  }

  private final CopyOnWriteArrayList<Clear> clears = new CopyOnWriteArrayList<>();
  private long seq;

  /** What a writer sees for {@code key}: found (value possibly null = deleted) or not pending. */
  record Seen(boolean pending, byte[] value) {}

  private static final Seen NOT_PENDING = new Seen(false, null);
  private static final Seen DELETED = new Seen(true, null);

  boolean isEmpty() {
    if (!clears.isEmpty()) {
      return false;
    }
    for (HashMap<Key, Write> m : writes) {
      synchronized (m) {
        if (!m.isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Called with the key locked, before the write is queued for the log. */
  void put(byte[] key, long version, byte[] valueOrNull) {
    Key k = new Key(key);
    Write w = new Write(nextSeq(), version, valueOrNull);
    HashMap<Key, Write> m = stripe(k);
    synchronized (m) {
      m.put(k, w);
    }
  }

  /** Called with every key locked, before the clear is queued for the log. */
  void clear(byte[] from, byte[] to) {
    clears.add(new Clear(nextSeq(), from, to));
  }

  private synchronized long nextSeq() {
    return ++seq;
  }

  Seen get(byte[] key) {
    Key k = new Key(key);
    HashMap<Key, Write> m = stripe(k);
    Write w;
    synchronized (m) {
      w = m.isEmpty() ? null : m.get(k);
    }
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
    Key k = new Key(key);
    HashMap<Key, Write> m = stripe(k);
    synchronized (m) {
      Write w = m.get(k);
      if (w != null && w.version() == version) {
        m.remove(k); // only if it is still this write: a later one may have replaced it
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
    for (HashMap<Key, Write> m : writes) {
      synchronized (m) {
        m.clear();
      }
    }
    clears.clear();
  }
}
