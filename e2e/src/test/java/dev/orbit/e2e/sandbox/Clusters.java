package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import redis.clients.jedis.Jedis;

/** What the E2E tests do with clusters in the sandbox, the way a user would. */
final class Clusters {
  static final Path MANIFESTS = SandboxExtension.REPO.resolve("e2e/manifests");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Clusters() {}

  static final Path EXAMPLES = SandboxExtension.REPO.resolve("deploy/examples");

  /** Loads an example of {@code deploy/examples/} into {@code namespace}, as it is. */
  static OrbitCluster example(KubernetesClient client, String example, String namespace) {
    OrbitCluster c =
        client.resources(OrbitCluster.class).load(EXAMPLES.resolve(example).toFile()).item();
    c.getMetadata().setNamespace(namespace);
    return c;
  }

  /** Loads a manifest of {@code e2e/manifests/} into {@code namespace}, edited by {@code edit}. */
  static OrbitCluster load(
      KubernetesClient client,
      String manifest,
      String namespace,
      UnaryOperator<OrbitCluster> edit) {
    OrbitCluster c =
        client.resources(OrbitCluster.class).load(MANIFESTS.resolve(manifest).toFile()).item();
    c.getMetadata().setNamespace(namespace);
    return edit.apply(c);
  }

  static OrbitCluster get(KubernetesClient client, String ns, String name) {
    return client.resources(OrbitCluster.class).inNamespace(ns).withName(name).get();
  }

  /** Changes the spec the way {@code kubectl edit} would. */
  static void edit(KubernetesClient client, String ns, String name, UnaryOperator<OrbitCluster> f) {
    client.resources(OrbitCluster.class).inNamespace(ns).withName(name).edit(f);
  }

  static boolean condition(OrbitCluster c, String type, String status) {
    if (c == null || c.getStatus() == null || c.getStatus().getConditions() == null) {
      return false;
    }
    for (Condition cond : c.getStatus().getConditions()) {
      if (type.equals(cond.getType()) && status.equals(cond.getStatus())) {
        return true;
      }
    }
    return false;
  }

  /** Waits until the cluster reports Ready for its current generation. */
  static OrbitCluster awaitReady(
      KubernetesClient client, String ns, String name, Duration timeout) {
    return await(
        client,
        ns,
        name,
        c ->
            condition(c, "Ready", "True")
                && c.getStatus().getObservedGeneration() != null
                && c.getStatus().getObservedGeneration().equals(c.getMetadata().getGeneration()),
        timeout,
        "Ready");
  }

  static OrbitCluster await(
      KubernetesClient client,
      String ns,
      String name,
      Predicate<OrbitCluster> p,
      Duration timeout,
      String what) {
    var holder = new OrbitCluster[1];
    until(
        timeout,
        () -> {
          holder[0] = get(client, ns, name);
          return holder[0] != null && p.test(holder[0]);
        },
        () -> "cluster " + ns + "/" + name + " never became " + what + ": " + status(holder[0]));
    return holder[0];
  }

  private static String status(OrbitCluster c) {
    return c == null ? "absent" : String.valueOf(c.getStatus());
  }

  static void until(
      Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> message) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
    assertTrue(condition.getAsBoolean(), message);
  }

  /** The local port forwarded to a Service port, once the sandbox forwards it. */
  static int port(Sandbox sandbox, String ns, String service, String portName) {
    int[] port = {-1};
    until(
        Duration.ofSeconds(30),
        () -> {
          port[0] = sandbox.localPort(ns, service, portName).orElse(-1);
          return port[0] > 0;
        },
        () -> "no forwarded port for " + ns + "/" + service + " " + portName);
    return port[0];
  }

  /**
   * A Redis client through a Service's forwarded port ({@code <cluster>-rw} or {@code -ro}),
   * authenticated with the cluster's password, once the Service has a ready pod.
   */
  static Jedis redis(Sandbox sandbox, String ns, String service) {
    int port = port(sandbox, ns, service, "redis");
    String cluster = service.substring(0, service.lastIndexOf('-'));
    String password = password(sandbox.client(), ns, cluster);
    Jedis[] jedis = {null};
    until(
        Duration.ofSeconds(60),
        () -> {
          try {
            var j = new Jedis("127.0.0.1", port, 30_000);
            j.auth(password);
            if ("PONG".equals(j.ping())) {
              jedis[0] = j;
              return true;
            }
            j.close();
          } catch (RuntimeException e) {
            // no ready pod behind the Service yet
          }
          return false;
        },
        () -> "Service " + ns + "/" + service + " never answered on redis port " + port);
    return jedis[0];
  }

  /** The superuser password the operator generated into Secret {@code <cluster>-auth}. */
  static String password(KubernetesClient client, String ns, String cluster) {
    return new String(
        java.util.Base64.getDecoder()
            .decode(
                client
                    .secrets()
                    .inNamespace(ns)
                    .withName(cluster + "-auth")
                    .get()
                    .getData()
                    .get("password")),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A pgjdbc connection as user orbit through a Service's forwarded postgres port. */
  static java.sql.Connection postgres(
      Sandbox sandbox, KubernetesClient client, String ns, String service, String cluster) {
    int port = port(sandbox, ns, service, "postgres");
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/orbit";
    String password = password(client, ns, cluster);
    java.sql.Connection[] conn = {null};
    until(
        Duration.ofSeconds(60),
        () -> {
          try {
            conn[0] = java.sql.DriverManager.getConnection(url, "orbit", password);
            return true;
          } catch (java.sql.SQLException e) {
            return false; // no ready pod behind the Service yet
          }
        },
        () -> "Service " + ns + "/" + service + " never answered on postgres port " + port);
    return conn[0];
  }

  /**
   * The node's {@code /v1/status} through the headless Service's admin port; a missing node while
   * no pod answers (during a roll).
   */
  /** The cluster's admin token (Secret {@code <c>-admin-token}), which /v1/status requires. */
  static String adminToken(Sandbox sandbox, String ns, String cluster) {
    var secret =
        sandbox.client().secrets().inNamespace(ns).withName(cluster + "-admin-token").get();
    return dev.orbit.operator.nodeclient.AdminToken.of(secret).orElse("");
  }

  static JsonNode nodeStatus(Sandbox sandbox, String ns, String cluster) {
    int port = port(sandbox, ns, cluster + "-nodes", "admin");
    try {
      var res =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/status"))
                      .header("Authorization", "Bearer " + adminToken(sandbox, ns, cluster))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(res.body());
    } catch (IOException e) {
      return MissingNode.getInstance();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
