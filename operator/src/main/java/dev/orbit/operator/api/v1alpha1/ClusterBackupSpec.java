package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A cluster's backups: target, schedule, retention and verification. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterBackupSpec extends ApiObject {
  @JsonPropertyDescription("Where the cluster's backups go (OrbitBackups may override it).")
  @Required
  public BackupTargetSpec target;

  @JsonPropertyDescription(
      "Cron schedule in UTC (5 fields, e.g. '0 3 * * *') of backups made as OrbitBackups owned by"
          + " the cluster. After operator downtime, a missed slot runs once, not once per slot.")
  public String schedule;

  @JsonPropertyDescription("Which completed backups to keep; older ones are deleted.")
  public RetentionSpec retention;

  @JsonPropertyDescription("Continuous archiving of the committed log (point-in-time recovery).")
  public ArchiveSpec archive;

  @JsonPropertyDescription("Regular verification of the newest backup.")
  public VerifySpec verify;
}
