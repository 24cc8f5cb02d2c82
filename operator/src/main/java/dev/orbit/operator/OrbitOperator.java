package dev.orbit.operator;

import dev.orbit.operator.backup.NodeEndpoints;
import dev.orbit.operator.backup.OrbitBackupReconciler;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.ops.ReconcileMetrics;
import dev.orbit.operator.reconciler.OrbitClusterReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;

/**
 * Builds the configured JOSDK {@link Operator}: the same wiring for the real process and the tests.
 * Dependents and the status patch use plain update/JSON patch rather than server-side apply; each
 * dependent matches on a hash of its desired object (see OwnedDependent).
 */
public final class OrbitOperator {
  private OrbitOperator() {}

  public static Operator create(
      KubernetesClient client, OperatorConfig config, ReconcileMetrics metrics, Clock clock) {
    return create(client, config, metrics, clock, true);
  }

  /**
   * As {@link #create(KubernetesClient, OperatorConfig, ReconcileMetrics, Clock)}; {@code
   * exitOnLostLeadership} false only lets tests stop an elected operator without the JVM exiting.
   */
  public static Operator create(
      KubernetesClient client,
      OperatorConfig config,
      ReconcileMetrics metrics,
      Clock clock,
      boolean exitOnLostLeadership) {
    return create(
        client, config, metrics, clock, exitOnLostLeadership, NodeEndpoints.POD_IP, () -> {});
  }

  /**
   * As above, reaching node admin APIs through {@code endpoints}; {@code onLostLease} runs when an
   * elected operator loses its Lease (before it exits, when it exits).
   */
  public static Operator create(
      KubernetesClient client,
      OperatorConfig config,
      ReconcileMetrics metrics,
      Clock clock,
      boolean exitOnLostLeadership,
      NodeEndpoints endpoints,
      Runnable onLostLease) {
    var operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .checkingCRDAndValidateLocalModel(false)
                  .withCloseClientOnStop(false)
                  .withMetrics(metrics);
              if (config.leaderElection()) {
                var le =
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            config.leaseName())
                        // a replica that loses the Lease exits so two never reconcile at once
                        .withExitOnStopLeading(exitOnLostLeadership)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(() -> {}, onLostLease, leader -> {}));
                if (config.leaseNamespace() != null) {
                  le.withLeaseNamespace(config.leaseNamespace());
                }
                o.withLeaderElectionConfiguration(le.build());
              }
            });
    operator.register(
        new OrbitClusterReconciler(config, clock, endpoints),
        o -> {
          if (config.watchesAllNamespaces()) {
            o.watchingAllNamespaces();
          } else {
            o.settingNamespaces(config.watchNamespaces());
          }
        });
    operator.register(
        new OrbitBackupReconciler(endpoints, clock),
        o -> {
          if (config.watchesAllNamespaces()) {
            o.watchingAllNamespaces();
          } else {
            o.settingNamespaces(config.watchNamespaces());
          }
        });
    return operator;
  }
}
