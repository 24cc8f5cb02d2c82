package dev.orbit.operator.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.testing.Clusters;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileMetricsTest {
  @Test
  void countsAndTimesReconciliationsInPrometheusFormat() throws Exception {
    var metrics = new ReconcileMetrics();
    var c = Clusters.minimal("ns", "c");
    metrics.reconcileCustomResource(c, null, Map.of());
    metrics.reconcileCustomResource(c, null, Map.of());
    metrics.finishedReconciliation(c, Map.of());
    metrics.failedReconciliation(c, new RuntimeException("x"), Map.of());
    assertEquals("done", metrics.timeControllerExecution(execution(() -> "done")));
    assertThrows(
        IllegalStateException.class,
        () ->
            metrics.timeControllerExecution(
                execution(
                    () -> {
                      throw new IllegalStateException("boom");
                    })));

    String text = metrics.scrape();
    assertTrue(
        text.contains("orbit_operator_reconciliations_started_total{kind=\"OrbitCluster\"} 2\n"),
        text);
    assertTrue(
        text.contains("orbit_operator_reconciliations_succeeded_total{kind=\"OrbitCluster\"} 1\n"));
    assertTrue(
        text.contains("orbit_operator_reconciliations_failed_total{kind=\"OrbitCluster\"} 1\n"));
    assertTrue(
        text.contains(
            "orbit_operator_reconcile_duration_seconds_count{controller=\"orbitcluster\",operation=\"reconcile\"} 2\n"));
    assertTrue(text.contains("le=\"+Inf\"} 2\n"));
    assertTrue(text.contains("# TYPE orbit_operator_reconcile_duration_seconds histogram"));
  }

  interface Body<T> {
    T run() throws Exception;
  }

  private static <T> Metrics.ControllerExecution<T> execution(Body<T> body) {
    return new Metrics.ControllerExecution<>() {
      @Override
      public String name() {
        return "reconcile";
      }

      @Override
      public String controllerName() {
        return "orbitcluster";
      }

      @Override
      public String successTypeName(T result) {
        return "ok";
      }

      @Override
      public ResourceID resourceID() {
        return new ResourceID("c", "ns");
      }

      @Override
      public Map<String, Object> metadata() {
        return Map.of();
      }

      @Override
      public T execute() throws Exception {
        return body.run();
      }
    };
  }
}
