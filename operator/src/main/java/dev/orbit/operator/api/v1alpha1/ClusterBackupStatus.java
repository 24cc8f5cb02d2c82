package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the operator did about a cluster's backups: schedule slots, verification, bootstrap. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterBackupStatus extends ApiObject {
  @JsonPropertyDescription("The last schedule slot an OrbitBackup was made for (RFC 3339).")
  public String lastScheduleTime;

  @JsonPropertyDescription("The last verify schedule slot that ran (RFC 3339).")
  public String lastVerifyTime;

  @JsonPropertyDescription("The backup id the last verification checked.")
  public String lastVerifiedBackup;

  @JsonPropertyDescription("A verification in progress: <verification id>@<pod>.")
  public String verifying;

  @JsonPropertyDescription(
      "Restore of spec.bootstrap.fromBackup: the backup id being restored, Pending, Running,"
          + " Completed or Failed, and the last progress line of the restore.")
  public String restore;

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterBackupStatus s
        && Objects.equals(lastScheduleTime, s.lastScheduleTime)
        && Objects.equals(lastVerifyTime, s.lastVerifyTime)
        && Objects.equals(lastVerifiedBackup, s.lastVerifiedBackup)
        && Objects.equals(verifying, s.verifying)
        && Objects.equals(restore, s.restore);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lastScheduleTime, lastVerifyTime, lastVerifiedBackup, restore);
  }
}
