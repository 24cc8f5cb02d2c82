package dev.orbit.node.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Open connections per listener, and connections the node refused or closed, by reason. */
public final class ConnectionMetrics {
  private final Map<String, IntSupplier> open = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

  /** Reports {@code count} as the open connections of {@code listener}. */
  public void track(String listener, IntSupplier count) {
    open.put(listener, count);
  }

  public void untrack(String listener) {
    open.remove(listener);
  }

  /** Open connections of {@code listener} now (0 when it is not tracked). */
  public int open(String listener) {
    IntSupplier n = open.get(listener);
    return n == null ? 0 : n.getAsInt();
  }

  /** One connection of {@code listener} refused or closed by the node for {@code reason}. */
  public void dropped(String listener, String reason) {
    dropped.computeIfAbsent(listener + "\0" + reason, k -> new LongAdder()).increment();
  }

  /** How many connections of {@code listener} were dropped for {@code reason} since start. */
  public long droppedCount(String listener, String reason) {
    LongAdder a = dropped.get(listener + "\0" + reason);
    return a == null ? 0 : a.sum();
  }

  void render(StringBuilder sb) {
    Prom.header(sb, "orbit_connections", "gauge", "Open client connections of a listener");
    open.forEach(
        (l, n) -> Prom.line(sb, "orbit_connections", "listener=\"" + l + "\"", n.getAsInt()));
    Prom.header(
        sb,
        "orbit_connections_dropped_total",
        "counter",
        "Connections refused or closed by the node (limit or timeout), by reason");
    new ConcurrentSkipListMap<>(dropped)
        .forEach(
            (k, n) -> {
              String[] p = k.split("\0");
              Prom.line(
                  sb,
                  "orbit_connections_dropped_total",
                  "listener=\"" + p[0] + "\",reason=\"" + p[1] + "\"",
                  n.sum());
            });
  }
}
