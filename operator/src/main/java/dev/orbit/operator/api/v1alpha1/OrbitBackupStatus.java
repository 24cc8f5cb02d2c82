package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of an {@link OrbitBackup}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OrbitBackupStatus extends ApiObject {
  @JsonPropertyDescription(
      "Pending, Running, Completed or Failed (Completed and Failed are final).")
  public BackupPhase phase;

  @JsonPropertyDescription("When the node started the backup (RFC 3339).")
  public String startedAt;

  @JsonPropertyDescription("When the backup completed or failed (RFC 3339).")
  public String completedAt;

  @JsonPropertyDescription("The backup's id in the target (its manifest is backups/<id>.json).")
  public String backupId;

  @JsonPropertyDescription("The target URI the node wrote to, e.g. s3://bucket/prefix/ns/cluster.")
  public String target;

  @JsonPropertyDescription(
      "The target as it was when the backup started (the cluster's spec.backup.target), so the"
          + " backup can be restored after the cluster is gone.")
  public BackupTargetSpec targetSpec;

  @JsonPropertyDescription("The pod that took the backup.")
  public String pod;

  @JsonPropertyDescription(
      "UID of that pod: a different pod of the same name means the node restarted mid-backup.")
  public String podUid;

  @JsonPropertyDescription("Bytes of all files the backup covers.")
  public Long bytesTotal;

  @JsonPropertyDescription("Bytes sent to the target (files already there are not sent again).")
  public Long bytesUploaded;

  @JsonPropertyDescription("Progress in percent (0-100).")
  public Integer progress;

  @JsonPropertyDescription("Total size of the completed backup in bytes.")
  public Long sizeBytes;

  @JsonPropertyDescription("Total size of the completed backup, e.g. 1.2Gi (printer column).")
  public String size;

  @JsonPropertyDescription("Protocols the backup includes.")
  public List<String> protocols = new ArrayList<>();

  @JsonPropertyDescription("Tiers the backup includes.")
  public List<String> tiers = new ArrayList<>();

  @JsonPropertyDescription(
      "When the backup's data was taken (RFC 3339): a restore to a point in time starts from the"
          + " newest backup taken at or before it.")
  public String snapshotAt;

  @JsonPropertyDescription(
      "Per protocol, the replicated log index the backup is consistent at (it holds every entry"
          + " up to it); archived log entries after it continue the backup.")
  public java.util.Map<String, Long> logIndex;

  @JsonPropertyDescription(
      "The replication member that took the backup (its node id) and its role then: 'follower'"
          + " when the cluster has one, so the backup does not load the leader.")
  public String member;

  @JsonPropertyDescription("Role of that member when it took the backup: follower or leader.")
  public String role;

  @JsonPropertyDescription(
      "UID of the cluster the backup belongs to (recorded in its manifest and in the target's"
          + " owner.json): restoring it into another cluster must name it.")
  public String clusterUid;

  @JsonPropertyDescription("Why the backup failed.")
  public String error;

  @JsonPropertyDescription(
      "Conditions: TargetAccepted (the target, the cluster's or spec.target, can be written by"
          + " the cluster's nodes).")
  public List<io.fabric8.kubernetes.api.model.Condition> conditions = new ArrayList<>();
}
