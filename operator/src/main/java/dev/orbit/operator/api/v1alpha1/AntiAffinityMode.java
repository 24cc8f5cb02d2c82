package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How strongly the nodes of one cluster avoid sharing a Kubernetes node. */
public enum AntiAffinityMode {
  @JsonProperty("preferred")
  PREFERRED,
  @JsonProperty("required")
  REQUIRED,
  @JsonProperty("none")
  NONE
}
