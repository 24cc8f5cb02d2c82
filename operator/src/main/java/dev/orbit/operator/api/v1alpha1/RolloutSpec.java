package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** How changes that restart node pods are rolled out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec extends ApiObject {
  @JsonPropertyDescription(
      "Hold a roll: pods keep running on their revision while status.pendingChanges shows what"
          + " would restart, in which order and why; set back to false to let it run.")
  @Default("false")
  private Boolean paused = false;

  public Boolean getPaused() {
    return paused;
  }

  public void setPaused(Boolean paused) {
    this.paused = paused;
  }
}
