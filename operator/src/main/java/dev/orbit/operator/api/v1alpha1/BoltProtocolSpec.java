package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The Neo4j Bolt protocol (Cypher). */
@ValidationRule(
    value = Rules.NOT_ENABLED,
    message =
        "the bolt protocol is not available in this build of orbit-node (" + Rules.SERVED + ")")
public class BoltProtocolSpec extends ApiObject implements ProtocolSpec {
  @JsonPropertyDescription("Whether the nodes serve the bolt protocol.")
  @Default("false")
  private Boolean enabled = false;

  @JsonPropertyDescription("Container and Service port of the bolt protocol.")
  @Default("7687")
  @Min(1)
  @Max(65535)
  private Integer port = 7687;

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
