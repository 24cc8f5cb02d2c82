package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The PostgreSQL wire protocol (psql, pgjdbc). */
public class PostgresProtocolSpec extends ApiObject implements ProtocolSpec {
  @JsonPropertyDescription("Whether the nodes serve the postgres protocol.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription("Container and Service port of the postgres protocol.")
  @Default("5432")
  @Min(1)
  @Max(65535)
  private Integer port = 5432;

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
