package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbit.operator.OrbitOperator;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.ops.ReconcileMetrics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local sandbox that plays a Kubernetes cluster: the API server, the operator (in-process,
 * unchanged), and the controllers a cluster runs for what the operator creates (StatefulSets,
 * volumes, kubelet, garbage collection, Service forwarding). State lives in one folder: claim
 * folders, pod logs, the saved OrbitClusters (re-created by the next start), and the files that
 * {@code orbit-sandbox status} reads.
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  /** Pause between controller passes while something changes or a pod is not ready yet. */
  private static final Duration TICK = Duration.ofMillis(200);

  /** Pause between passes when nothing happens (a watch event wakes the loop earlier). */
  private static final Duration IDLE = Duration.ofSeconds(2);

  static final String CLUSTER_API = "orbit.dev/v1alpha1";
  static final String CLUSTER_KIND = "OrbitCluster";

  /** Where the sandbox keeps its state and finds its programs. */
  public record Options(Path stateDir, int apiPort, Path nodeJar, List<Path> crds) {}

  private final Options options;
  private final ApiServer api;
  private final KubernetesClient client;
  private final Operator operator;
  private final KubernetesClient operatorClient;
  private final Kubelet kubelet;
  private final StatefulSets statefulSets;
  private final Volumes volumes;
  private final GarbageCollector gc;
  private final ServiceProxy proxy;
  private final Thread loop;
  private final Semaphore changes = new Semaphore(0);
  private volatile boolean stopping;
  private String savedClusters = "";

  private Sandbox(
      Options options,
      ApiServer api,
      Operator operator,
      KubernetesClient operatorClient,
      Map<String, Integer> ports) {
    this.options = options;
    this.operatorClient = operatorClient;
    this.api = api;
    this.client = new KubernetesClientBuilder().withConfig(api.config()).build();
    this.operator = operator;
    this.kubelet = new Kubelet(client, options.stateDir(), options.nodeJar());
    this.statefulSets = new StatefulSets(client);
    this.volumes = new Volumes(client, options.stateDir());
    this.gc = new GarbageCollector(client, api.orphanedUids());
    this.proxy = new ServiceProxy(ports);
    this.loop = new Thread(this::run, "sandbox-controllers");
  }

  /** Starts everything and re-creates the OrbitClusters saved by a previous run. */
  public static Sandbox start(Options options) throws IOException {
    Path state = options.stateDir().toAbsolutePath();
    Files.createDirectories(state);
    if (!Files.isRegularFile(options.nodeJar())) {
      throw new IllegalStateException(options.nodeJar() + " is missing: build the node first");
    }
    var api = ApiServer.start(options.apiPort(), options.crds());
    Operator operator = null;
    KubernetesClient operatorClient = null;
    try {
      operatorClient = new KubernetesClientBuilder().withConfig(api.config()).build();
      operator =
          OrbitOperator.create(
              operatorClient, OperatorConfig.defaults(), new ReconcileMetrics(), Clock.systemUTC());
      operator.start();
      var sandbox =
          new Sandbox(
              options, api, operator, operatorClient, readPorts(state.resolve("ports.json")));
      api.writeKubeconfig(sandbox.kubeconfig());
      sandbox.restoreClusters();
      sandbox.loop.start();
      return sandbox;
    } catch (RuntimeException | IOException e) {
      if (operator != null) {
        operator.stop();
      }
      if (operatorClient != null) {
        operatorClient.close();
      }
      api.close();
      throw e;
    }
  }

  public Path stateDir() {
    return options.stateDir().toAbsolutePath();
  }

  public Path kubeconfig() {
    return stateDir().resolve("kubeconfig");
  }

  /** A client of the sandbox's API server (namespace {@code default}); closed with the sandbox. */
  public KubernetesClient client() {
    return client;
  }

  public String apiUrl() {
    return api.url();
  }

  /** The folder of a claim. */
  public Path volume(String namespace, String claim) {
    return Volumes.folder(stateDir(), namespace, claim);
  }

  /** The local port forwarded to a Service port (by name, e.g. {@code redis}), once it exists. */
  public Optional<Integer> localPort(String namespace, String service, String portName) {
    return proxy.endpoints().stream()
        .filter(
            e ->
                e.namespace().equals(namespace)
                    && e.service().equals(service)
                    && e.portName().equals(portName))
        .map(ServiceProxy.Endpoint::localPort)
        .findFirst();
  }

  /** The pid of a pod's running process, or -1. */
  public long pid(String namespace, String pod) {
    PodProcess p = kubelet.process(namespace + "/" + pod);
    return p == null ? -1 : p.pid();
  }

  /** The local admin port of a pod's process, or -1. */
  public int adminPort(String namespace, String pod) {
    PodProcess p = kubelet.process(namespace + "/" + pod);
    return p == null ? -1 : p.adminPort;
  }

  /** Lines like {@code redis: localhost:NNNNN -> demo-rw (default)}. */
  public List<String> endpointLines() {
    var lines = new ArrayList<String>();
    for (var e : proxy.endpoints()) {
      lines.add(
          e.portName()
              + ": localhost:"
              + e.localPort()
              + " -> "
              + e.service()
              + (e.namespace().equals("default") ? "" : " (namespace " + e.namespace() + ")"));
    }
    return lines;
  }

  /** Waits until every OrbitCluster reports condition Ready=True; false on timeout. */
  public boolean awaitClustersReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var clusters =
          client
              .genericKubernetesResources(CLUSTER_API, CLUSTER_KIND)
              .inAnyNamespace()
              .list()
              .getItems();
      boolean all = true;
      for (var c : clusters) {
        var status = JSON.valueToTree(c.getAdditionalProperties().get("status"));
        boolean ready = false;
        for (var cond : status.path("conditions")) {
          ready |=
              "Ready".equals(cond.path("type").asText())
                  && "True".equals(cond.path("status").asText());
        }
        all &= ready;
      }
      if (all) {
        Thread.sleep(2 * TICK.toMillis()); // let the proxy pick up the ready pods
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** How to reach each read-write Service with its protocol's usual client. */
  public List<String> connectHints() {
    var lines = new ArrayList<String>();
    for (var e : proxy.endpoints()) {
      if (!e.service().endsWith("-rw")) {
        continue;
      }
      String ns = e.namespace().equals("default") ? "" : " (namespace " + e.namespace() + ")";
      switch (e.portName()) {
        case "redis" -> lines.add("redis-cli -p " + e.localPort() + "   # " + e.service() + ns);
        case "postgres" ->
            lines.add(
                "psql -h localhost -p " + e.localPort() + " -U orbit   # " + e.service() + ns);
        default -> {}
      }
    }
    return lines;
  }

  /** Wakes the controller loop on any change of the kinds the controllers act on. */
  private List<Watch> watchChanges() {
    Watcher<Object> wake =
        new Watcher<>() {
          @Override
          public void eventReceived(Action action, Object resource) {
            changes.release();
          }

          @Override
          public void onClose(WatcherException cause) {}
        };
    @SuppressWarnings({"unchecked", "rawtypes"})
    Watcher raw = wake;
    var watches = new ArrayList<Watch>();
    watches.add(client.pods().inAnyNamespace().watch(raw));
    watches.add(client.apps().statefulSets().inAnyNamespace().watch(raw));
    watches.add(client.persistentVolumeClaims().inAnyNamespace().watch(raw));
    watches.add(client.services().inAnyNamespace().watch(raw));
    watches.add(
        client.genericKubernetesResources(CLUSTER_API, CLUSTER_KIND).inAnyNamespace().watch(raw));
    return watches;
  }

  private void run() {
    List<Watch> watches = watchChanges();
    try {
      loop();
    } finally {
      watches.forEach(Watch::close);
    }
  }

  private void loop() {
    while (!stopping) {
      try {
        tick();
      } catch (Exception e) {
        if (!stopping) {
          LOG.warn("controller tick failed: {}", e.toString());
        }
      }
      try {
        Thread.sleep(TICK.toMillis());
        if (kubelet.allReady()) {
          changes.tryAcquire(IDLE.toMillis(), TimeUnit.MILLISECONDS);
        }
        changes.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void tick() throws IOException {
    var sets = client.apps().statefulSets().inAnyNamespace().list().getItems();
    var pods = client.pods().inAnyNamespace().list().getItems();
    var claims = client.persistentVolumeClaims().inAnyNamespace().list().getItems();
    volumes.tick(claims);
    statefulSets.tick(sets, pods, claims);
    gc.tick();
    pods = client.pods().inAnyNamespace().list().getItems();
    kubelet.tick(pods);
    pods = client.pods().inAnyNamespace().list().getItems();
    proxy.tick(client.services().inAnyNamespace().list().getItems(), pods, kubelet::process);
    saveClusters();
    writeStatusFiles(pods);
    api.forgetRequests();
  }

  /**
   * Saves each OrbitCluster (metadata name, namespace, labels, annotations; spec) for the next run.
   */
  private void saveClusters() throws IOException {
    var saved = JSON.createArrayNode();
    for (GenericKubernetesResource c :
        client
            .genericKubernetesResources(CLUSTER_API, CLUSTER_KIND)
            .inAnyNamespace()
            .list()
            .getItems()) {
      ObjectNode o = saved.addObject().put("apiVersion", CLUSTER_API).put("kind", CLUSTER_KIND);
      ObjectNode meta = o.putObject("metadata");
      meta.put("name", c.getMetadata().getName()).put("namespace", c.getMetadata().getNamespace());
      if (c.getMetadata().getLabels() != null) {
        meta.set("labels", JSON.valueToTree(c.getMetadata().getLabels()));
      }
      var annotations =
          new LinkedHashMap<>(
              Optional.ofNullable(c.getMetadata().getAnnotations()).orElse(Map.of()));
      if (!annotations.isEmpty()) {
        meta.set("annotations", JSON.valueToTree(annotations));
      }
      o.set("spec", JSON.valueToTree(c.getAdditionalProperties().get("spec")));
    }
    String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(saved);
    if (!text.equals(savedClusters)) {
      Path file = stateDir().resolve("clusters.json");
      Path tmp = stateDir().resolve("clusters.json.tmp");
      Files.writeString(tmp, text);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      savedClusters = text;
    }
  }

  private void restoreClusters() throws IOException {
    Path file = stateDir().resolve("clusters.json");
    if (!Files.isRegularFile(file)) {
      return;
    }
    for (var c : JSON.readTree(Files.readString(file))) {
      var r = JSON.treeToValue(c, GenericKubernetesResource.class);
      client
          .genericKubernetesResources(CLUSTER_API, CLUSTER_KIND)
          .inNamespace(r.getMetadata().getNamespace())
          .resource(r)
          .create();
      LOG.info("restored cluster {}/{}", r.getMetadata().getNamespace(), r.getMetadata().getName());
    }
  }

  private void writeStatusFiles(List<Pod> pods) throws IOException {
    ObjectNode ports = JSON.createObjectNode();
    proxy.endpoints().forEach(e -> ports.put(e.key(), e.localPort()));
    writeIfChanged(
        stateDir().resolve("ports.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ports));
    var lines = new ArrayList<String>();
    lines.add("api: " + api.url());
    lines.add("kubeconfig: " + kubeconfig());
    lines.addAll(endpointLines());
    for (Pod p : pods) {
      PodProcess proc = kubelet.process(Kubelet.key(p));
      lines.add(
          "pod "
              + Kubelet.key(p)
              + ": "
              + (StatefulSets.ready(p) ? "ready" : "not ready")
              + (proc == null ? "" : " pid " + proc.pid() + " log " + proc.log));
    }
    writeIfChanged(stateDir().resolve("status.txt"), String.join("\n", lines) + "\n");
  }

  private static void writeIfChanged(Path file, String text) throws IOException {
    if (!Files.isRegularFile(file) || !Files.readString(file).equals(text)) {
      Files.writeString(file, text);
    }
  }

  private static Map<String, Integer> readPorts(Path file) throws IOException {
    var map = new LinkedHashMap<String, Integer>();
    if (Files.isRegularFile(file)) {
      JSON.readTree(Files.readString(file))
          .fields()
          .forEachRemaining(e -> map.put(e.getKey(), e.getValue().asInt()));
    }
    return map;
  }

  /** Stops the controllers, the operator, every node process and the API server. */
  @Override
  public void close() {
    stopping = true;
    try {
      loop.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      operator.stop();
    } catch (RuntimeException e) {
      LOG.warn("operator stop: {}", e.toString());
    }
    operatorClient.close();
    kubelet.stopAll();
    proxy.close();
    client.close();
    api.close();
    try {
      Files.deleteIfExists(stateDir().resolve("status.txt"));
    } catch (IOException e) {
      // best effort
    }
  }
}
