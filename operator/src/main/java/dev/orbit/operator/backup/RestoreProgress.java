package dev.orbit.operator.backup;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.BackupPodModel;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bootstrap restore of a cluster as one status line, read from its pods' {@code restore} init
 * containers: Running (with the percentage the container last printed), Completed, or Failed with
 * the container's message, per pod.
 */
final class RestoreProgress {
  private static final Pattern PROGRESS = Pattern.compile("restore progress: (\\d+)%");

  private RestoreProgress() {}

  /** The last lines a pod's running restore container printed (null when they cannot be read). */
  interface Logs {
    String tail(Pod pod);
  }

  /** Whether {@code line} (from {@link #of}) says some pod is still restoring. */
  static boolean running(String line) {
    return line != null && line.contains("Running");
  }

  static String of(OrbitCluster c, Collection<Pod> pods, Logs logs) {
    if (c.getSpec().getBootstrap() == null || c.getSpec().getBootstrap().fromBackup == null) {
      return null;
    }
    var perPod = new TreeMap<String, String>();
    for (Pod p : pods) {
      String state = "Pending";
      if (p.getStatus() != null) {
        for (ContainerStatus cs : p.getStatus().getInitContainerStatuses()) {
          if (!BackupPodModel.RESTORE_CONTAINER.equals(cs.getName()) || cs.getState() == null) {
            continue;
          }
          if (cs.getState().getRunning() != null) {
            state = "Running" + percent(logs.tail(p));
          } else if (cs.getState().getTerminated() != null) {
            var t = cs.getState().getTerminated();
            state =
                t.getExitCode() == 0
                    ? "Completed"
                    : "Failed (exit " + t.getExitCode() + "): " + t.getMessage();
          }
        }
      }
      perPod.put(p.getMetadata().getName(), state);
    }
    if (!perPod.isEmpty() && perPod.values().stream().allMatch("Completed"::equals)) {
      return "Completed";
    }
    return perPod.isEmpty() ? "Pending" : perPod.toString();
  }

  /** " 45%" from the last progress line among {@code tail}; empty when there is none. */
  static String percent(String tail) {
    if (tail == null) {
      return "";
    }
    String pct = null;
    Matcher m = PROGRESS.matcher(tail);
    while (m.find()) {
      pct = m.group(1);
    }
    return pct == null ? "" : " " + pct + "%";
  }
}
