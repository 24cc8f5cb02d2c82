package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How a new cluster's volumes are filled before its nodes serve. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BootstrapSpec extends ApiObject {
  @JsonPropertyDescription(
      "Restore a backup into every node's empty volumes (an init container runs orbit-node"
          + " restore) before the node starts.")
  public FromBackupSpec fromBackup;
}
