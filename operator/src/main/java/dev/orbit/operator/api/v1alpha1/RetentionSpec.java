package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Which completed backups of a cluster to keep. A backup is deleted (its OrbitBackup and its files
 * in the target that no kept backup uses) when it is beyond keepLast or older than maxAge; the
 * newest completed backup is never deleted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.keepLast) || has(self.maxAge)",
    message = "retention needs keepLast, maxAge or both")
public class RetentionSpec extends ApiObject {
  @JsonPropertyDescription("Number of newest completed backups to keep.")
  @Min(1)
  public Integer keepLast;

  @JsonPropertyDescription("Completed backups older than this are deleted, e.g. 30d or 12h.")
  @Pattern("^([0-9]+(ms|s|m|h|d))+$")
  public String maxAge;
}
