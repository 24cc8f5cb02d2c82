package dev.orbit.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.testing.Await;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator process as OperatorMain starts it: leader election, ops endpoints, metrics. */
@EnableKubernetesMockClient(crud = true)
class OperatorProcessIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @Test
  void electsALeaderReconcilesAndServesHealthAndMetrics() throws Exception {
    Clusters.installCrd(client, "orbitclusters");
    // JOSDK checks Lease access with a SelfSubjectRulesReview before electing: answer it with the
    // rules deploy/ grants, so the shipped Role is what lets the operator start.
    var role =
        Serialization.unmarshal(
            Files.readString(Path.of("../deploy/rbac/leader-election-role.yaml")), Role.class);
    var review =
        new SelfSubjectRulesReviewBuilder()
            .withNewMetadata()
            .endMetadata()
            .withNewStatus()
            .withIncomplete(false)
            .withResourceRules(
                role.getRules().stream()
                    .map(
                        r ->
                            new ResourceRuleBuilder()
                                .withApiGroups(r.getApiGroups())
                                .withResources(r.getResources())
                                .withVerbs(r.getVerbs())
                                .build())
                    .toList())
            .endStatus()
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review)
        .always();
    var config =
        OperatorConfig.fromArgsAndEnv(
            new String[] {"--http-port=0"},
            Map.of("ORBIT_LEADER_ELECTION", "true", "POD_NAMESPACE", "orbit-system"));
    // The only difference to main(): stopping the elected operator must not exit the test JVM.
    try (var running = OperatorMain.start(config, client, false)) {
      Lease lease =
          Await.until(
              "leader lease",
              () ->
                  client
                      .leases()
                      .inNamespace("orbit-system")
                      .withName(OperatorConfig.DEFAULT_LEASE_NAME)
                      .get(),
              l -> l.getSpec().getHolderIdentity() != null);
      assertTrue(!lease.getSpec().getHolderIdentity().isBlank());

      client.resource(Clusters.minimal("apps", "orb")).create();
      Await.until(
          "statefulset",
          () -> client.apps().statefulSets().inNamespace("apps").withName("orb").get(),
          (StatefulSet s) -> true);

      var http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + running.ops().port();
      assertEquals(200, get(http, base + "/healthz").statusCode());
      Await.until("ready", () -> get(http, base + "/readyz").statusCode(), code -> code == 200);
      String metrics =
          Await.until(
              "metrics",
              () -> get(http, base + "/metrics").body(),
              body ->
                  body.contains(
                      "orbit_operator_reconciliations_succeeded_total{kind=\"OrbitCluster\"}"));
      assertTrue(
          metrics.contains("orbit_operator_reconciliations_started_total{kind=\"OrbitCluster\"}"));
      assertTrue(
          metrics.contains(
              "orbit_operator_reconcile_duration_seconds_count{controller=\"orbitcluster\""));
    }
  }

  @Test
  void aFailedStartEndsTheProcessWithAnError() throws Exception {
    Path jar = Path.of("target/orbit-operator.jar").toAbsolutePath();
    var pb =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                jar.toString(),
                "--http-port=0",
                "--leader-election=false")
            .redirectErrorStream(true);
    // an API server that is not there: the informers cannot start
    pb.environment().put("KUBERNETES_MASTER", "http://127.0.0.1:9");
    pb.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    pb.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "the process ended");
    assertEquals(1, p.exitValue(), out);
    assertTrue(out.contains("start failed; exiting"), out);
  }

  @Test
  void livenessFailsWhenTheInformersLoseTheApiServer() throws Exception {
    var own =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(Serialization.jsonMapper()),
            new io.fabric8.mockwebserver.MockWebServer(),
            new java.util.HashMap<>(),
            new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(),
            false);
    own.init();
    var ownClient = own.createClient();
    Clusters.installCrd(ownClient, "orbitclusters");
    Clusters.installCrd(ownClient, "orbitbackups");
    var config =
        OperatorConfig.fromArgsAndEnv(
            new String[] {"--http-port=0", "--leader-election=false"}, Map.of());
    try (var running = OperatorMain.start(config, ownClient, false)) {
      var http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + running.ops().port();
      Await.until("alive", () -> get(http, base + "/healthz").statusCode(), code -> code == 200);
      own.destroy();
      var dead =
          Await.until(
              "not alive without the API server",
              () -> get(http, base + "/healthz"),
              r -> r.statusCode() == 503,
              java.time.Duration.ofSeconds(120));
      assertTrue(dead.body().contains("unhealthy event sources"), dead.body());
    } finally {
      ownClient.close();
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
