package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Which cluster to back up, and where: the cluster's {@code spec.backup.target}, or {@code target}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "the spec of an OrbitBackup cannot change")
public class OrbitBackupSpec extends ApiObject {
  @JsonPropertyDescription("Name of the OrbitCluster (same namespace) to back up.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  public String cluster;

  @JsonPropertyDescription(
      "Where this backup goes instead of the cluster's spec.backup.target: another bucket or"
          + " prefix on the same S3 endpoint, reached with the same credentials Secret and"
          + " settings (the nodes hold only those), or the cluster's own backup volume. Anything"
          + " else ends the backup Failed with condition TargetAccepted=False. Retention and"
          + " verification leave such backups alone.")
  public BackupTargetSpec target;
}
