package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet: runs every pod as a local orbit-node process on an address of its own, with
 * the pod's config, its claims as folders of the state directory and the kubelet's environment;
 * restarts exited processes with a growing back-off ({@code CrashLoopBackOff}, the end of the last
 * run's output as {@code lastState.terminated.message}), stops the process of a deleted pod, and
 * writes pod status (readiness from the pod's readiness probe); kills (and so restarts) a process
 * whose startup or liveness probe failed {@code failureThreshold} times in a row.
 */
final class Kubelet {
  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);

  private final KubernetesClient client;
  private final PodLauncher launcher;
  private final PodStatuses statuses;
  private final Map<String, PodProcess> running = new ConcurrentHashMap<>();
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

  Kubelet(
      KubernetesClient client,
      Path stateDir,
      Path nodeJar,
      Addresses addresses,
      String apiServerUrl) {
    this.client = client;
    this.launcher = new PodLauncher(client, stateDir, nodeJar, addresses, apiServerUrl);
    this.statuses = new PodStatuses(client);
    launcher.stopLeftovers();
  }

  static String key(Pod p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  /** The process of a pod (namespace/name), or null. */
  PodProcess process(String podKey) {
    return running.get(podKey);
  }

  /**
   * First half of a pass: stops the processes of deleted (or re-created) pods and prepares the
   * processes of new pods, so their addresses exist before the DNS files are written.
   */
  void prepare(List<Pod> pods) {
    var wanted = new LinkedHashMap<String, Pod>();
    pods.forEach(p -> wanted.put(key(p), p));
    // stop first, so a re-created pod never runs beside its predecessor on the same folders
    for (var e : new ArrayList<>(running.entrySet())) {
      Pod p = wanted.get(e.getKey());
      if (p == null || !p.getMetadata().getUid().equals(e.getValue().uid)) {
        LOG.info("stopping pod {} pid={}", e.getKey(), e.getValue().pid());
        e.getValue().stop(Duration.ofSeconds(20));
        running.remove(e.getKey());
        launcher.forget(e.getValue().uid);
      }
    }
    waiting.keySet().retainAll(wanted.keySet());
    for (Pod p : wanted.values()) {
      if (running.containsKey(key(p))) {
        continue;
      }
      try {
        running.put(key(p), launcher.prepare(p));
        waiting.remove(key(p));
      } catch (Waiting w) {
        if (waiting.put(key(p), w) == null) {
          LOG.info("pod {} waiting: {} {}", key(p), w.reason, w.getMessage());
        }
      } catch (KubernetesClientException | IOException | UncheckedIOException e) {
        LOG.warn("pod {}: {}", key(p), e.getMessage());
      }
    }
  }

  /** Second half of a pass: starts and restarts processes and writes pod status. */
  void run(List<Pod> pods) {
    for (Pod p : pods) {
      try {
        PodProcess proc = running.get(key(p));
        if (proc != null && proc.uid.equals(p.getMetadata().getUid())) {
          sync(p, proc);
          statuses.running(p, proc);
        } else if (waiting.containsKey(key(p))) {
          statuses.waiting(p, waiting.get(key(p)), launcher.ip(p.getMetadata().getUid()));
        }
      } catch (KubernetesClientException | IOException | UncheckedIOException e) {
        LOG.warn("pod {}: {}", key(p), e.getMessage());
      }
    }
  }

  private void sync(Pod pod, PodProcess proc) throws IOException {
    if (proc.alive()) {
      String failed = proc.prober.check(proc.ip, Instant.now());
      if (failed != null) {
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        LOG.warn("pod {}: {}; killing pid {} to restart it", key(pod), failed, proc.pid());
        proc.kill(Duration.ofSeconds(grace == null ? 30 : grace));
      }
      return;
    }
    if (proc.startedAt != null && !proc.exitSeen) {
      var t = proc.recordExit();
      proc.backoffSeconds = Math.min(30, 2L << Math.min(proc.restarts, 4));
      proc.nextStart = Instant.now().plusSeconds(proc.backoffSeconds);
      LOG.warn(
          "pod {} exited with code {}; restart in {}s (log {})",
          key(pod),
          t.exitCode(),
          proc.backoffSeconds,
          proc.log);
    }
    if (Instant.now().isAfter(proc.nextStart)) {
      if (proc.startedAt != null) {
        proc.restarts++;
      }
      proc.start();
      LOG.info("started pod {} pid={} ip={}", key(pod), proc.pid(), proc.ip);
    }
  }

  /** Whether every process runs and answered ready at the last pass. */
  boolean allReady() {
    return waiting.isEmpty() && running.values().stream().allMatch(p -> p.lastReady);
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
