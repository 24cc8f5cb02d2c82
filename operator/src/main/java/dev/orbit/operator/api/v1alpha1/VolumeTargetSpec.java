package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A PersistentVolumeClaim as a backup target; backups of cluster c in namespace n go to n/c/. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeTargetSpec extends ApiObject {
  @JsonPropertyDescription("Name of the PersistentVolumeClaim (same namespace); it must exist.")
  @Required
  public String claimName;
}
