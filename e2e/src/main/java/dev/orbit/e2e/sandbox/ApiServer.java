package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * The sandbox's Kubernetes API: the fabric8 mock server in CRUD mode on a localhost HTTP port,
 * extended by {@link SandboxDispatcher}, with the CRDs installed and a kubeconfig written.
 */
public final class ApiServer implements AutoCloseable {
  // the mock server logs every request through java.util.logging; held so the level sticks
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final SandboxDispatcher dispatcher;
  private final KubernetesClient client;

  private ApiServer(KubernetesMockServer server, SandboxDispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** Starts the server on {@code port} (0: any free port) and installs the CRDs in {@code crds}. */
  public static ApiServer start(int port, List<Path> crds) throws IOException {
    return start(port, crds, null);
  }

  /** As {@link #start(int, List)}; Services get cluster IPs from {@code addresses} (if given). */
  static ApiServer start(int port, List<Path> crds, Addresses addresses) throws IOException {
    var dispatcher = new SandboxDispatcher(addresses);
    var server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    server.start(InetAddress.getLoopbackAddress(), port);
    var api = new ApiServer(server, dispatcher);
    for (Path crd : crds) {
      try (var in = Files.newInputStream(crd)) {
        api.client.apiextensions().v1().customResourceDefinitions().load(in).create();
      }
      // compile the CRD's CEL rules now, not on the first request that needs them
      CelRules.compileAll(Yaml.read(Files.readString(crd)));
    }
    for (String ns : List.of("default", "kube-system")) {
      api.client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .endMetadata()
                  .withNewStatus()
                  .withPhase("Active")
                  .endStatus()
                  .build())
          .create();
    }
    return api;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** A client of this server; closed with the server. */
  public KubernetesClient client() {
    return client;
  }

  /** A fresh client config pointing at this server (namespace {@code default}). */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withHttp2Disable(true)
        .withRequestRetryBackoffLimit(3)
        .build();
  }

  /** Serves {@code kubectl logs} from this function: (namespace, pod) → log text or null. */
  void podLogs(java.util.function.BiFunction<String, String, String> logs) {
    dispatcher.podLogs(logs);
  }

  Set<String> orphanedUids() {
    return dispatcher.orphanedUids();
  }

  /** Writes a kubeconfig for kubectl with the context {@code orbit-sandbox}. */
  public Path writeKubeconfig(Path file) throws IOException {
    String yaml =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: orbit-sandbox\n"
            + "  cluster:\n"
            + "    server: "
            + url()
            + "\n"
            + "users:\n"
            + "- name: orbit-sandbox\n"
            + "  user:\n"
            + "    token: sandbox\n"
            + "contexts:\n"
            + "- name: orbit-sandbox\n"
            + "  context:\n"
            + "    cluster: orbit-sandbox\n"
            + "    user: orbit-sandbox\n"
            + "    namespace: default\n"
            + "current-context: orbit-sandbox\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml);
    return file;
  }

  /** Drops the requests the mock server records (it keeps every one), so memory stays flat. */
  void forgetRequests() {
    try {
      while (server.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
        // drained
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    client.close();
    server.shutdown();
  }
}
