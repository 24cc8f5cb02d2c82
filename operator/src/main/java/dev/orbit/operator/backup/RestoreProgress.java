package dev.orbit.operator.backup;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.BackupPodModel;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.TreeMap;

/**
 * The bootstrap restore of a cluster as one status line, read from its pods' {@code restore} init
 * containers: Running, Completed, or Failed with the container's message, per pod.
 */
final class RestoreProgress {
  private RestoreProgress() {}

  static String of(OrbitCluster c, Collection<Pod> pods) {
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
            state = "Running";
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
}
