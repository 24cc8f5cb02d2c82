package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

  private final KubernetesClient client;
  private final PodLauncher launcher;
  private final Map<String, PodProcess> running = new ConcurrentHashMap<>();

  Kubelet(KubernetesClient client, Path stateDir, Path nodeJar) {
    this.client = client;
    this.launcher = new PodLauncher(client, stateDir, nodeJar);
    launcher.stopLeftovers();
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
      proc = launcher.prepare(pod);
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
            .withInitContainerStatuses(initStatuses(pod, proc))
            .build());
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.debug("pod {} status: {}", key(pod), e.getMessage()); // conflict: next tick
    }
  }

  /** Each init container terminated with the exit code of its last run (none ran: waiting). */
  private static List<io.fabric8.kubernetes.api.model.ContainerStatus> initStatuses(
      Pod pod, PodProcess proc) {
    var out = new ArrayList<io.fabric8.kubernetes.api.model.ContainerStatus>();
    for (Container init : pod.getSpec().getInitContainers()) {
      var b =
          new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
              .withName(init.getName())
              .withImage(init.getImage())
              .withReady(Integer.valueOf(0).equals(proc.initExit));
      if (proc.initExit == null) {
        b.withNewState().withNewWaiting().withReason("PodInitializing").endWaiting().endState();
      } else {
        b.withNewState()
            .withNewTerminated()
            .withExitCode(proc.initExit)
            .withReason(proc.initExit == 0 ? "Completed" : "Error")
            .withMessage(proc.initExit == 0 ? null : "see the pod log " + proc.log)
            .endTerminated()
            .endState();
      }
      out.add(b.build());
    }
    return out;
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
