package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a pod into an orbit-node command line: the config map written to a folder, every path of
 * the node's config mapped onto the pod's volumes (claims are folders of the state directory), a
 * loopback address of its own ({@code bindAddress}) on which it listens on its real container
 * ports, a hosts file for cluster names, its memory limit, and the kubelet's environment.
 */
final class PodLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(PodLauncher.class);
  private static final String[] DIR_KEYS = {"walDir", "hotDir", "warmDir", "coldDir"};

  private final KubernetesClient client;
  private final Path stateDir;
  private final Path nodeJar;
  private final Addresses addresses;
  private final PodEnv podEnv;
  private final Map<String, String> ips = new java.util.concurrent.ConcurrentHashMap<>();

  PodLauncher(
      KubernetesClient client,
      Path stateDir,
      Path nodeJar,
      Addresses addresses,
      String apiServerUrl) {
    this.client = client;
    this.stateDir = stateDir;
    this.nodeJar = nodeJar;
    this.addresses = addresses;
    this.podEnv = new PodEnv(client, apiServerUrl);
  }

  /**
   * Stops node processes a previous sandbox left running (it was killed without cleaning up): they
   * would hold the locks of the claim folders. Only processes whose command line names this state
   * directory are touched.
   */
  void stopLeftovers() {
    Path pods = stateDir.resolve("pods");
    if (!Files.isDirectory(pods)) {
      return;
    }
    try (Stream<Path> files = Files.walk(pods, 3)) {
      for (Path pidFile : files.filter(p -> p.getFileName().toString().equals("pid")).toList()) {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(pid)
            .filter(h -> h.info().commandLine().orElse("").contains(pidFile.getParent().toString()))
            .ifPresent(
                h -> {
                  LOG.warn("stopping node process {} left by a previous run", pid);
                  h.destroy();
                  h.onExit()
                      .orTimeout(20, java.util.concurrent.TimeUnit.SECONDS)
                      .exceptionally(
                          e -> {
                            h.destroyForcibly();
                            return h;
                          })
                      .join();
                });
        Files.deleteIfExists(pidFile);
      }
    } catch (IOException | NumberFormatException e) {
      LOG.warn("cannot check for leftover node processes: {}", e.toString());
    }
  }

  /** The address of a pod (by uid) once it has one, else null. */
  String ip(String uid) {
    return ips.get(uid);
  }

  /** Forgets the address of a pod that is gone; it is never handed out again. */
  void forget(String uid) {
    ips.remove(uid);
  }

  /**
   * The process of a pod, ready to start, on a new address of its own.
   *
   * @throws Waiting while the container cannot start: a claim or ConfigMap missing, an image the
   *     sandbox cannot run, a Secret the environment needs missing
   */
  PodProcess prepare(Pod pod) throws IOException, Waiting {
    Container c = pod.getSpec().getContainers().get(0);
    if (c.getImage() == null || !c.getImage().contains("orbit-node")) {
      throw new Waiting(
          "ErrImagePull",
          "image " + c.getImage() + " cannot run in the sandbox (it runs orbit-node images)");
    }
    Path podDir =
        stateDir
            .resolve("pods")
            .resolve(pod.getMetadata().getNamespace())
            .resolve(pod.getMetadata().getName());
    Files.createDirectories(podDir);
    Map<String, Path> mounts = mounts(pod, c, podDir);
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
    var names = new LinkedHashMap<String, Integer>();
    var ports = new ArrayList<Integer>();
    for (ContainerPort p : c.getPorts()) {
      ports.add(p.getContainerPort());
      if (p.getName() != null) {
        names.put(p.getName(), p.getContainerPort());
      }
    }
    // the pod's sandbox keeps its address while the container waits or restarts
    String ip = ips.computeIfAbsent(pod.getMetadata().getUid(), uid -> addresses.allocate(ports));
    var sets = new ArrayList<String>();
    // the node listens on the pod's own address, on its container ports as in the config
    sets.add("bindAddress=" + ip);
    sets.add("dataDir=" + translate(config.path("dataDir").asText("/var/lib/orbit"), mounts));
    for (String k : DIR_KEYS) {
      JsonNode v = config.path("storage").path(k);
      if (v.isTextual()) {
        sets.add("storage." + k + "=" + translate(v.asText(), mounts));
      }
    }
    Path hosts = podDir.resolve("hosts");
    Path security = podDir.resolve("java.security");
    Files.writeString(security, ClusterDns.SECURITY_PROPERTIES);
    var cmd = new ArrayList<String>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(memory(c));
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(podDir.resolve("tmp")));
    cmd.add("-Djdk.net.hosts.file=" + hosts);
    cmd.add("-Djava.security.properties=" + security);
    cmd.add("-jar");
    cmd.add(nodeJar.toString());
    cmd.addAll(args);
    for (String s : sets) {
      cmd.add("--set");
      cmd.add(s);
    }
    Map<String, String> env = podEnv.resolve(pod, c, ip);
    var probe = c.getReadinessProbe() == null ? null : c.getReadinessProbe().getHttpGet();
    int probePort = -1;
    if (probe != null && probe.getPort() != null) {
      probePort =
          probe.getPort().getStrVal() != null
              ? names.getOrDefault(probe.getPort().getStrVal(), -1)
              : probe.getPort().getIntVal();
    }
    var proc =
        new PodProcess(
            pod.getMetadata().getUid(),
            cmd,
            env,
            podDir.resolve("node.log"),
            ip,
            hosts,
            names,
            probe == null ? null : probe.getPath(),
            probePort);
    proc.prober =
        new Prober(
            Prober.Spec.of("Startup", c.getStartupProbe(), names),
            Prober.Spec.of("Liveness", c.getLivenessProbe(), names));
    for (Container init : pod.getSpec().getInitContainers()) {
      Map<String, Path> initMounts = mounts(pod, init, podDir);
      var initCmd = new ArrayList<>(cmd.subList(0, cmd.indexOf("-jar") + 2));
      initCmd.addAll(initArgs(init, initMounts));
      proc.inits.add(Map.entry(initCmd, podEnv.resolve(pod, init, ip)));
    }
    return proc;
  }

  /**
   * An init container's orbit-node arguments (e.g. {@code restore}) with its paths, {@code file://}
   * URIs included, and its config's storage folders mapped onto the pod's volumes.
   */
  private static List<String> initArgs(Container c, Map<String, Path> mounts) throws IOException {
    var args = new ArrayList<String>();
    String configFile = null;
    for (int i = 0; i < c.getArgs().size(); i++) {
      String a = c.getArgs().get(i);
      String t =
          a.startsWith("file://")
              ? "file://" + translate(a.substring("file://".length()), mounts)
              : translate(a, mounts);
      args.add(t);
      if (i > 0 && c.getArgs().get(i - 1).equals("--config")) {
        configFile = t;
      }
    }
    JsonNode config =
        configFile == null ? Yaml.read("{}") : Yaml.read(Files.readString(Path.of(configFile)));
    args.add("--set");
    args.add("dataDir=" + translate(config.path("dataDir").asText("/var/lib/orbit"), mounts));
    for (String k : DIR_KEYS) {
      JsonNode v = config.path("storage").path(k);
      if (v.isTextual()) {
        args.add("--set");
        args.add("storage." + k + "=" + translate(v.asText(), mounts));
      }
    }
    return args;
  }

  /**
   * The container's memory limit as the JVM's memory ({@code -XX:MaxRAM}, with the image's {@code
   * -XX:MaxRAMPercentage=50}); a JVM that runs out of it exits, as the kernel would kill a
   * container over its limit. Without a limit, a 256 MiB heap.
   */
  private static List<String> memory(Container c) {
    var limits = c.getResources() == null ? null : c.getResources().getLimits();
    Quantity limit = limits == null ? null : limits.get("memory");
    if (limit == null) {
      return List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
    }
    long bytes = Quantity.getAmountInBytes(limit).longValue();
    return List.of("-XX:MaxRAM=" + bytes, "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError");
  }

  /** mountPath → local folder; the config map's keys are written into its folder. */
  private Map<String, Path> mounts(Pod pod, Container c, Path podDir) throws IOException, Waiting {
    String ns = pod.getMetadata().getNamespace();
    var byName = new LinkedHashMap<String, Volume>();
    pod.getSpec().getVolumes().forEach(v -> byName.put(v.getName(), v));
    var mounts = new LinkedHashMap<String, Path>();
    mounts.put("", Files.createDirectories(podDir.resolve("rootfs")));
    for (VolumeMount m : c.getVolumeMounts()) {
      Volume v = byName.get(m.getName());
      Path local;
      if (v == null) {
        throw new Waiting("CreateContainerConfigError", "volume " + m.getName() + " not found");
      } else if (v.getPersistentVolumeClaim() != null) {
        local = Volumes.folder(stateDir, ns, v.getPersistentVolumeClaim().getClaimName());
        if (!Files.isDirectory(local)) {
          throw new Waiting(
              "ContainerCreating",
              "persistentvolumeclaim \""
                  + v.getPersistentVolumeClaim().getClaimName()
                  + "\" not bound");
        }
      } else if (v.getConfigMap() != null) {
        ConfigMap cm =
            client.configMaps().inNamespace(ns).withName(v.getConfigMap().getName()).get();
        if (cm == null) {
          throw new Waiting(
              "ContainerCreating",
              "MountVolume.SetUp failed for volume \""
                  + m.getName()
                  + "\": configmap \""
                  + v.getConfigMap().getName()
                  + "\" not found");
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
}
