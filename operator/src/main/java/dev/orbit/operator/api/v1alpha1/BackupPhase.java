package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an {@link OrbitBackup} is. Completed and Failed are final. */
public enum BackupPhase {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Running")
  RUNNING,
  @JsonProperty("Completed")
  COMPLETED,
  @JsonProperty("Failed")
  FAILED;

  public boolean done() {
    return this == COMPLETED || this == FAILED;
  }
}
