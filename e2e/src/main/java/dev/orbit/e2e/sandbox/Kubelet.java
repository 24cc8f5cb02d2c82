package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet: runs every pod as a local orbit-node process with the pod's config, its claims
 * as folders of the state directory and its ports on free local ports; restarts exited processes,
 * stops the process of a deleted pod, and writes pod status from {@code /readyz}.
 */
final class Kubelet {
  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
  private static final String[] DIR_KEYS = {"walDir", "hotDir", "warmDir", "coldDir"};

  private final KubernetesClient client;
  private final Path stateDir;
  private final Path nodeJar;
  private final Map<String, PodProcess> running = new ConcurrentHashMap<>();

  Kubelet(KubernetesClient client, Path stateDir, Path nodeJar) {
    this.client = client;
    this.stateDir = stateDir;
    this.nodeJar = nodeJar;
  }

  static String key(Pod p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  /** The process of a pod (namespace/name), or null. */
  PodProcess process(String podKey) {
    return running.get(podKey);
  }

  void tick(List<Pod> pods) {
    var wanted = new LinkedHashMap<String, Pod>();
    pods.forEach(p -> wanted.put(key(p), p));
    // stop first, so a re-created pod never runs beside its predecessor on the same folders
    for (var e : new ArrayList<>(running.entrySet())) {
      Pod p = wanted.get(e.getKey());
      if (p == null || !p.getMetadata().getUid().equals(e.getValue().uid)) {
        LOG.info("stopping pod {} pid={}", e.getKey(), e.getValue().pid());
        e.getValue().stop(Duration.ofSeconds(20));
        running.remove(e.getKey());
      }
    }
    for (Pod p : wanted.values()) {
      try {
        sync(p);
      } catch (KubernetesClientException | IOException | UncheckedIOException e) {
        LOG.warn("pod {}: {}", key(p), e.getMessage());
      }
    }
  }

  private void sync(Pod pod) throws IOException {
    PodProcess proc = running.get(key(pod));
    if (proc == null) {
      proc = prepare(pod);
      if (proc == null) {
        return;
      }
      running.put(key(pod), proc);
    }
    if (!proc.alive() && Instant.now().isAfter(proc.nextStart)) {
      if (proc.startedAt != null) {
        proc.restarts++;
        LOG.warn("pod {} exited; restart #{} (log {})", key(pod), proc.restarts, proc.log);
      }
      proc.nextStart = Instant.now().plusSeconds(Math.min(30, 2L << Math.min(proc.restarts, 4)));
      proc.start();
      LOG.info("started pod {} pid={} ports={}", key(pod), proc.pid(), proc.ports);
    }
    writeStatus(pod, proc);
  }

  private PodProcess prepare(Pod pod) throws IOException {
    Container c = pod.getSpec().getContainers().get(0);
    if (c.getImage() == null || !c.getImage().contains("orbit-node")) {
      LOG.warn("pod {}: image {} cannot run in the sandbox", key(pod), c.getImage());
      return null;
    }
    Path podDir =
        stateDir
            .resolve("pods")
            .resolve(pod.getMetadata().getNamespace())
            .resolve(pod.getMetadata().getName());
    Files.createDirectories(podDir);
    Map<String, Path> mounts = mounts(pod, c, podDir);
    if (mounts == null) {
      return null;
    }
    var args = new ArrayList<String>();
    String configFile = null;
    for (int i = 0; i < c.getArgs().size(); i++) {
      String a = translate(c.getArgs().get(i), mounts);
      args.add(a);
      if (i > 0 && c.getArgs().get(i - 1).equals("--config")) {
        configFile = a;
      }
    }
    JsonNode config =
        configFile == null ? Yaml.read("{}") : Yaml.read(Files.readString(Path.of(configFile)));
    var ports = new LinkedHashMap<Integer, Integer>();
    var names = new LinkedHashMap<String, Integer>();
    for (ContainerPort p : c.getPorts()) {
      if (p.getName() != null) {
        names.put(p.getName(), p.getContainerPort());
      }
    }
    var sets = new ArrayList<String>();
    sets.add("bindAddress=127.0.0.1");
    sets.add("dataDir=" + translate(config.path("dataDir").asText("/var/lib/orbit"), mounts));
    for (String k : DIR_KEYS) {
      JsonNode v = config.path("storage").path(k);
      if (v.isTextual()) {
        sets.add("storage." + k + "=" + translate(v.asText(), mounts));
      }
    }
    var it = config.path("protocols").fields();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().path("enabled").asBoolean(false)) {
        int local = Ports.free();
        ports.put(e.getValue().path("port").asInt(), local);
        sets.add("protocols." + e.getKey() + ".port=" + local);
      }
    }
    int admin = Ports.free();
    ports.put(config.path("admin").path("port").asInt(8080), admin);
    sets.add("admin.port=" + admin);

