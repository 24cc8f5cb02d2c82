package dev.orbit.node.protocol.pg;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed logins per client address: after the first few, each failure is answered later (doubling
 * up to a ceiling), so a client cannot try many passwords quickly. A success clears its count;
 * addresses silent for a while are forgotten.
 */
final class LoginThrottle {
  static final int FREE_FAILURES = 3;
  static final long MAX_DELAY_MS = 5_000;
  private static final long FORGET_AFTER_MS = 60_000;
  private static final int MAX_ADDRESSES = 10_000;

  private record Entry(int failures, long last) {}

  private final Map<InetAddress, Entry> entries =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Entry> eldest) {
          return size() > MAX_ADDRESSES;
        }
      };

  /** Records a failure; returns how long to wait before answering it (ms). */
  synchronized long failed(InetAddress a) {
    if (a == null) {
      return 0;
    }
    long now = System.currentTimeMillis();
    Entry e = entries.get(a);
    int n = e == null || now - e.last() > FORGET_AFTER_MS ? 1 : e.failures() + 1;
    entries.put(a, new Entry(n, now));
    if (n <= FREE_FAILURES) {
      return 0;
    }
    return Math.min(MAX_DELAY_MS, 100L << Math.min(20, n - FREE_FAILURES - 1));
  }

  synchronized void succeeded(InetAddress a) {
    if (a != null) {
      entries.remove(a);
    }
  }
}
