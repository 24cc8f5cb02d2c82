package dev.orbit.node.protocol;

import dev.orbit.config.Watchdog;
import dev.orbit.node.metrics.Prom;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how late each I/O event loop runs a small task posted to it. A loop late beyond {@code
 * watchdog.readinessStall} is logged with its thread's stack and counted, and makes the node
 * unready; beyond {@code watchdog.livenessStall} it makes the node fail liveness, so Kubernetes
 * first stops sending it traffic and then restarts it.
 */
public final class LoopWatchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoopWatchdog.class);

  private final long readinessNanos;
  private final long livenessNanos;
  private final Map<String, Probe> probes = new ConcurrentSkipListMap<>();
  private final ScheduledExecutorService timer;

  public LoopWatchdog(Watchdog config) {
    this.readinessNanos = config.readinessStall.toNanos();
    this.livenessNanos = config.livenessStall.toNanos();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "orbit-loop-watchdog");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(10, Math.min(1000, config.readinessStall.toMillis() / 5));
    timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** Watches every loop of {@code group}, named {@code name-0}, {@code name-1} … */
  public void watch(String name, EventLoopGroup group) {
    int i = 0;
    for (EventExecutor e : group) {
      Probe p = new Probe(name + "-" + i++, e);
      probes.put(p.name, p);
      p.tick(System.nanoTime()); // the first probe also tells which thread runs the loop
    }
  }

  /** Stops watching {@code group} (before it shuts down). */
  public void unwatch(EventLoopGroup group) {
    List<EventExecutor> loops = new ArrayList<>();
    group.forEach(loops::add);
    probes.values().removeIf(p -> loops.contains(p.loop));
  }

  /** Loops late beyond the readiness bound, each as "name stalled for N s"; empty when none. */
  public List<String> readinessProblems() {
    return stalledBeyond(readinessNanos);
  }

  /** Loops late beyond the liveness bound. */
  public List<String> livenessProblems() {
    return stalledBeyond(livenessNanos);
  }

  private List<String> stalledBeyond(long bound) {
    long now = System.nanoTime();
    List<String> out = new ArrayList<>();
    for (Probe p : probes.values()) {
      long lag = p.lag(now);
      if (lag > bound) {
        out.add(String.format(Locale.ROOT, "event loop %s stalled for %.1f s", p.name, lag / 1e9));
      }
    }
    return out;
  }

  private void tick() {
    long now = System.nanoTime();
    for (Probe p : probes.values()) {
      p.tick(now);
    }
  }

  /** Lag gauge and stall counter of every loop. */
  public void render(StringBuilder sb) {
    long now = System.nanoTime();
    Prom.header(
        sb, "orbit_event_loop_lag_seconds", "gauge", "How late an I/O event loop runs a task");
    Prom.header(
        sb,
        "orbit_event_loop_stalls_total",
        "counter",
        "Times an I/O event loop was late beyond watchdog.readinessStall");
    for (Probe p : probes.values()) {
      String l = "loop=\"" + p.name + "\"";
      Prom.line(sb, "orbit_event_loop_lag_seconds", l, p.lag(now) / 1e9);
      Prom.line(sb, "orbit_event_loop_stalls_total", l, p.stalls.sum());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One loop: the probe task in flight, when it was posted, and the loop's thread. */
  private final class Probe {
    final String name;
    final EventExecutor loop;
    final LongAdder stalls = new LongAdder();
    volatile long postedAt;
    volatile Thread thread;
    volatile boolean reported;

    Probe(String name, EventExecutor loop) {
      this.name = name;
      this.loop = loop;
    }

    long lag(long now) {
      long at = postedAt;
      return at == 0 ? 0 : now - at;
    }

    synchronized void tick(long now) {
      if (postedAt == 0) {
        postedAt = now;
        try {
          loop.execute(this::ran);
        } catch (RejectedExecutionException e) {
          postedAt = 0; // shutting down
        }
        return;
      }
      long lag = now - postedAt;
      if (lag > readinessNanos && !reported) {
        reported = true;
        stalls.increment();
        LOG.warn(
            "event loop {} ({}) has not run its tasks for {} ms; clients on it wait. Its stack:{}",
            name,
            thread == null ? "thread not started" : thread.getName(),
            lag / 1_000_000,
            stack(thread));
      }
    }

    private void ran() {
      thread = Thread.currentThread();
      long lag = System.nanoTime() - postedAt;
      postedAt = 0;
      if (reported) {
        reported = false;
        LOG.warn("event loop {} runs again after a stall of {} ms", name, lag / 1_000_000);
      }
    }
  }

  private static String stack(Thread t) {
    if (t == null) {
      return " (unknown)";
    }
    StringBuilder sb = new StringBuilder();
    for (StackTraceElement e : t.getStackTrace()) {
      sb.append("\n\tat ").append(e);
    }
    return sb.toString();
  }

  /** The configured readiness bound (for messages). */
  public Duration readinessStall() {
    return Duration.ofNanos(readinessNanos);
  }
}
