package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** One PersistentVolumeClaim per node: its size and storage class. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeSpec extends ApiObject {
  @JsonPropertyDescription("Requested size, e.g. 10Gi. May grow later; never shrink.")
  @Required
  @ValidationRule(
      value = Rules.SIZE,
      message = "size must be a positive quantity such as 512Mi, 10Gi or 1.5Ti")
  private Quantity size;

  @JsonPropertyDescription("StorageClass of the claim; the cluster default when omitted.")
  private String storageClassName;

  public VolumeSpec() {}

  public VolumeSpec(String size, String storageClassName) {
    this.size = new Quantity(size);
    this.storageClassName = storageClassName;
  }

  public Quantity getSize() {
    return size;
  }

  public void setSize(Quantity size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
