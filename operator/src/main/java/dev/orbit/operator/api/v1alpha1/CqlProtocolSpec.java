package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The Cassandra CQL native protocol. */
public class CqlProtocolSpec extends ApiObject implements ProtocolSpec {
  @JsonPropertyDescription("Whether the nodes serve the cql protocol.")
  @Default("false")
  private Boolean enabled = false;

  @JsonPropertyDescription("Container and Service port of the cql protocol.")
  @Default("9042")
  @Min(1)
  @Max(65535)
  private Integer port = 9042;

  @Override
  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }
}
