package dev.orbit.node.redis;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Locks over Redis keys (by key bytes, whatever the database): commands lock the keys they touch,
 * keyspace-wide commands (FLUSHALL, FLUSHDB, SWAPDB) take the global lock alone. Stripes are taken
 * in order, so two commands cannot deadlock. Event loops only {@link #tryLock}; worker threads
 * wait.
 */
public final class KeyLocks {
  private final ReentrantReadWriteLock global = new ReentrantReadWriteLock();
  private final ReentrantLock[] stripes;

  public KeyLocks(int n) {
    stripes = new ReentrantLock[n];
    for (int i = 0; i < n; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Locks held by one run of commands. */
  public record Held(int[] stripes, boolean exclusive) {}

  private int[] stripesOf(Collection<byte[]> keys) {
    if (keys.size() >= stripes.length / 2) {
      int[] all = new int[stripes.length];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] s = new int[keys.size()];
    int n = 0;
    for (byte[] k : keys) {
      s[n++] = Math.floorMod(Arrays.hashCode(k) * 0x9E3779B9, stripes.length);
    }
    Arrays.sort(s);
    int d = 0;
    for (int i = 0; i < n; i++) {
      if (d == 0 || s[d - 1] != s[i]) {
        s[d++] = s[i];
      }
    }
    return d == n ? s : Arrays.copyOf(s, d);
  }

  /** Takes the locks if they are free now; null when any is not (nothing is held then). */
  public Held tryLock(Collection<byte[]> keys, boolean exclusive) {
    if (exclusive) {
      return global.writeLock().tryLock() ? new Held(new int[0], true) : null;
    }
    if (!global.readLock().tryLock()) {
      return null;
    }
    int[] s = stripesOf(keys);
    for (int i = 0; i < s.length; i++) {
      if (!stripes[s[i]].tryLock()) {
        for (int j = i - 1; j >= 0; j--) {
          stripes[s[j]].unlock();
        }
        global.readLock().unlock();
        return null;
      }
    }
    return new Held(s, false);
  }

  /** Takes the locks, waiting for them. */
  public Held lock(Collection<byte[]> keys, boolean exclusive) throws InterruptedException {
    if (exclusive) {
      global.writeLock().lockInterruptibly();
      return new Held(new int[0], true);
    }
    global.readLock().lockInterruptibly();
    int[] s = stripesOf(keys);
    int i = 0;
    try {
      for (; i < s.length; i++) {
        stripes[s[i]].lockInterruptibly();
      }
    } catch (InterruptedException e) {
      for (int j = i - 1; j >= 0; j--) {
        stripes[s[j]].unlock();
      }
      global.readLock().unlock();
      throw e;
    }
    return new Held(s, false);
  }

  public void unlock(Held h) {
    if (h.exclusive()) {
      global.writeLock().unlock();
      return;
    }
    for (int i = h.stripes().length - 1; i >= 0; i--) {
      stripes[h.stripes()[i]].unlock();
    }
    global.readLock().unlock();
  }
}
