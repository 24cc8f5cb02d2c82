package dev.orbit.e2e.attack;

import java.io.Closeable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One attack of issue 15: its name, whose fix it needs, and what it does. */
record Attack(String name, String fixedBy, Body body) {
  /** Runs the attack against the node; returns what it saw (one line). */
  @FunctionalInterface
  interface Body {
    String run(Ctx ctx) throws Exception;
  }

  /** The node under attack, and the attacker's sockets to close when the attack is over. */
  static final class Ctx {
    final TargetNode node;
    final List<Closeable> opened = new CopyOnWriteArrayList<>();

    Ctx(TargetNode node) {
      this.node = node;
    }

    <T extends Closeable> T track(T c) {
      opened.add(c);
      return c;
    }

    void closeAll() {
      for (Closeable c : opened) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing anyway
        }
      }
      opened.clear();
    }
  }

  static String seconds(long startNanos) {
    return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }

  static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }
}
