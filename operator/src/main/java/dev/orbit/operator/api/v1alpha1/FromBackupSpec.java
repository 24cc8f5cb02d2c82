package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The backup a new cluster starts from: a Completed OrbitBackup, or a target and backup id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.backupName) != has(self.target)",
    message = "set backupName, or target (with an optional backupId), not both")
@ValidationRule(
    value =
        "(!has(self.backupId) && !has(self.cluster) && !has(self.clusterUid)) || has(self.target)",
    message = "backupId, cluster and clusterUid go with target")
public class FromBackupSpec extends ApiObject {
  @JsonPropertyDescription("Name of a Completed OrbitBackup in the same namespace.")
  public String backupName;

  @JsonPropertyDescription(
      "A backup target, as in spec.backup.target: the backups of cluster 'cluster' of this"
          + " namespace under it are searched.")
  public BackupTargetSpec target;

  @JsonPropertyDescription(
      "With target: the cluster whose backups to restore (its folder in the target); this"
          + " cluster's own name when omitted.")
  public String cluster;

  @JsonPropertyDescription(
      "With target: the uid of the cluster whose backup to restore (metadata.uid of the source"
          + " OrbitCluster, or status.clusterUid of its OrbitBackups). A backup another cluster took"
          + " is restored only when named here; the restore's error names both uids. With"
          + " backupName, the OrbitBackup's status.clusterUid is used.")
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
  public String clusterUid;

  @JsonPropertyDescription("Id of the backup in target (its newest when omitted).")
  public String backupId;

  @JsonPropertyDescription(
      "Restore to this point in time (RFC 3339, e.g. 2026-11-29T21:30:00Z): the newest backup"
          + " taken at or before it, then the source cluster's archived log (spec.backup.archive)"
          + " up to the last entry appended at or before it. The restore fails, and the nodes do"
          + " not start, when the archive does not reach it. Without it, a restore given no"
          + " backupName or backupId also replays the whole archive (the newest point).")
  @Pattern(
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
  public String targetTime;
}