    var cmd = new ArrayList<String>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(podDir.resolve("tmp")));
    cmd.add("-jar");
    cmd.add(nodeJar.toString());
    cmd.addAll(args);
    for (String s : sets) {
      cmd.add("--set");
      cmd.add(s);
    }
    return new PodProcess(
        pod.getMetadata().getUid(),
        cmd,
        env(pod, c),
        podDir.resolve("node.log"),
        ports,
        names,
        admin);
  }

  /** mountPath → local folder; the config map's keys are written into its folder. */
  private Map<String, Path> mounts(Pod pod, Container c, Path podDir) throws IOException {
    String ns = pod.getMetadata().getNamespace();
    var byName = new LinkedHashMap<String, Volume>();
    pod.getSpec().getVolumes().forEach(v -> byName.put(v.getName(), v));
    var mounts = new LinkedHashMap<String, Path>();
    mounts.put("", Files.createDirectories(podDir.resolve("rootfs")));
    for (VolumeMount m : c.getVolumeMounts()) {
      Volume v = byName.get(m.getName());
      Path local;
      if (v == null) {
        LOG.warn("pod {}: volume {} is not defined", key(pod), m.getName());
        return null;
      } else if (v.getPersistentVolumeClaim() != null) {
        local = Volumes.folder(stateDir, ns, v.getPersistentVolumeClaim().getClaimName());
        if (!Files.isDirectory(local)) {
          LOG.info(
              "pod {}: waiting for claim {}",
              key(pod),
              v.getPersistentVolumeClaim().getClaimName());
          return null;
        }
      } else if (v.getConfigMap() != null) {
        ConfigMap cm =
            client.configMaps().inNamespace(ns).withName(v.getConfigMap().getName()).get();
        if (cm == null) {
          LOG.info("pod {}: waiting for config map {}", key(pod), v.getConfigMap().getName());
          return null;
        }
        local = Files.createDirectories(podDir.resolve("mounts").resolve(m.getName()));
        for (var e : cm.getData().entrySet()) {
          Files.writeString(local.resolve(e.getKey()), e.getValue());
        }
      } else {
        local = Files.createDirectories(podDir.resolve("mounts").resolve(m.getName()));
      }
      mounts.put(m.getMountPath(), local);
    }
    return mounts;
  }

  private static String translate(String path, Map<String, Path> mounts) {
    if (!path.startsWith("/")) {
      return path;
    }
    String best = null;
    for (String mp : mounts.keySet()) {
      if (!mp.isEmpty()
          && (path.equals(mp) || path.startsWith(mp + "/"))
          && (best == null || mp.length() > best.length())) {
        best = mp;
      }
    }
    if (best == null) {
      // not on a volume: the container's own (scratch) filesystem
      return mounts.get("").toString() + path;
    }
    String rest = path.substring(best.length());
    return mounts.get(best).toString() + rest;
  }

  private Map<String, String> env(Pod pod, Container c) {
    var env = new LinkedHashMap<String, String>();
    for (EnvVar e : c.getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      } else if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        var ref = e.getValueFrom().getSecretKeyRef();
        Secret s =
            client
                .secrets()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(ref.getName())
                .get();
        String v = null;
        if (s != null && s.getData() != null && s.getData().get(ref.getKey()) != null) {
          v =
              new String(
                  Base64.getDecoder().decode(s.getData().get(ref.getKey())),
                  StandardCharsets.UTF_8);
        } else if (s != null && s.getStringData() != null) {
          v = s.getStringData().get(ref.getKey());
        }
        if (v != null) {
          env.put(e.getName(), v);
        }
      }
    }
    return env;
  }

  private void writeStatus(Pod pod, PodProcess proc) {
    boolean ready = proc.ready();
    proc.lastReady = ready;
    PodStatus old = pod.getStatus();
    boolean wasReady =
        old != null
            && old.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    int oldRestarts =
        old == null || old.getContainerStatuses().isEmpty()
            ? -1
            : old.getContainerStatuses().get(0).getRestartCount();
    boolean oldRunning = old != null && "Running".equals(old.getPhase());
    if (ready == wasReady && oldRestarts == proc.restarts && oldRunning) {
      return;
    }
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String started =
        proc.startedAt == null ? now : proc.startedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    var conditions = new ArrayList<PodCondition>();
    for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
      boolean v = type.equals("PodScheduled") || type.equals("Initialized") || ready;
      conditions.add(
          new PodConditionBuilder()
              .withType(type)
              .withStatus(v ? "True" : "False")
              .withLastTransitionTime(now)
              .build());
    }
    Container c = pod.getSpec().getContainers().get(0);
    pod.setStatus(
        new PodStatusBuilder()
            .withPhase("Running")
            .withHostIP("127.0.0.1")
            .withPodIP("127.0.0.1")
            .withStartTime(started)
            .withConditions(conditions)
            .addNewContainerStatus()
            .withName(c.getName())
            .withImage(c.getImage())
            .withImageID(c.getImage())
            .withContainerID("sandbox://" + proc.pid())
            .withReady(ready)
            .withStarted(proc.alive())
            .withRestartCount(proc.restarts)
            .withNewState()
            .withNewRunning(started)
            .endState()
            .endContainerStatus()
            .build());
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.debug("pod {} status: {}", key(pod), e.getMessage()); // conflict: next tick
    }
  }

  /** Whether every process runs and answered ready at the last pass. */
  boolean allReady() {
    return running.values().stream().allMatch(p -> p.lastReady);
  }

  /** Stops every process (sandbox shutdown). */
  void stopAll() {
    running.values().parallelStream().forEach(p -> p.stop(Duration.ofSeconds(20)));
    running.clear();
  }

  /** Pods whose processes run, for the status file. */
  Map<String, PodProcess> running() {
    return Map.copyOf(running);
  }
}
