package dev.orbit.operator.backup;

import dev.orbit.operator.api.v1alpha1.OrbitClusterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the backup part into a freshly computed cluster status: the new outcome when there is one,
 * else what the previous status had (a reconcile that stopped early must not drop it).
 */
public final class BackupStatusMerge {
  private BackupStatusMerge() {}

  public static void apply(
      OrbitClusterStatus previous, OrbitClusterStatus status, ClusterBackups.Outcome outcome) {
    Condition prevVerified =
        previous == null
            ? null
            : previous.getConditions().stream()
                .filter(c -> ClusterBackups.BACKUP_VERIFIED.equals(c.getType()))
                .findFirst()
                .orElse(null);
    Condition verified =
        outcome != null && outcome.verified() != null ? outcome.verified() : prevVerified;
    status.setBackup(
        outcome != null ? outcome.status() : previous == null ? null : previous.getBackup());
    if (verified != null) {
      List<Condition> conditions = new ArrayList<>(status.getConditions());
      conditions.removeIf(c -> ClusterBackups.BACKUP_VERIFIED.equals(c.getType()));
      conditions.add(verified);
      status.setConditions(conditions);
    }
  }
}
