package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A roll of the node pods that is planned, held or under way: what restarts, in which order, why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PendingChanges extends ApiObject {
  @JsonPropertyDescription("Pods that will restart, in the order they restart (highest first).")
  private List<String> restarts = new ArrayList<>();

  @JsonPropertyDescription(
      "The changes behind the roll: node config keys and pod template fields, 'old -> new'.")
  private List<String> changes = new ArrayList<>();

  @JsonPropertyDescription("True while spec.rollout.paused holds the roll.")
  private Boolean held;

  public PendingChanges() {}

  public PendingChanges(List<String> restarts, List<String> changes, boolean held) {
    this.restarts = new ArrayList<>(restarts);
    this.changes = new ArrayList<>(changes);
    this.held = held;
  }

  public List<String> getRestarts() {
    return restarts;
  }

  public void setRestarts(List<String> restarts) {
    this.restarts = restarts;
  }

  public List<String> getChanges() {
    return changes;
  }

  public void setChanges(List<String> changes) {
    this.changes = changes;
  }

  public Boolean getHeld() {
    return held;
  }

  public void setHeld(Boolean held) {
    this.held = held;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PendingChanges p
        && Objects.equals(restarts, p.restarts)
        && Objects.equals(changes, p.changes)
        && Objects.equals(held, p.held);
  }

  @Override
  public int hashCode() {
    return Objects.hash(restarts, changes, held);
  }
}
