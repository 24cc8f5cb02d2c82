package dev.orbit.node.sql;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Row write locks held by transactions until they end, like PostgreSQL's row locks: a second writer
 * of a row waits for the first to commit or roll back, then sees its result. A wait that would
 * close a cycle fails with 40P01; {@code lock_timeout} bounds a wait with 55P03.
 */
final class RowLocks {
  private final Map<ByteBuffer, Object> owners = new HashMap<>();
  private final Map<Object, Object> waitsFor = new HashMap<>();

  /** Locks {@code key} for {@code owner}; true when newly taken (false: already held). */
  synchronized boolean lock(
      ByteBuffer key, Object owner, long timeoutMillis, Runnable cancelCheck) {
    long deadline = timeoutMillis > 0 ? System.currentTimeMillis() + timeoutMillis : Long.MAX_VALUE;
    while (true) {
      Object holder = owners.get(key);
      if (holder == null) {
        owners.put(key, owner);
        return true;
      }
      if (holder == owner) {
        return false;
      }
      if (closesCycle(owner, holder)) {
        throw new SqlException("40P01", "deadlock detected");
      }
      cancelCheck.run();
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new SqlException("55P03", "canceling statement due to lock timeout");
      }
      waitsFor.put(owner, holder);
      try {
        wait(Math.min(left, 100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SqlException("57014", "canceling statement due to user request");
      } finally {
        waitsFor.remove(owner);
      }
    }
  }

  /** How many transactions wait for a row lock now (tests wait on it instead of sleeping). */
  synchronized int waiters() {
    return waitsFor.size();
  }

  private boolean closesCycle(Object owner, Object holder) {
    Object o = holder;
    for (int i = 0; o != null && i < 1000; i++) {
      if (o == owner) {
        return true;
      }
      o = waitsFor.get(o);
    }
    return false;
  }

  synchronized void unlockAll(Collection<ByteBuffer> keys, Object owner) {
    for (ByteBuffer k : keys) {
      owners.remove(k, owner);
    }
    notifyAll();
  }
}
