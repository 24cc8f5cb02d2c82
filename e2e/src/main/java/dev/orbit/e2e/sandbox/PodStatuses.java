package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes pod status as the kubelet does: phase, pod IP, conditions (their transition times kept
 * while they hold), and the container's state, last state and restart count. Writes only when
 * something changed.
 */
final class PodStatuses {
  private static final Logger LOG = LoggerFactory.getLogger(PodStatuses.class);
  private static final List<String> CONDITIONS =
      List.of("PodScheduled", "Initialized", "ContainersReady", "Ready");

  private final KubernetesClient client;

  PodStatuses(KubernetesClient client) {
    this.client = client;
  }

  /** A pod whose container cannot start: Pending, waiting with a reason. */
  void waiting(Pod pod, Waiting why, String ip) {
    Container c = pod.getSpec().getContainers().get(0);
    var state =
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason(why.reason)
            .withMessage(why.getMessage())
            .endWaiting()
            .build();
    write(pod, "Pending", ip, false, status(c, state, null, false, false, 0), null, List.of());
  }

  /** A pod with a process: Running, or waiting in CrashLoopBackOff between runs. */
  void running(Pod pod, PodProcess proc) {
    boolean ready = proc.ready();
    proc.lastReady = ready;
    Container c = pod.getSpec().getContainers().get(0);
    ContainerState state;
    boolean shownRunning = proc.shownRunning();
    if (shownRunning) {
      state =
          new ContainerStateBuilder()
              .withNewRunning()
              .withStartedAt(time(proc.startedAt))
              .endRunning()
              .build();
    } else {
      state =
          new ContainerStateBuilder()
              .withNewWaiting()
              .withReason("CrashLoopBackOff")
              .withMessage(
                  "back-off "
                      + proc.backoffSeconds
                      + "s restarting failed container="
                      + c.getName()
                      + " pod="
                      + pod.getMetadata().getName())
              .endWaiting()
              .build();
    }
    ContainerState last = null;
    if (proc.last != null) {
      last =
          new ContainerStateBuilder()
              .withNewTerminated()
              .withExitCode(proc.last.exitCode())
              .withReason(proc.last.exitCode() == 0 ? "Completed" : "Error")
              .withMessage(proc.last.message())
              .withStartedAt(time(proc.last.startedAt()))
              .withFinishedAt(time(proc.last.finishedAt()))
              .endTerminated()
              .build();
    }
    var cs = status(c, state, last, ready, shownRunning, proc.restarts);
    write(pod, "Running", proc.ip, ready, cs, proc.startedAt, inits(pod, proc));
  }

  /** Each init container: terminated with the exit code of its last run, or waiting before. */
  private static List<io.fabric8.kubernetes.api.model.ContainerStatus> inits(
      Pod pod, PodProcess proc) {
    var out = new ArrayList<io.fabric8.kubernetes.api.model.ContainerStatus>();
    Integer exit = proc.initExit;
    for (Container init : pod.getSpec().getInitContainers()) {
      ContainerState state =
          exit == null
              ? new ContainerStateBuilder()
                  .withNewWaiting()
                  .withReason("PodInitializing")
                  .endWaiting()
                  .build()
              : new ContainerStateBuilder()
                  .withNewTerminated()
                  .withExitCode(exit)
                  .withReason(exit == 0 ? "Completed" : "Error")
                  .withMessage(exit == 0 || proc.last == null ? null : proc.last.message())
                  .endTerminated()
                  .build();
      out.add(status(init, state, null, Integer.valueOf(0).equals(exit), false, 0));
    }
    return out;
  }

  private static io.fabric8.kubernetes.api.model.ContainerStatus status(
      Container c,
      ContainerState state,
      ContainerState last,
      boolean ready,
      boolean started,
      int restarts) {
    return new ContainerStatusBuilder()
        .withName(c.getName())
        .withImage(c.getImage())
        .withImageID(c.getImage())
        .withReady(ready)
        .withStarted(started)
        .withRestartCount(restarts)
        .withState(state)
        .withLastState(last)
        .build();
  }

  private void write(
      Pod pod,
      String phase,
      String ip,
      boolean ready,
      io.fabric8.kubernetes.api.model.ContainerStatus container,
      Instant started,
      List<io.fabric8.kubernetes.api.model.ContainerStatus> inits) {
    PodStatus old = pod.getStatus();
    String now = time(Instant.now());
    var conditions = new ArrayList<PodCondition>();
    for (String type : CONDITIONS) {
      boolean v = type.equals("PodScheduled") || type.equals("Initialized") || ready;
      String status = v ? "True" : "False";
      String since =
          old == null
              ? now
              : old.getConditions().stream()
                  .filter(x -> type.equals(x.getType()) && status.equals(x.getStatus()))
                  .map(PodCondition::getLastTransitionTime)
                  .findFirst()
                  .orElse(now);
      conditions.add(
          new PodConditionBuilder()
              .withType(type)
              .withStatus(status)
              .withLastTransitionTime(since)
              .build());
    }
    String startTime =
        old != null && old.getStartTime() != null
            ? old.getStartTime()
            : started == null ? now : time(started);
    var b =
        new PodStatusBuilder()
            .withPhase(phase)
            .withHostIP("127.0.0.1")
            .withStartTime(startTime)
            .withConditions(conditions)
            .withContainerStatuses(container)
            .withInitContainerStatuses(inits);
    if (ip != null) {
      b.withPodIP(ip).withPodIPs(new PodIPBuilder().withIp(ip).build());
    }
    PodStatus status = b.build();
    if (status.equals(old)) {
      return;
    }
    pod.setStatus(status);
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.debug("pod {} status: {}", Kubelet.key(pod), e.getMessage()); // conflict: next pass
    }
  }

  private static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
