package dev.orbit.operator;

import dev.orbit.operator.backup.NodeEndpoints;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.ops.OperatorHealth;
import dev.orbit.operator.ops.OpsServer;
import dev.orbit.operator.ops.ReconcileMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of orbit-operator: reads its config, starts the ops endpoints and the operator. */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromArgsAndEnv(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("orbit-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    Running running;
    try {
      running = start(config, new KubernetesClientBuilder().build(), true);
    } catch (Exception e) {
      // a failed start must end the process, or Kubernetes would never restart it
      LOG.error("start failed; exiting", e);
      System.exit(1);
      return;
    }
    running.operator().installShutdownHook(Duration.ofSeconds(10));
    Runtime.getRuntime().addShutdownHook(new Thread(running.ops()::close, "ops-server-stop"));
  }

  /** A started operator with its ops endpoints and what they report. */
  public record Running(Operator operator, OpsServer ops, OperatorHealth health)
      implements AutoCloseable {
    @Override
    public void close() {
      ops.close();
      operator.stop();
    }
  }

  /** Starts the ops endpoints, then the operator (which waits for leadership when elected). */
  public static Running start(
      OperatorConfig config, KubernetesClient client, boolean exitOnLostLeadership)
      throws IOException {
    LOG.info(
        "starting namespaces={} nodeImage={} httpPort={} leaderElection={}",
        config.watchesAllNamespaces() ? "*" : String.join(",", config.watchNamespaces()),
        config.nodeImage(),
        config.httpPort(),
        config.leaderElection());
    var metrics = new ReconcileMetrics();
    var health = new OperatorHealth();
    var operator =
        OrbitOperator.create(
            client,
            config,
            metrics,
            Clock.systemUTC(),
            exitOnLostLeadership,
            NodeEndpoints.POD_IP,
            () -> {
              LOG.warn("no longer the leader (Lease {})", config.leaseName());
              health.failed("no longer holds the leader Lease " + config.leaseName());
            });
    var ops = OpsServer.start(config.httpPort(), health, metrics::scrape);
    try {
      operator.start();
    } catch (RuntimeException e) {
      health.failed("start failed: " + e.getMessage());
      ops.close();
      throw e;
    }
    health.running(operator);
    LOG.info("started httpPort={}", ops.port());
    return new Running(operator, ops, health);
  }
}
