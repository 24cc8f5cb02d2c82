package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.operator.OrbitOperator;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.ops.ReconcileMetrics;
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
  private final SavedClusters savedClusters;
  private final Addresses addresses;
  private final Thread loop;
  private final Semaphore changes = new Semaphore(0);

  /** Controller passes completed: one that starts after a change has acted on it. */
  private final java.util.concurrent.atomic.AtomicLong passes =
      new java.util.concurrent.atomic.AtomicLong();

  private volatile S3Endpoint s3;
  private volatile boolean stopping;

  private Sandbox(
      Options options,
      ApiServer api,
      Operator operator,
      KubernetesClient operatorClient,
      Map<String, Integer> ports,
      Addresses addresses) {
    this.options = options;
    this.addresses = addresses;
    this.operatorClient = operatorClient;
    this.api = api;
    this.client = new KubernetesClientBuilder().withConfig(api.config()).build();
    this.operator = operator;
    this.kubelet = new Kubelet(client, options.stateDir(), options.nodeJar(), addresses, api.url());
    this.statefulSets = new StatefulSets(client);
    this.volumes = new Volumes(client, options.stateDir());
    this.gc = new GarbageCollector(client, api.orphanedUids());
    this.proxy = new ServiceProxy(ports);
    this.savedClusters = new SavedClusters(client, stateDir().resolve("clusters.json"));
    this.loop = new Thread(this::run, "sandbox-controllers");
  }

  /** Starts everything and re-creates the OrbitClusters saved by a previous run. */
  public static Sandbox start(Options options) throws IOException {
    Path state = options.stateDir().toAbsolutePath();
    Files.createDirectories(state);
    if (!Files.isRegularFile(options.nodeJar())) {
      throw new IllegalStateException(options.nodeJar() + " is missing: build the node first");
    }
    var addresses = Addresses.claim(state);
    ApiServer api;
    try {
      api = ApiServer.start(options.apiPort(), options.crds(), addresses);
    } catch (IOException | RuntimeException e) {
      addresses.close();
      throw e;
    }
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
              options, api, operator, operatorClient, StatusFiles.readPorts(state), addresses);
      api.writeKubeconfig(sandbox.kubeconfig());
      api.podLogs(sandbox::podLog);
      sandbox.s3 = SandboxS3.start(state);
      sandbox.savedClusters.restore();
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
      addresses.close();
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

  /** The sandbox's S3 endpoint for backups (bucket {@code backups}). */
  public S3Endpoint s3() {
    return s3;
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

  /** The log of a pod's process (all its runs), or null when the pod never ran here. */
  String podLog(String namespace, String pod) {
    Path log = stateDir().resolve("pods").resolve(namespace).resolve(pod).resolve("node.log");
    try {
      return Files.isRegularFile(log) ? Files.readString(log) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The address of a pod's process (its pod IP), or null. */
  public String podIp(String namespace, String pod) {
    PodProcess p = kubelet.process(namespace + "/" + pod);
    return p == null ? null : p.ip;
  }

  /** Lines like {@code redis: localhost:NNNNN -> demo-rw (default)}. */
  public List<String> endpointLines() {
    return StatusFiles.endpointLines(proxy);
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
        // the proxy picks up the ready pods in a pass that starts after this one (2 completions)
        long seen = passes.get();
        while (passes.get() < seen + 2 && System.nanoTime() < deadline) {
          changes.release(); // wakes an idle loop
          Thread.sleep(50);
        }
        return passes.get() >= seen + 2;
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
        case "redis" ->
            lines.add("redis-cli -p " + e.localPort() + " --askpass   # " + e.service() + ns);
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
        passes.incrementAndGet();
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
    var services = client.services().inAnyNamespace().list().getItems();
    kubelet.prepare(pods);
    ClusterDns.write(pods, services, kubelet::process);
    kubelet.run(pods);
    pods = client.pods().inAnyNamespace().list().getItems();
    proxy.tick(services, pods, kubelet::process);
    savedClusters.save();
    StatusFiles.write(stateDir(), api.url(), kubeconfig(), proxy, kubelet, pods);
    api.forgetRequests();
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
    SandboxS3.stop(s3);
    client.close();
    api.close();
    addresses.close();
    try {
      Files.deleteIfExists(stateDir().resolve("status.txt"));
    } catch (IOException e) {
      // best effort
    }
  }
}
