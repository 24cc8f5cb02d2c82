package dev.orbit.node.storage;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-key mutual exclusion by hashing keys onto a fixed set of locks. Several keys are always
 * locked in stripe order, so two multi-key writers cannot deadlock.
 */
final class StripedLocks {
  private final ReentrantLock[] locks;

  StripedLocks(int stripes) {
    locks = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  int stripeOf(byte[] key) {
    return Math.floorMod(Arrays.hashCode(key) * 0x9E3779B9, locks.length);
  }

  /** Locks the stripes of {@code keys}; returns them, sorted and distinct, for {@link #unlock}. */
  int[] lock(Collection<byte[]> keys) {
    return lock(keys, k -> k);
  }

  /** Locks the stripes of the keys of {@code items}; as {@link #lock(Collection)}. */
  <T> int[] lock(Collection<T> items, java.util.function.Function<? super T, byte[]> keyOf) {
    if (items.size() >= locks.length / 2) {
      // a bulk write: taking every stripe in order is cheaper than hashing and sorting its keys
      return lockAll();
    }
    int[] stripes = new int[items.size()];
    int n = 0;
    for (T item : items) {
      stripes[n++] = stripeOf(keyOf.apply(item));
    }
    Arrays.sort(stripes);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (distinct == 0 || stripes[distinct - 1] != stripes[i]) {
        stripes[distinct++] = stripes[i];
      }
    }
    stripes = distinct == n ? stripes : Arrays.copyOf(stripes, distinct);
    for (int s : stripes) {
      locks[s].lock();
    }
    return stripes;
  }

  /** Locks every stripe, in order. */
  int[] lockAll() {
    int[] all = new int[locks.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
      locks[i].lock();
    }
    return all;
  }

  int[] lock(byte[] key) {
    int s = stripeOf(key);
    locks[s].lock();
    return new int[] {s};
  }

  void unlock(int[] stripes) {
    for (int i = stripes.length - 1; i >= 0; i--) {
      locks[stripes[i]].unlock();
    }
  }
}
