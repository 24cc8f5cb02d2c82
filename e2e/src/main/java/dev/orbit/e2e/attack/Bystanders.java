package dev.orbit.e2e.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Well-behaved clients that keep working during an attack: Redis and PostgreSQL connections opened
 * before it (enough to have one on every I/O event loop) and a kubelet-style /livez probe. Each
 * measures how long its requests take; the longest wait during an attack is its stall. A request
 * still waiting when the attack ends counts with the time it has waited so far.
 */
final class Bystanders implements AutoCloseable {
  static final int TIMEOUT_MILLIS = 120_000;

  private final List<Client> clients = new ArrayList<>();

  /** One bystander: a loop of requests on its own thread. */
  private abstract static class Client implements Runnable {
    final String name;
    final AtomicLong maxStall = new AtomicLong();
    volatile long maxStallAt;
    final AtomicLong failures = new AtomicLong();
    volatile long inFlightSince;
    volatile boolean stop;
    volatile String lastFailure;

    Client(String name) {
      this.name = name;
    }

    abstract void request(long n) throws Exception;

    abstract void reconnect() throws Exception;

    @Override
    public void run() {
      for (long n = 0; !stop; n++) {
        long start = System.nanoTime();
        inFlightSince = start;
        try {
          request(n);
        } catch (Exception e) {
          failures.incrementAndGet();
          lastFailure = e.toString();
          try {
            reconnect();
          } catch (Exception again) {
            lastFailure = again.toString();
          }
        }
        inFlightSince = 0;
        long took = (System.nanoTime() - start) / 1_000_000;
        if (took > maxStall.get()) {
          maxStall.set(took);
          maxStallAt = start;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long stall() {
      long since = inFlightSince;
      long now = since == 0 ? 0 : (System.nanoTime() - since) / 1_000_000;
      return Math.max(maxStall.get(), now);
    }
  }

  Bystanders(TargetNode node, int perProtocol) throws Exception {
    for (int i = 0; i < perProtocol; i++) {
      clients.add(redis(node, i));
    }
    for (int i = 0; i < perProtocol; i++) {
      clients.add(postgres(node, i));
    }
    clients.add(livez(node));
    for (Client c : clients) {
      Thread t = new Thread(c, "bystander-" + c.name);
      t.setDaemon(true);
      t.start();
    }
  }

  private static Client redis(TargetNode node, int i) throws Exception {
    Resp[] conn = {new Resp(node.redis, TIMEOUT_MILLIS)};
    return new Client("redis-" + i) {
      @Override
      void request(long n) throws Exception {
        Object set = conn[0].call("SET", "bystander:" + i, "v" + n);
        Object got = conn[0].call("GET", "bystander:" + i);
        if (!"OK".equals(set) || !(got instanceof byte[] b) || !new String(b).equals("v" + n)) {
          throw new IllegalStateException("bystander read back " + describe(got) + " / " + set);
        }
      }

      @Override
      void reconnect() throws Exception {
        conn[0].close();
        conn[0] = new Resp(node.redis, TIMEOUT_MILLIS);
      }
    };
  }

  private static Client postgres(TargetNode node, int i) throws Exception {
    Pg[] conn = {new Pg(node.postgres, TIMEOUT_MILLIS)};
    return new Client("postgres-" + i) {
      @Override
      void request(long n) throws Exception {
        List<List<String>> rows = conn[0].query("select " + n + " + " + i);
        if (!rows.equals(List.of(List.of(Long.toString(n + i))))) {
          throw new IllegalStateException("bystander query returned " + rows);
        }
      }

      @Override
      void reconnect() throws Exception {
        conn[0].close();
        conn[0] = new Pg(node.postgres, TIMEOUT_MILLIS);
      }
    };
  }

  private static Client livez(TargetNode node) {
    return new Client("livez") {
      @Override
      void request(long n) throws Exception {
        String[] r = Http.get(node.admin, "/livez", null, TIMEOUT_MILLIS);
        if (!r[0].equals("200")) {
          throw new IllegalStateException("/livez answered " + r[0] + " " + r[1].strip());
        }
      }

      @Override
      void reconnect() {}
    };
  }

  static String describe(Object o) {
    return o instanceof byte[] b ? new String(b) : String.valueOf(o);
  }

  private long windowStart = System.nanoTime();

  /** Starts a new measuring window. */
  void reset() {
    windowStart = System.nanoTime();
    for (Client c : clients) {
      c.maxStall.set(0);
      c.failures.set(0);
      c.lastFailure = null;
    }
  }

  /** The longest stall of any bystander since {@link #reset}, and which one. */
  String worst() {
    Client w = clients.stream().max((a, b) -> Long.compare(a.stall(), b.stall())).orElseThrow();
    long at = w.inFlightSince != 0 && w.stall() > w.maxStall.get() ? w.inFlightSince : w.maxStallAt;
    return String.format(
        java.util.Locale.ROOT,
        "%d ms (%s, from +%.1f s)",
        w.stall(),
        w.name,
        Math.max(0, at - windowStart) / 1e9);
  }

  long maxStallMillis() {
    return clients.stream().mapToLong(Client::stall).max().orElse(0);
  }

  /** Failed bystander requests since {@link #reset}, with the last failure. */
  String failures() {
    long n = clients.stream().mapToLong(c -> c.failures.get()).sum();
    if (n == 0) {
      return "";
    }
    String last =
        clients.stream()
            .map(c -> c.lastFailure)
            .filter(f -> f != null)
            .reduce((a, b) -> b)
            .orElse("");
    return n + " bystander requests failed (" + last + ")";
  }

  @Override
  public void close() {
    clients.forEach(c -> c.stop = true);
  }
}
