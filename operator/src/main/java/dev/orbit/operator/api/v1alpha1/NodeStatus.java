package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Observed state of one node pod. */
public class NodeStatus extends ApiObject {
  @JsonPropertyDescription("Pod name.")
  private String name;

  @JsonPropertyDescription("Whether the pod is Ready.")
  private Boolean ready;

  @JsonPropertyDescription(
      "primary (the replication leader, behind <c>-rw) or replica (a follower, behind <c>-ro):"
          + " the pod's orbit.dev/role label.")
  private String role;

  public NodeStatus() {}

  public NodeStatus(String name, boolean ready, String role) {
    this.name = name;
    this.ready = ready;
    this.role = role;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getReady() {
    return ready;
  }

  public void setReady(Boolean ready) {
    this.ready = ready;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeStatus n
        && Objects.equals(name, n.name)
        && Objects.equals(ready, n.ready)
        && Objects.equals(role, n.role);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, ready, role);
  }
}
