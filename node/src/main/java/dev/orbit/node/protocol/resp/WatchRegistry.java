package dev.orbit.node.protocol.resp;

import dev.orbit.node.redis.RedisTx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which sessions WATCH which keys; a change to a watched key makes the watcher's next EXEC fail. A
 * key that had already expired when it was watched may be removed without that counting as a
 * change, as in Redis.
 */
final class WatchRegistry {
  /** A watched key: logical database and key bytes. */
  record Key(int db, byte[] key) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.db == db && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
      return 31 * db + Arrays.hashCode(key);
    }
  }

  private final Map<Key, Map<Session, Boolean>> watchers = new ConcurrentHashMap<>();

  /** {@code expired}: the key was already expired (stale) when it was watched. */
  void watch(Session s, Key k, boolean expired) {
    if (s.watched.containsKey(k)) {
      return;
    }
    watchers.computeIfAbsent(k, x -> new ConcurrentHashMap<>()).put(s, expired);
    s.watched.put(k, expired);
  }

  void unwatchAll(Session s) {
    for (Key k : s.watched.keySet()) {
      watchers.computeIfPresent(
          k,
          (x, m) -> {
            m.remove(s);
            return m.isEmpty() ? null : m;
          });
    }
    s.watched.clear();
    s.watchDirty = false;
  }

  /** Called after a commit, before its locks are released. */
  void touched(Iterable<RedisTx.Touched> keys) {
    if (watchers.isEmpty()) {
      return;
    }
    for (RedisTx.Touched t : keys) {
      Key k = new Key(t.db().index(), t.key());
      Map<Session, Boolean> m = watchers.get(k);
      if (m != null) {
        m.forEach(
            (s, stale) -> {
              if (stale && t.type() == null) {
                m.put(s, false); // a stale key went away: no change, but the next one counts
                s.watched.put(k, false);
              } else {
                s.watchDirty = true;
              }
            });
      }
    }
  }

  /** Marks every watcher of {@code k} dirty. */
  void touch(Key k) {
    Map<Session, Boolean> m = watchers.get(k);
    if (m != null) {
      m.keySet().forEach(s -> s.watchDirty = true);
    }
  }

  /** The watched keys of database {@code db}. */
  List<Key> keysIn(int db) {
    List<Key> out = new ArrayList<>();
    for (Key k : watchers.keySet()) {
      if (k.db() == db) {
        out.add(k);
      }
    }
    return out;
  }
}
