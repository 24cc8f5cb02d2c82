package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Block compression of a storage tier. */
public enum Compression {
  @JsonProperty("none")
  NONE,
  @JsonProperty("snappy")
  SNAPPY,
  @JsonProperty("lz4")
  LZ4,
  @JsonProperty("zstd")
  ZSTD;

  /** The value as written in the node config. */
  public String configValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
