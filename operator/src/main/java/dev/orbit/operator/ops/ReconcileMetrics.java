package dev.orbit.operator.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** JOSDK metrics kept in memory and exposed in the Prometheus text format. */
public class ReconcileMetrics implements Metrics {
  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Map<String, AtomicLong> started = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> succeeded = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failed = new ConcurrentHashMap<>();
  private final Map<String, Histogram> durations = new ConcurrentHashMap<>();

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    count(started, resource);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    count(succeeded, resource);
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    count(failed, resource);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    long start = System.nanoTime();
    try {
      return execution.execute();
    } finally {
      double seconds = (System.nanoTime() - start) / 1e9;
      durations
          .computeIfAbsent(
              execution.controllerName() + "|" + execution.name(), k -> new Histogram())
          .observe(seconds);
    }
  }

  /** All metrics in the Prometheus text exposition format (version 0.0.4). */
  public String scrape() {
    var out = new StringBuilder();
    counter(
        out, "orbit_operator_reconciliations_started_total", "Reconciliations started", started);
    counter(
        out,
        "orbit_operator_reconciliations_succeeded_total",
        "Reconciliations that finished without error",
        succeeded);
    counter(
        out, "orbit_operator_reconciliations_failed_total", "Reconciliations that failed", failed);
    out.append("# HELP orbit_operator_reconcile_duration_seconds Time spent per controller call\n")
        .append("# TYPE orbit_operator_reconcile_duration_seconds histogram\n");
    durations.forEach(
        (key, h) -> {
          String[] parts = key.split("\\|", 2);
          h.write(
              out,
              "orbit_operator_reconcile_duration_seconds",
              "controller=\"" + parts[0] + "\",operation=\"" + parts[1] + "\"");
        });
    return out.toString();
  }

  private static void count(Map<String, AtomicLong> counters, HasMetadata resource) {
    counters.computeIfAbsent(resource.getKind(), k -> new AtomicLong()).incrementAndGet();
  }

  private static void counter(
      StringBuilder out, String name, String help, Map<String, AtomicLong> values) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    values.forEach(
        (kind, v) ->
            out.append(name)
                .append("{kind=\"")
                .append(kind)
                .append("\"} ")
                .append(v.get())
                .append('\n'));
  }

  /** A fixed-bucket histogram. */
  static final class Histogram {
    private final AtomicLong[] counts = new AtomicLong[BUCKETS.length];
    private final AtomicLong total = new AtomicLong();
    private final DoubleAdder sum = new DoubleAdder();

    Histogram() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new AtomicLong();
      }
    }

    void observe(double seconds) {
      for (int i = 0; i < BUCKETS.length; i++) {
        if (seconds <= BUCKETS[i]) {
          counts[i].incrementAndGet();
        }
      }
      total.incrementAndGet();
      sum.add(seconds);
    }

    void write(StringBuilder out, String name, String labels) {
      for (int i = 0; i < BUCKETS.length; i++) {
        out.append(name)
            .append("_bucket{")
            .append(labels)
            .append(",le=\"")
            .append(String.format(Locale.ROOT, "%s", BUCKETS[i]))
            .append("\"} ")
            .append(counts[i].get())
            .append('\n');
      }
      out.append(name)
          .append("_bucket{")
          .append(labels)
          .append(",le=\"+Inf\"} ")
          .append(total.get())
          .append('\n');
      out.append(name).append("_sum{").append(labels).append("} ").append(sum.sum()).append('\n');
      out.append(name)
          .append("_count{")
          .append(labels)
          .append("} ")
          .append(total.get())
          .append('\n');
    }
  }
}
