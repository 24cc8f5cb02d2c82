package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Observed state of one node pod. */
@com.fasterxml.jackson.annotation.JsonInclude(
    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public class NodeStatus extends ApiObject {
  @JsonPropertyDescription("Pod name.")
  private String name;

  @JsonPropertyDescription("Whether the pod is Ready.")
  private Boolean ready;

  @JsonPropertyDescription(
      "primary (the replication leader, behind <c>-rw) or replica (a follower, behind <c>-ro):"
          + " the pod's orbit.dev/role label.")
  private String role;

  @JsonPropertyDescription(
      "Whether every protocol store of the node leads its replication group or follows it within"
          + " replication.maxReadLag, as the node reports at /v1/status; absent when the node did"
          + " not answer.")
  private Boolean caughtUp;

  @JsonPropertyDescription(
      "How far the node is behind its leaders, in whole seconds: the largest lag of its stores"
          + " (0 on the leader); absent when the node did not answer or follows no leader yet.")
  private Integer lagSeconds;

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

  public Boolean getCaughtUp() {
    return caughtUp;
  }

  public void setCaughtUp(Boolean caughtUp) {
    this.caughtUp = caughtUp;
  }

  public Integer getLagSeconds() {
    return lagSeconds;
  }

  public void setLagSeconds(Integer lagSeconds) {
    this.lagSeconds = lagSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeStatus n
        && Objects.equals(name, n.name)
        && Objects.equals(ready, n.ready)
        && Objects.equals(role, n.role)
        && Objects.equals(caughtUp, n.caughtUp)
        && Objects.equals(lagSeconds, n.lagSeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, ready, role, caughtUp, lagSeconds);
  }
}
