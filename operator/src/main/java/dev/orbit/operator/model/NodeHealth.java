package dev.orbit.operator.model;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which node pods are failing, and why, from what the kubelet reports: a container that cannot
 * start ({@code CrashLoopBackOff}, image or config errors), one that crashed within the bound and
 * is not ready again, or a pod not ready for longer than the bound. The message names the pod, its
 * restart count and the last error line of its last run.
 */
public final class NodeHealth {
  /** Waiting reasons of a container that will not start without a change. */
  static final Set<String> FAILING_WAITING =
      Set.of(
          "CrashLoopBackOff",
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  private static final Pattern ERROR_LINE =
      Pattern.compile("(?i)(error|exception|fatal|refus|cannot|failed|orbit-node:|invalid)");

  /** A failing pod: its name and what to tell the user. */
  public record Failing(String pod, String message) {}

  private NodeHealth() {}

  /** The failing pods, by ordinal; empty when none fails. */
  public static List<Failing> failing(Collection<Pod> pods, Instant now, Duration bound) {
    var out = new ArrayList<Failing>();
    pods.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparingInt(p -> Names.ordinalOf(p.getMetadata().getName())))
        .forEach(p -> why(p, now, bound).ifPresent(w -> out.add(new Failing(name(p), w))));
    return out;
  }

  /**
   * When a pod that is not ready yet would count as failing if it stays so; empty when no pod is on
   * its way there (the reconciler looks again then).
   */
  public static Optional<Instant> nextDeadline(Collection<Pod> pods, Instant now, Duration bound) {
    return pods.stream()
        .filter(p -> !ClusterStatusModel.podReady(p) && why(p, now, bound).isEmpty())
        .map(NodeHealth::notReadySince)
        .filter(t -> t != Instant.MAX)
        .map(t -> t.plus(bound))
        .filter(t -> t.isAfter(now))
        .min(Comparator.naturalOrder());
  }

  /** A Degraded problem for the failing pods, or null when none fails. */
  public static Problem problem(List<Failing> failing) {
    if (failing.isEmpty()) {
      return null;
    }
    return new Problem(
        Problem.NODE_FAILING, String.join("; ", failing.stream().map(Failing::message).toList()));
  }

  private static Optional<String> why(Pod p, Instant now, Duration bound) {
    if (ClusterStatusModel.podReady(p)) {
      return Optional.empty();
    }
    ContainerStatus cs = container(p);
    int restarts = cs == null || cs.getRestartCount() == null ? 0 : cs.getRestartCount();
    String head = "pod " + name(p) + " ";
    String tail = " (restarts: " + restarts + ")" + lastError(cs).map(e -> ": " + e).orElse("");
    if (cs != null && cs.getState() != null && cs.getState().getWaiting() != null) {
      var waiting = cs.getState().getWaiting();
      if (FAILING_WAITING.contains(waiting.getReason())) {
        String detail =
            waiting.getMessage() == null || lastError(cs).isPresent()
                ? ""
                : " " + waiting.getMessage();
        return Optional.of(head + "is " + waiting.getReason() + detail + tail);
      }
    }
    ContainerStateTerminated last = cs == null ? null : lastTerminated(cs);
    if (restarts > 0 && last != null && last.getFinishedAt() != null) {
      Instant crashed = parse(last.getFinishedAt());
      if (crashed != null && !crashed.plus(bound).isBefore(now)) {
        return Optional.of(head + "crashed (exit code " + last.getExitCode() + ")" + tail);
      }
    }
    Instant since = notReadySince(p);
    if (since != Instant.MAX && since.plus(bound).isBefore(now)) {
      return Optional.of(
          head + "has not been ready for " + Duration.between(since, now).toSeconds() + "s" + tail);
    }
    return Optional.empty();
  }

  /** The last line of the last run's output that reads like an error, else its last line. */
  static Optional<String> lastError(ContainerStatus cs) {
    ContainerStateTerminated t = cs == null ? null : lastTerminated(cs);
    if (t == null || t.getMessage() == null || t.getMessage().isBlank()) {
      return Optional.empty();
    }
    List<String> lines = t.getMessage().strip().lines().map(String::strip).toList();
    String pick = lines.get(lines.size() - 1);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (ERROR_LINE.matcher(lines.get(i)).find()) {
        pick = lines.get(i);
        break;
      }
    }
    return Optional.of(pick.length() > 300 ? pick.substring(0, 300) + "…" : pick);
  }

  private static ContainerStateTerminated lastTerminated(ContainerStatus cs) {
    if (cs.getState() != null && cs.getState().getTerminated() != null) {
      return cs.getState().getTerminated();
    }
    return cs.getLastState() == null ? null : cs.getLastState().getTerminated();
  }

  private static ContainerStatus container(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return p.getStatus().getContainerStatuses().stream()
        .filter(c -> PodTemplateModel.CONTAINER.equals(c.getName()))
        .findFirst()
        .orElse(p.getStatus().getContainerStatuses().stream().findFirst().orElse(null));
  }

  /** Since when the pod is not ready: its Ready condition's transition, else its start. */
  private static Instant notReadySince(Pod p) {
    if (p.getStatus() != null && p.getStatus().getConditions() != null) {
      for (PodCondition c : p.getStatus().getConditions()) {
        if ("Ready".equals(c.getType()) && c.getLastTransitionTime() != null) {
          Instant t = parse(c.getLastTransitionTime());
          if (t != null) {
            return t;
          }
        }
      }
    }
    Instant start = p.getStatus() == null ? null : parse(p.getStatus().getStartTime());
    if (start != null) {
      return start;
    }
    Instant created = parse(p.getMetadata().getCreationTimestamp());
    return created == null ? Instant.MAX : created; // nothing known: not failing (yet)
  }

  private static Instant parse(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String name(Pod p) {
    return p.getMetadata().getName();
  }
}
