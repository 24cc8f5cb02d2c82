package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When the node acknowledges a write (the node's {@code storage.durability}). */
public enum Durability {
  @JsonProperty("sync")
  SYNC,
  @JsonProperty("group")
  GROUP,
  @JsonProperty("async")
  ASYNC;

  /** The value as written in the node config. */
  public String configValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
