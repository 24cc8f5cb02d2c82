package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a pod into an orbit-node command line: the config map written to a folder, every path of
 * the node's config mapped onto the pod's volumes (claims are folders of the state directory), each
 * port on a free local port, {@code bindAddress=127.0.0.1}, and the container's environment with
 * secret references resolved.
 */
final class PodLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(PodLauncher.class);
  private static final String[] DIR_KEYS = {"walDir", "hotDir", "warmDir", "coldDir"};

  private final KubernetesClient client;
  private final Path stateDir;
  private final Path nodeJar;

  PodLauncher(KubernetesClient client, Path stateDir, Path nodeJar) {
    this.client = client;
    this.stateDir = stateDir;
    this.nodeJar = nodeJar;
  }

  private static String key(Pod p) {
    return Kubelet.key(p);
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

  /** The process of a pod, ready to start; null while its claims or config map are missing. */
  PodProcess prepare(Pod pod) throws IOException {
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
    var proc =
        new PodProcess(
            pod.getMetadata().getUid(),
            cmd,
            env(pod, c),
            podDir.resolve("node.log"),
            ports,
            names,
            admin);
    for (Container init : pod.getSpec().getInitContainers()) {
      Map<String, Path> initMounts = mounts(pod, init, podDir);
      if (initMounts == null) {
        return null;
      }
      proc.inits.add(Map.entry(initCommand(init, initMounts, podDir), env(pod, init)));
    }
    return proc;
  }

  /** An init container running orbit-node (e.g. restore) with its paths mapped like the node's. */
  private List<String> initCommand(Container c, Map<String, Path> mounts, Path podDir)
      throws IOException {
    var args = new ArrayList<String>();
    String configFile = null;
    for (int i = 0; i < c.getArgs().size(); i++) {
      String a = c.getArgs().get(i);
      boolean uri = a.startsWith("file://");
      String t =
          uri
              ? "file://" + translate(a.substring("file://".length()), mounts)
              : translate(a, mounts);
      args.add(t);
      if (i > 0 && c.getArgs().get(i - 1).equals("--config")) {
        configFile = t;
      }
    }
    JsonNode config =
        configFile == null ? Yaml.read("{}") : Yaml.read(Files.readString(Path.of(configFile)));
    var cmd = new ArrayList<String>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(podDir.resolve("tmp")));
    cmd.add("-jar");
    cmd.add(nodeJar.toString());
    cmd.addAll(args);
    cmd.add("--set");
    cmd.add("dataDir=" + translate(config.path("dataDir").asText("/var/lib/orbit"), mounts));
    for (String k : DIR_KEYS) {
      JsonNode v = config.path("storage").path(k);
      if (v.isTextual()) {
        cmd.add("--set");
        cmd.add("storage." + k + "=" + translate(v.asText(), mounts));
      }
    }
    return cmd;
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
}
