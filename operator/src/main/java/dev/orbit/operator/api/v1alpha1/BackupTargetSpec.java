package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where backups go: an S3-compatible bucket or a volume; exactly one of the two. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.s3) != has(self.volume)",
    message = "set exactly one of s3 or volume")
public class BackupTargetSpec extends ApiObject {
  @JsonPropertyDescription("An S3 bucket (AWS or S3-compatible) and prefix.")
  public S3TargetSpec s3;

  @JsonPropertyDescription(
      "A PersistentVolumeClaim (ReadWriteMany when the cluster has several nodes) mounted into"
          + " every node at /var/lib/orbit-backup.")
  public VolumeTargetSpec volume;
}
