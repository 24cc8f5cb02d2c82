package dev.orbit.operator.reconciler;

import dev.orbit.operator.OrbitOperator;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.ops.ReconcileMetrics;
import dev.orbit.operator.testing.Await;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The operator on the mock API server, reaching pods through {@link FakeNodes}, and the waits and
 * pods the leader ITs share. A JUnit extension: register it on a static field after the class's
 * {@code @EnableKubernetesMockClient}, whose client it takes once that extension has injected it.
 */
final class FakeNodeFixture implements BeforeAllCallback, AfterAllCallback {
  final FakeNodes nodes;
  private final Supplier<KubernetesClient> clientOf;
  private final String[] crds;
  private KubernetesClient client;
  private Operator operator;

  /**
   * Before all tests: installs the CRDs ({@code orbitclusters} and, where a test needs them, {@code
   * orbitbackups}), starts the fake nodes and the operator that asks them for their status; after
   * all: stops both.
   */
  FakeNodeFixture(Supplier<KubernetesClient> client, FakeNodes nodes, String... crds) {
    this.clientOf = client;
    this.nodes = nodes;
    this.crds = crds;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    client = clientOf.get();
    for (String crd : crds) {
      Clusters.installCrd(client, crd);
    }
    nodes.start();
    operator =
        OrbitOperator.create(
            client,
            OperatorConfig.defaults(),
            new ReconcileMetrics(),
            Clock.systemUTC(),
            false,
            pod -> nodes.uri(pod.getMetadata().getName()),
            () -> {});
    operator.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (operator != null) {
      operator.stop();
    }
    nodes.stop();
  }

  /** Waits until the cluster has a status with conditions that {@code ok} accepts. */
  OrbitCluster awaitStatus(String ns, String name, Predicate<OrbitCluster> ok) {
    return Await.until(
        "status of " + name,
        () -> client.resources(OrbitCluster.class).inNamespace(ns).withName(name).get(),
        c -> c.getStatus() != null && !c.getStatus().getConditions().isEmpty() && ok.test(c));
  }

  /** Waits for an event with {@code reason} whose message contains {@code text}; returns it. */
  Event awaitEvent(String ns, String reason, String text) {
    Predicate<Event> match = e -> reason.equals(e.getReason()) && e.getMessage().contains(text);
    return Await.until(
            "event " + reason + " with '" + text + "'",
            () -> client.v1().events().inNamespace(ns).list().getItems(),
            events -> events.stream().anyMatch(match))
        .stream()
        .filter(match)
        .findFirst()
        .orElseThrow();
  }

  /**
   * A Ready pod of the cluster its name starts with (up to the last '-'), as the StatefulSet
   * controller creates it, with IP {@code 10.0.<subnet>.<ordinal + 1>} and {@code labels} besides
   * the operator's.
   */
  static Pod readyPod(String ns, String name, int subnet, Map<String, String> labels) {
    Map<String, String> all = new HashMap<>(labels);
    all.put(Labels.MANAGED_BY, Labels.OPERATOR);
    all.put(Labels.CLUSTER, name.substring(0, name.lastIndexOf('-')));
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(all)
        .endMetadata()
        .withNewStatus()
        .withPodIP("10.0." + subnet + "." + (name.charAt(name.length() - 1) - '0' + 1))
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }
}
