package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * Pods in the sandbox as on a cluster: each has an address of its own on which the node listens on
 * its real container ports, the kubelet's environment, and names that resolve in a node JVM (pods
 * of the headless Service, Services by cluster IP), following pods as they come and go.
 */
@ExtendWith(SandboxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodNetworkE2E {
  static final String NS = "net";
  static final String C = "orbit-net";
  static final Duration READY = Duration.ofSeconds(120);

  static Sandbox sandbox;
  static KubernetesClient client;

  @BeforeAll
  static void createCluster() {
    sandbox = SandboxExtension.sandbox();
    client = sandbox.client();
    client
        .resource(
            Clusters.load(
                client,
                "minimal.yaml",
                NS,
                c -> {
                  c.getMetadata().setName(C);
                  c.getSpec().setReplicas(2);
                  return c;
                }))
        .create();
  }

  @AfterAll
  static void deleteCluster() {
    client.resources(OrbitCluster.class).inNamespace(NS).delete();
  }

  @Test
  @Order(1)
  void everyPodListensOnItsRealPortsOnAnAddressOfItsOwn() throws Exception {
    Clusters.awaitReady(client, NS, C, READY);
    String ip0 = podIp(C + "-0");
    String ip1 = podIp(C + "-1");
    assertNotEquals(ip0, ip1);
    for (String ip : List.of(ip0, ip1)) {
      assertTrue(ip.startsWith("127.") && !ip.startsWith("127.0."), ip);
      try (Jedis redis = new Jedis(ip, 6379, 30_000)) {
        redis.auth(Clusters.password(client, NS, C));
        assertEquals("PONG", redis.ping());
      }
      var res =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/readyz")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, res.statusCode());
    }
  }

  @Test
  @Order(2)
  void podsGetTheKubeletsEnvironment() throws IOException {
    Path environ = Path.of("/proc/" + sandbox.pid(NS, C + "-1") + "/environ");
    if (!Files.isReadable(environ)) {
      return; // not Linux
    }
    List<String> env = Arrays.asList(Files.readString(environ).split("\0"));
    assertTrue(env.contains("POD_NAME=" + C + "-1"), env.toString());
    assertTrue(env.contains("POD_NAMESPACE=" + NS), env.toString());
    assertTrue(env.contains("POD_IP=" + podIp(C + "-1")), env.toString());
    assertTrue(
        env.stream().anyMatch(e -> e.startsWith("KUBERNETES_SERVICE_HOST=")), env.toString());
  }

  @Test
  @Order(3)
  void namesResolveInANodeJvmAsInClusterDns() throws Exception {
    String ip0 = podIp(C + "-0");
    String ip1 = podIp(C + "-1");
    String rwIp =
        client.services().inNamespace(NS).withName(C + "-rw").get().getSpec().getClusterIP();
    assertTrue(rwIp.startsWith("127."), rwIp);
    assertEquals(
        "None",
        client.services().inNamespace(NS).withName(C + "-nodes").get().getSpec().getClusterIP());
    String pod1 = C + "-1." + C + "-nodes." + NS + ".svc";
    Map<String, String> answers =
        resolve(
            C + "-0",
            "localhost",
            pod1,
            pod1 + ".cluster.local",
            C + "-nodes." + NS + ".svc",
            C + "-rw",
            C + "-rw." + NS + ".svc.cluster.local",
            "nosuch." + NS + ".svc",
            "redis://" + C + "-rw." + NS + ".svc:6379",
            "redis://" + pod1 + ":6379");
    assertEquals("127.0.0.1", answers.get("localhost"));
    assertEquals(ip1, answers.get(pod1));
    assertEquals(ip1, answers.get(pod1 + ".cluster.local"));
    assertEquals(
        String.join(",", List.of(ip0, ip1).stream().sorted().toList()),
        answers.get(C + "-nodes." + NS + ".svc"));
    assertEquals(rwIp, answers.get(C + "-rw"));
    assertEquals(rwIp, answers.get(C + "-rw." + NS + ".svc.cluster.local"));
    assertEquals("?", answers.get("nosuch." + NS + ".svc"));
    // reached by name: the node answers (and, as the cluster has a password, asks for it)
    assertEquals(
        "-NOAUTH Authentication required.",
        answers.get("redis://" + C + "-rw." + NS + ".svc:6379"));
    assertEquals("-NOAUTH Authentication required.", answers.get("redis://" + pod1 + ":6379"));
  }

  @Test
  @Order(4)
  void aRecreatedPodGetsANewAddressAndItsNameFollows() throws Exception {
    Pod before = client.pods().inNamespace(NS).withName(C + "-1").get();
    String oldIp = before.getStatus().getPodIP();
    client.pods().inNamespace(NS).withName(C + "-1").delete();
    Clusters.until(
        READY,
        () -> {
          Pod p = client.pods().inNamespace(NS).withName(C + "-1").get();
          return p != null
              && !p.getMetadata().getUid().equals(before.getMetadata().getUid())
              && StatefulSets.ready(p);
        },
        () -> "pod " + C + "-1 was not re-created and ready");
    String newIp = podIp(C + "-1");
    assertNotEquals(oldIp, newIp);
    String pod1 = C + "-1." + C + "-nodes." + NS + ".svc";
    Clusters.until(
        Duration.ofSeconds(30),
        () -> newIp.equals(resolveQuietly(C + "-0", pod1).get(pod1)),
        () -> pod1 + " does not resolve to the new address " + newIp);
  }

  private static String podIp(String pod) {
    Pod p = client.pods().inNamespace(NS).withName(pod).get();
    String ip = p.getStatus().getPodIP();
    assertEquals(sandbox.podIp(NS, pod), ip);
    return ip;
  }

  private static Map<String, String> resolveQuietly(String pod, String... names) {
    try {
      return resolve(pod, names);
    } catch (IOException | InterruptedException e) {
      return Map.of();
    }
  }

  /** Runs {@link ResolveMain} in a JVM that resolves names as the pod's node JVM does. */
  private static Map<String, String> resolve(String pod, String... names)
      throws IOException, InterruptedException {
    Path podDir = sandbox.stateDir().resolve("pods").resolve(NS).resolve(pod);
    var cmd = new ArrayList<String>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Djdk.net.hosts.file=" + podDir.resolve("hosts"));
    cmd.add("-Djava.security.properties=" + podDir.resolve("java.security"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ResolveMain.class.getName());
    cmd.addAll(List.of(names));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "resolver did not finish");
    var answers = new LinkedHashMap<String, String>();
    for (String line : out.split("\n")) {
      int eq = line.lastIndexOf('=');
      if (eq > 0) {
        answers.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return answers;
  }
}
