package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The backup a new cluster starts from: a Completed OrbitBackup, or a target and backup id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.backupName) != has(self.target)",
    message = "set backupName, or target (with an optional backupId), not both")
@ValidationRule(
    value = "(!has(self.backupId) && !has(self.cluster)) || has(self.target)",
    message = "backupId and cluster go with target")
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

  @JsonPropertyDescription("Id of the backup in target (its newest when omitted).")
  public String backupId;
}
